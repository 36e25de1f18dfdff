#include "common/escape.h"

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

/* The code point of a valid sequence of `len` bytes. */
static unsigned utf8_cp(const unsigned char *p, size_t len)
{
	static const unsigned char lead_mask[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
	unsigned cp = p[0] & lead_mask[len];

	for (size_t i = 1; i < len; i++)
		cp = (cp << 6) | (p[i] & 0x3F);
	return cp;
}

int utf8_is_unsafe(const unsigned char *p, size_t len)
{
	unsigned cp;

	if (len < 2 || len > 3)
		return 0;
	cp = utf8_cp(p, len);
	return (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

/* Copy the UTF-8 sequence at p, or `replacement` for an invalid byte, a C1
 * control or a bidi override.  Returns the number of input bytes consumed. */
static size_t copy_utf8(struct sbuf *out, const unsigned char *p, size_t n,
			const char *replacement)
{
	size_t len = utf8_seq_len(p, n);

	if (len == 0) {
		sbuf_adds(out, replacement);
		return 1;
	}
	if (utf8_is_unsafe(p, len))
		sbuf_adds(out, replacement);
	else
		sbuf_add(out, p, len);
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
		/* C1 and bidi controls as escapes: the same string for a JSON
		 * reader, no raw control for whoever cats the file */
		len = utf8_seq_len(p + i, n - i);
		if (len && utf8_is_unsafe(p + i, len)) {
			sbuf_addf(out, "\\u%04x", utf8_cp(p + i, len));
			i += len;
			continue;
		}
		i += copy_utf8(out, p + i, n - i, "\\ufffd");
	}
	sbuf_addc(out, '"');
}

void esc_terminal(struct sbuf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {

		if (p[i] < 0x20 || p[i] == 0x7F) {
			sbuf_addc(out, '?');
			i++;
			continue;
		}
		i += copy_utf8(out, p + i, n - i, "\xEF\xBF\xBD");
	}
}

#define REPLACEMENT "\xEF\xBF\xBD"
/* @ then a zero-width space: GitHub and GitLab see no mention */
#define MD_AT "@&#8203;"

/* U+FFFE and U+FFFF are valid UTF-8 but not XML 1.0 characters. */
static int is_xml_nonchar(const unsigned char *p, size_t len)
{
	return len == 3 && p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF);
}

/* XML and HTML share one escaper: & < > " ' as entities, C0 controls and
 * DEL (not allowed in XML 1.0, invisible in a page), U+FFFE/U+FFFF and
 * invalid UTF-8 as U+FFFD.  They differ in three places: HTML spells the
 * apostrophe &#39; (HTML 4 has no &apos;), reads CR and CRLF as LF (so CR
 * goes), and replaces C1 controls and bidi overrides, which a page would
 * obey, where XML keeps them as character references (lossless for the
 * tools that read JUnit). */
static void esc_markup(struct sbuf *out, const char *s, size_t n, int attr,
		       int html)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		unsigned char c = p[i];
		size_t len;

		switch (c) {
		case '&': sbuf_adds(out, "&amp;"); i++; continue;
		case '<': sbuf_adds(out, "&lt;"); i++; continue;
		case '>': sbuf_adds(out, "&gt;"); i++; continue;
		case '"': sbuf_adds(out, "&quot;"); i++; continue;
		case '\'': sbuf_adds(out, html ? "&#39;" : "&apos;"); i++; continue;
		case '\r':
			if (html) {
				if (i + 1 < n && p[i + 1] == '\n')
					i++;
				c = '\n';
			}
			/* fall through */
		case '\t': case '\n':
			if (attr)
				sbuf_addf(out, "&#%d;", c);
			else if (c == '\r')
				sbuf_adds(out, "&#13;"); /* a raw CR would be read as LF */
			else
				sbuf_addc(out, (char)c);
			i++;
			continue;
		default: break;
		}
		if (c < 0x20 || c == 0x7F) {
			sbuf_adds(out, REPLACEMENT);
			i++;
			continue;
		}
		len = utf8_seq_len(p + i, n - i);
		if (len && utf8_is_unsafe(p + i, len) && !html) {
			sbuf_addf(out, "&#x%X;", utf8_cp(p + i, len));
			i += len;
			continue;
		}
		if (len == 0 || is_xml_nonchar(p + i, len) || utf8_is_unsafe(p + i, len)) {
			sbuf_adds(out, REPLACEMENT);
			i += len ? len : 1;
			continue;
		}
		sbuf_add(out, p + i, len);
		i += len;
	}
}

void esc_xml(struct sbuf *out, const char *s, size_t n, int attr)
{
	esc_markup(out, s, n, attr, 0);
}

void esc_gh(struct sbuf *out, const char *s, size_t n, int prop)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		unsigned char c = p[i];

		if (c == '%' || c == '\r' || c == '\n' || (prop && (c == ':' || c == ','))) {
			sbuf_addf(out, "%%%02X", c);
			i++;
			continue;
		}
		if (c < 0x20 || c == 0x7F) {
			sbuf_addc(out, '?');
			i++;
			continue;
		}
		i += copy_utf8(out, p + i, n - i, REPLACEMENT);
	}
}

void esc_azure(struct sbuf *out, const char *s, size_t n, int prop)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		unsigned char c = p[i];

		if (c == '%') {
			sbuf_adds(out, "%AZP25");
			i++;
		} else if (c == '\r' || c == '\n' || (prop && (c == ';' || c == ']'))) {
			sbuf_addf(out, "%%%02X", c);
			i++;
		} else if (c < 0x20 || c == 0x7F) {
			sbuf_addc(out, '?');
			i++;
		} else {
			i += copy_utf8(out, p + i, n - i, REPLACEMENT);
		}
	}
}

/* Backslash before each byte of `quoted`; LF and CR as `lf` and `cr`;
 * other controls '?'. */
static void esc_backslashed(struct sbuf *out, const char *s, size_t n,
			    const char *quoted, const char *lf, const char *cr)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		unsigned char c = p[i];

		if (c && strchr(quoted, c)) {
			sbuf_addc(out, '\\');
			sbuf_addc(out, (char)c);
			i++;
		} else if (c == '\n' || c == '\r') {
			sbuf_adds(out, c == '\n' ? lf : cr);
			i++;
		} else if (c < 0x20 || c == 0x7F) {
			sbuf_addc(out, '?');
			i++;
		} else {
			i += copy_utf8(out, p + i, n - i, REPLACEMENT);
		}
	}
}

void esc_label(struct sbuf *out, const char *s, size_t n)
{
	esc_backslashed(out, s, n, "\\\"", "\\n", "?");
}

void esc_tap(struct sbuf *out, const char *s, size_t n)
{
	esc_backslashed(out, s, n, "\\#", " ", " ");
}

void esc_md(struct sbuf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		unsigned char c = p[i];

		switch (c) {
		case '<': sbuf_adds(out, "&lt;"); i++; continue;
		case '>': sbuf_adds(out, "&gt;"); i++; continue;
		case '&': sbuf_adds(out, "&amp;"); i++; continue;
		case '\\': case '`': case '*': case '_': case '[': case ']':
		case '|': case '~':
			sbuf_addc(out, '\\');
			sbuf_addc(out, (char)c);
			i++;
			continue;
		case '\r':
			if (i + 1 < n && p[i + 1] == '\n')
				i++;
			/* fall through */
		case '\n':
			sbuf_adds(out, "<br>");
			i++;
			continue;
		case '\t':
			sbuf_addc(out, ' ');
			i++;
			continue;
		case '@':
			sbuf_adds(out, MD_AT);
			i++;
			continue;
		default: break;
		}
		if (c < 0x20 || c == 0x7F) {
			sbuf_adds(out, REPLACEMENT);
			i++;
			continue;
		}
		i += copy_utf8(out, p + i, n - i, REPLACEMENT);
	}
}

void esc_mermaid(struct sbuf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		unsigned char c = p[i];

		switch (c) {
		/* no escape inside a quoted string; `" opens a Markdown one */
		case '"': case '`': sbuf_addc(out, '\''); i++; continue;
		/* #name; is an entity to Mermaid, %%{ a directive anywhere */
		case '#': sbuf_adds(out, "\uFF03"); i++; continue;
		case '%':
			sbuf_adds(out, i + 1 < n && p[i + 1] == '%' ? "\uFF05" : "%");
			i++;
			continue;
		case '<': sbuf_adds(out, "\uFF1C"); i++; continue;
		case '>': sbuf_adds(out, "\uFF1E"); i++; continue;
		default: break;
		}
		if (c < 0x20 || c == 0x7F) {
			sbuf_addc(out, ' ');
			i++;
			continue;
		}
		i += copy_utf8(out, p + i, n - i, REPLACEMENT);
	}
}

void esc_uri_path(struct sbuf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	if (n > 0 && p[0] == '/')
		sbuf_adds(out, "file://");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
		    c == '~' || c == '/')
			sbuf_addc(out, (char)c);
		else
			sbuf_addf(out, "%%%02X", c);
	}
}

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (unsigned char)(c | 0x20);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static unsigned char lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c | 0x20) : c;
}

/* How many bytes of p (n available) spell the secret's byte c in one of
 * the forms an output may give it: a JSON \u00XX escape, %XX, a Markdown
 * backslash escape or mention guard (@&#8203;), an HTML/XML entity, or c
 * itself (ASCII case ignored).  0 when none. */
static size_t spelled(const unsigned char *p, size_t n, unsigned char c)
{
	static const struct { char c; const char *ent; } ents[] = {
		{'<', "&lt;"}, {'>', "&gt;"}, {'&', "&amp;"}, {'"', "&quot;"},
		{'\'', "&apos;"},
	};

	if (n >= 6 && p[0] == '\\' && lower(p[1]) == 'u' && p[2] == '0' && p[3] == '0' &&
	    hexval(p[4]) >= 0 && hexval(p[5]) >= 0 &&
	    lower((unsigned char)(hexval(p[4]) * 16 + hexval(p[5]))) == lower(c))
		return 6;
	if (n >= 3 && p[0] == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0 &&
	    lower((unsigned char)(hexval(p[1]) * 16 + hexval(p[2]))) == lower(c))
		return 3;
	if (n >= 2 && p[0] == '\\' && p[1] == c && c != 'u')
		return 2;
	if (c == '@' && n >= strlen(MD_AT) && memcmp(p, MD_AT, strlen(MD_AT)) == 0)
		return strlen(MD_AT);
	for (size_t i = 0; i < sizeof(ents) / sizeof(ents[0]); i++) {
		size_t k = strlen(ents[i].ent);
		if (c == (unsigned char)ents[i].c && n >= k && memcmp(p, ents[i].ent, k) == 0)
			return k;
	}
	return n >= 1 && lower(p[0]) == lower(c) ? 1 : 0;
}

/* Bytes of p that spell the whole secret, or 0. */
static size_t secret_at(const unsigned char *p, size_t n, const char *secret)
{
	size_t used = 0;

	for (const unsigned char *q = (const unsigned char *)secret; *q; q++) {
		size_t k = spelled(p + used, n - used, *q);
		if (!k)
			return 0;
		used += k;
	}
	return used;
}

void esc_scrub(struct sbuf *out, const char *s, size_t n,
	       const char *const *secrets, size_t nsecrets)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		size_t best = 0;
		/* the longest match here, so that a secret which contains
		 * another is hidden whole */
		for (size_t k = 0; k < nsecrets; k++) {
			size_t m = secrets[k] && *secrets[k] ? secret_at(p + i, n - i, secrets[k]) : 0;
			if (m > best)
				best = m;
		}
		if (best) {
			sbuf_adds(out, "***");
			i += best;
		} else {
			sbuf_addc(out, (char)p[i++]);
		}
	}
}

void esc_html(struct sbuf *out, const char *s, size_t n, int attr)
{
	esc_markup(out, s, n, attr, 1);
}

int utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		size_t len = utf8_seq_len(p + i, n - i);
		if (len == 0 || p[i] == 0)
			return 0;
		i += len;
	}
	return 1;
}

/* Code points a YAML scalar writes as an escape even inside quotes: what
 * libyaml refuses raw (C0 but TAB and LF, DEL, C1 but NEL, U+FFFE/U+FFFF)
 * and what would make the file read differently from its bytes (NEL, the
 * line and paragraph separators, bidi marks and controls, a BOM). */
static int yaml_needs_escape(unsigned cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x200E ||
	       cp == 0x200F || (cp >= 0x2028 && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF || cp == 0xFFFE ||
	       cp == 0xFFFF;
}

static int yaml_plain_ok(const unsigned char *p, size_t n)
{
	static const char *const words[] = {
		"null", "true", "false", "yes", "no", "on", "off", "y", "n",
		"inf", "nan", "infinity", NULL,
	};
	unsigned char c0;

	if (n == 0)
		return 0;
	c0 = p[0];
	/* a leading '.' only as in a relative path (../x, ./x): .5, .inf
	 * and .nan are numbers */
	if (c0 == ' ' || (c0 >= '0' && c0 <= '9') || c0 == '+' || c0 == '-' ||
	    (c0 == '.' && (n < 2 || (p[1] != '.' && p[1] != '/'))) ||
	    p[n - 1] == ' ')
		return 0;
	for (size_t i = 0; i < n;) {
		unsigned char c = p[i];
		size_t len;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '/' ||
		    c == '+' || c == '-' || c == ' ') {
			i++;
			continue;
		}
		len = utf8_seq_len(p + i, n - i);
		if (c < 0x80 || len == 0 || utf8_cp(p + i, len) <= 0xA0 ||
		    yaml_needs_escape(utf8_cp(p + i, len)))
			return 0;
		i += len;
	}
	for (size_t i = 0; words[i]; i++) {
		size_t k = 0;
		if (strlen(words[i]) != n)
			continue;
		while (k < n && lower(p[k]) == (unsigned char)words[i][k])
			k++;
		if (k == n)
			return 0;
	}
	return 1;
}

void esc_yaml(struct sbuf *out, const char *s, size_t n, int expand)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s;

	if (yaml_plain_ok(p, n)) {
		sbuf_add(out, s, n);
		return;
	}
	sbuf_addc(out, '"');
	for (size_t i = 0; i < n;) {
		unsigned char c = p[i];
		size_t len = utf8_seq_len(p + i, n - i);
		unsigned cp;

		if (len == 0) {
			sbuf_adds(out, "\xEF\xBF\xBD");
			i++;
			continue;
		}
		cp = utf8_cp(p + i, len);
		if (c == '"' || c == '\\') {
			sbuf_addc(out, '\\');
			sbuf_addc(out, (char)c);
		} else if (c == '\n') {
			sbuf_adds(out, "\\n");
		} else if (c == '\t') {
			sbuf_adds(out, "\\t");
		} else if (expand && c == '$' && i + 1 < n && p[i + 1] == '{') {
			sbuf_adds(out, "$$");
		} else if (yaml_needs_escape(cp) && cp <= 0xFF) {
			sbuf_addf(out, "\\x%c%c", hex[cp >> 4], hex[cp & 15]);
		} else if (yaml_needs_escape(cp)) {
			sbuf_addf(out, "\\u%c%c%c%c", hex[cp >> 12], hex[(cp >> 8) & 15],
				  hex[(cp >> 4) & 15], hex[cp & 15]);
		} else {
			sbuf_add(out, p + i, len);
		}
		i += len;
	}
	sbuf_addc(out, '"');
}
