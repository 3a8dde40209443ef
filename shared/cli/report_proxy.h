/* report_proxy.h - port proxy lists and change results as JSON and text. */
#ifndef WN_REPORT_PROXY_H
#define WN_REPORT_PROXY_H

#include "wslnet.h"

#include <cjson/cJSON.h>

/* Documents of kind "proxyList" and kind (e.g. "proxyAdd"): new cJSON
 * documents the caller frees with cJSON_Delete; NULL when out of memory. */
cJSON *wn_json_proxy_list(const wslnet_proxy_list *list);
cJSON *wn_json_proxy_result(const char *kind, const wslnet_proxy_result *result, int dry_run);

/* Text for people: malloc'd UTF-8 the caller frees; NULL when out of memory. */
char *wn_text_proxy_list(const wslnet_proxy_list *list);
char *wn_text_proxy_result(const wslnet_proxy_result *result, int dry_run);

#endif
