# Text and Markdown tables; --method narrows to one statistic.
mlgate drift "$FIXTURES/drift/small.ref.csv" "$FIXTURES/drift/small.cur.csv" --format text
mlgate drift "$FIXTURES/drift/small.ref.csv" "$FIXTURES/drift/small.cur.csv" --format markdown --method ks
mlgate drift "$FIXTURES/drift/degenerate.ref.csv" "$FIXTURES/drift/degenerate.cur.csv" --format text --columns gone,one
