/* metrics: a model's metrics file (JSON, or YAML as DVC writes it) and the
 * lookup of one metric by dot path (eval.f1, per_class.0.f1) or JSON Pointer
 * (/eval/f1, /a~1b).  A metric that is absent, null, a string, a boolean,
 * a container or not finite is an error that says which. */
#ifndef MLGATE_METRICS_H
#define MLGATE_METRICS_H

#include "ext/jsondoc.h"
#include "common/util.h"

#define METRICS_MAX_BYTES (64u << 20)

/* Load a metrics file ("-" = stdin).  YAML when the name ends in .yaml/.yml,
 * JSON otherwise.  NULL with err (exit code 3) on failure. */
struct jval *metrics_load(const char *path, struct mg_error *err);

/* The same for `len` bytes already in memory; `name` picks the format (by
 * its ending) and names the input in messages. */
struct jval *metrics_parse(const char *text, size_t len, const char *name,
			   struct mg_error *err);

/* Find `path` in `doc`.  Returns the node or NULL (absent); on NULL, `why`
 * (if not NULL) gets a description of where the path stopped. */
const struct jval *metrics_find(const struct jval *doc, const char *path,
				char *why, size_t why_size);

/* A finite number at `path`: 0 and *out, or -1 with `why` explaining
 * (absent / null / a string / NaN ...). */
int metrics_number(const struct jval *doc, const char *path, double *out,
		   char *why, size_t why_size);

#endif
