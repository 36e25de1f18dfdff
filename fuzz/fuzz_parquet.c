/* fuzz target: the whole Parquet reader (footer, schema, pages, codecs,
 * encodings) on an in-memory file, with the row checks of fuzz/rows.h. */
#include "rows.h"

#include "data/parquet.h"

static int read_parquet(const uint8_t *data, size_t size, const struct csv_options *o,
			csv_header_fn header_fn, csv_row_fn row_fn, void *ctx,
			struct mg_error *err)
{
	return parquet_read_buffer("fuzz.parquet", data, size, o, header_fn, row_fn,
				   ctx, NULL, err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_rows_check(read_parquet, data, size);
	return 0;
}
