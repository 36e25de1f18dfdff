#include "http.h"

#include <curl/curl.h>
#include <stdio.h>

const char *mlgate_http_version(void)
{
	static char buf[64];
	const curl_version_info_data *v = curl_version_info(CURLVERSION_NOW);

	snprintf(buf, sizeof(buf), "libcurl %s", v && v->version ? v->version : "?");
	return buf;
}
