mlgate profile nope.csv
