/* escape: every escaping rule mlgate's outputs need, in one place.  Each
 * function appends the escaped form of `s` (n bytes, not necessarily
 * NUL-terminated, possibly invalid UTF-8) to `out`.  Invalid UTF-8 becomes
 * U+FFFD so that every report stays valid in its own format. */
#ifndef MLGATE_ESCAPE_H
#define MLGATE_ESCAPE_H

#include <stddef.h>

#include "common/util.h"

/* A JSON string literal, quotes included. */
void esc_json(struct sbuf *out, const char *s, size_t n);

/* Text for a terminal: control characters (which could move the cursor or
 * fake a line) shown as '?'; invalid UTF-8 as U+FFFD. */
void esc_terminal(struct sbuf *out, const char *s, size_t n);

/* XML 1.0 character data (`attr` = 0) or a double-quoted attribute value
 * (`attr` = 1): & < > " ' as entities; in attributes also TAB, LF and CR as
 * character references so they survive attribute-value normalisation.
 * Characters XML 1.0 forbids (C0 controls other than TAB/LF/CR, U+FFFE,
 * U+FFFF) and invalid UTF-8 become U+FFFD; DEL is kept out as well. */
void esc_xml(struct sbuf *out, const char *s, size_t n, int attr);

/* GitHub workflow commands (actions/toolkit command.ts): the message after
 * `::` escapes % CR LF as %25 %0D %0A; a property value (`prop` = 1)
 * additionally escapes : and , as %3A and %2C.  Other control characters
 * (which would colour or rewrite the log) become '?'. */
void esc_gh(struct sbuf *out, const char *s, size_t n, int prop);

/* Azure Pipelines logging commands (##vso[...], the agent's escaping):
 * the message escapes % CR LF as %AZP25 %0D %0A; a property value
 * (`prop` = 1) also ; and ] as %3B %5D.  Other controls become '?'. */
void esc_azure(struct sbuf *out, const char *s, size_t n, int prop);

/* An OpenMetrics label value (inside double quotes): \ " LF as \\ \" \n;
 * other controls become '?'. */
void esc_label(struct sbuf *out, const char *s, size_t n);

/* A TAP test-line description: \ and # backslash-escaped (# starts a
 * directive), CR and LF as spaces (one line), other controls '?'. */
void esc_tap(struct sbuf *out, const char *s, size_t n);

/* Markdown inline text that is also safe inside a GFM table cell: | and the
 * characters that start emphasis, code, links or strikethrough are
 * backslash-escaped, < > & become entities (no raw HTML, no forged
 * comment markers), @ is followed by a zero-width space (&#8203;, so that
 * "@user" or "@org/team" notifies nobody), a line break becomes <br>,
 * other controls U+FFFD. */
void esc_md(struct sbuf *out, const char *s, size_t n);

/* Text inside a double-quoted string of a Mermaid diagram (a chart title,
 * an axis label), which has no escapes: " and ` become ', # becomes U+FF03
 * (no "#name;" entity), the first of %% U+FF05 (no %%{ directive), < >
 * U+FF1C U+FF1E, controls (line breaks among them) a space, C1 and bidi
 * controls and invalid UTF-8 U+FFFD.  Never a newline, so the string stays
 * on its line of the diagram and inside its Markdown code fence. */
void esc_mermaid(struct sbuf *out, const char *s, size_t n);

/* A relative URI reference for a file path (SARIF artifactLocation.uri):
 * bytes outside RFC 3986 unreserved characters and '/' are %XX-encoded;
 * an absolute path becomes a file:// URI. */
void esc_uri_path(struct sbuf *out, const char *s, size_t n);

/* HTML text (`attr` = 0) or a double- or single-quoted attribute value
 * (`attr` = 1), also inside inline SVG: & < > " ' as entities; CR and CRLF
 * become LF, and in attributes TAB and LF become character references.
 * Code points that must not pass raw (C0 and C1 controls, DEL, bidi
 * embeddings, overrides and isolates, U+FFFE/U+FFFF) and invalid UTF-8
 * become U+FFFD. */
void esc_html(struct sbuf *out, const char *s, size_t n, int attr);

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid. */
size_t utf8_seq_len(const unsigned char *s, size_t n);

/* Whether the valid sequence at s (len bytes) is a character no output
 * shows raw: a C1 control (U+0080-U+009F, CSI U+009B among them) or a bidi
 * embedding, override or isolate (U+202A-U+202E, U+2066-U+2069), which
 * could drive a terminal or make text read differently from its bytes.
 * esc_terminal, esc_gh and esc_md replace them with U+FFFD; esc_json
 * writes \u escapes and esc_xml character references (lossless). */
int utf8_is_unsafe(const unsigned char *s, size_t len);

/* A YAML scalar that reads back as exactly `s` (libyaml; YAML 1.1 and the
 * 1.2 core schema; mlgate's own resolution of null, booleans, numbers):
 * plain when nothing in it could read as something else (letters, digits,
 * non-ASCII text, `_ . / + -` and inner spaces, not starting with a digit,
 * `+`, `-` or a `.` other than in `./` and `../`, and not a word YAML or mlgate resolves: null, true,
 * false, yes, no, on, off, y, n, inf, nan, infinity in any case);
 * otherwise double-quoted with \" \\ \n \t \xNN (other C0 and C1
 * controls, DEL) and \uNNNN (line and paragraph separators, bidi marks,
 * embeddings, overrides and isolates, U+FEFF, U+FFFE, U+FFFF).  With
 * `expand` (a policy value, where mlgate expands ${VAR}) every `${` is
 * written `$${`, which expansion turns back into `${`; keys are not
 * expanded, so pass 0 for them.  A YAML file is UTF-8: an invalid byte
 * cannot be written and becomes U+FFFD (check the input with
 * utf8_valid first when that matters). */
void esc_yaml(struct sbuf *out, const char *s, size_t n, int expand);

/* 1 when [s, s+n) is well-formed UTF-8 with no NUL byte. */
int utf8_valid(const char *s, size_t n);

/* `s` with every occurrence of a secret replaced by "***".  A secret is
 * found in any spelling an output may give it: ASCII case ignored, and
 * each byte also as a JSON \u00XX escape, %XX, a Markdown backslash escape
 * (`ghs\_...`) or mention guard (@&#8203;) or an HTML entity.  Empty and
 * NULL secrets are ignored; the longest match at a position wins. */
void esc_scrub(struct sbuf *out, const char *s, size_t n,
	       const char *const *secrets, size_t nsecrets);

#endif
