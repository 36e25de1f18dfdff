# Every statistic of the hand-sized pair; the expected lines are scipy's
# numbers from tests/fixtures/drift/expected.json (the generator), not
# mlgate's output: edges with numpy's _lerp (5.799999999999999), ties at
# edges binned side=left, KS exactly 1/7, a category seen only now.
mlgate drift "$FIXTURES/drift/small.ref.csv" "$FIXTURES/drift/small.cur.csv"
