/* latency_expect: judges one response of a probe against its `expect:`
 * (HTTP status, the value at a JSON Pointer, equals / contains) and quotes
 * a wrong answer for messages: bounded, control bytes escaped, the job's
 * credentials scrubbed.  Owns nothing between calls. */
#ifndef MLGATE_LATENCY_EXPECT_H
#define MLGATE_LATENCY_EXPECT_H

#include <stddef.h>

#include "model/latency_probe.h"

/* 0 when the body (len bytes) is what x expects, else -1 with why
 * ("wrong answer: ...") in buf. */
int lt_expect_check(const struct lt_expect *x, const char *body, size_t len,
		    char *why, size_t why_size);
/* `s` quoted for a message: at most LT_QUOTE_MAX bytes (then "..."),
 * bytes outside printable ASCII as \n, \r, \t or \xNN, credentials as ***. */
void lt_quote(const char *s, size_t n, char *buf, size_t size);

#endif
