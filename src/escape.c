#include "escape.h"

#include <string.h>

size_t utf8_seq_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t len;
	unsigned cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, cp = c & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

void esc_json(struct sbuf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	sbuf_addc(out, '"');
	for (size_t i = 0; i < n;) {
		unsigned char c = p[i];
		size_t len;

		switch (c) {
		case '"': sbuf_adds(out, "\\\""); i++; continue;
		case '\\': sbuf_adds(out, "\\\\"); i++; continue;
		case '\n': sbuf_adds(out, "\\n"); i++; continue;
		case '\r': sbuf_adds(out, "\\r"); i++; continue;
		case '\t': sbuf_adds(out, "\\t"); i++; continue;
		default: break;
		}
		if (c < 0x20 || c == 0x7F) {
			sbuf_addf(out, "\\u%04x", c);
			i++;
			continue;
		}
		len = utf8_seq_len(p + i, n - i);
		if (len == 0) {
			sbuf_adds(out, "\\ufffd");
			i++;
			continue;
		}
		sbuf_add(out, p + i, len);
		i += len;
	}
	sbuf_addc(out, '"');
}

void esc_terminal(struct sbuf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		size_t len;

		if (p[i] < 0x20 || p[i] == 0x7F) {
			sbuf_addc(out, '?');
			i++;
			continue;
		}
		len = utf8_seq_len(p + i, n - i);
		if (len == 0) {
			sbuf_adds(out, "\xEF\xBF\xBD");
			i++;
			continue;
		}
		sbuf_add(out, p + i, len);
		i += len;
	}
}
