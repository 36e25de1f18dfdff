/* escape: every escaping rule mlgate's outputs need, in one place.  Each
 * function appends the escaped form of `s` (n bytes, not necessarily
 * NUL-terminated, possibly invalid UTF-8) to `out`.  Invalid UTF-8 becomes
 * U+FFFD so that every report stays valid in its own format. */
#ifndef MLGATE_ESCAPE_H
#define MLGATE_ESCAPE_H

#include <stddef.h>

#include "util.h"

/* A JSON string literal, quotes included. */
void esc_json(struct sbuf *out, const char *s, size_t n);

/* Text for a terminal: control characters (which could move the cursor or
 * fake a line) shown as '?'; invalid UTF-8 as U+FFFD. */
void esc_terminal(struct sbuf *out, const char *s, size_t n);

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid. */
size_t utf8_seq_len(const unsigned char *s, size_t n);

#endif
