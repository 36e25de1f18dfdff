/* fuzz target: the JSON Lines reader on text in memory, with the row
 * checks of fuzz/rows.h. */
#include "rows.h"

#include "data/jsonl.h"

static int read_jsonl(const uint8_t *data, size_t size, const struct csv_options *o,
		      csv_header_fn header_fn, csv_row_fn row_fn, void *ctx,
		      struct mg_error *err)
{
	return jsonl_read_buffer("fuzz.jsonl", (const char *)data, size, o, header_fn,
				 row_fn, ctx, NULL, err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_rows_check(read_jsonl, data, size);
	return 0;
}
