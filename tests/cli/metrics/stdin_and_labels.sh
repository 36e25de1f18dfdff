# Predictions from stdin; "1" and "1.0" are one class; true/false labels take
# "true" as the positive label; JSON numbers for numeric labels.
printf 'y,p\n1.0,1\n0,0.0\n1,1\n0,1\n' | mlgate metrics - --label y --prediction p | grep -E '^  "(labels|positive|precision|n)"|^    [01],?$'
printf 'y,p\nfalse,false\ntrue,true\ntrue,false\n' | mlgate metrics - --label y --prediction p | grep -E '^  "(positive|recall)"'
# `--positive true` finds the label True when exactly one label matches ignoring case
printf 'y,p\nFalse,False\nTrue,True\nTrue,False\n' | mlgate metrics - --label y --prediction p --positive true | grep -E '^  "positive"'
