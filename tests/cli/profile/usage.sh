mlgate profile --format yaml d.csv
