mlgate --help && mlgate help check | grep -q -- '--warn-exit-code N'
