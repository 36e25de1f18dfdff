/* http: the HTTP client (libcurl; the only module that sees <curl/curl.h>). */
#ifndef MLGATE_HTTP_H
#define MLGATE_HTTP_H

/* "libcurl X.Y.Z" of the library loaded at run time. */
const char *mlgate_http_version(void);

#endif
