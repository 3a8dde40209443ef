/* report_expose.h - exposure lists and change results as JSON and text. */
#ifndef WN_REPORT_EXPOSE_H
#define WN_REPORT_EXPOSE_H

#include "wslnet.h"

#include <cjson/cJSON.h>

/* Documents of kind "exposeList" and kind ("expose", "unexpose",
 * "exposeSync"): new cJSON documents the caller frees with cJSON_Delete;
 * NULL when out of memory. */
cJSON *wn_json_expose_list(const wslnet_expose_list *list);
cJSON *wn_json_expose_result(const char *kind, const wslnet_expose_result *result, int dry_run);

/* Text for people: malloc'd UTF-8 the caller frees; NULL when out of memory. */
char *wn_text_expose_list(const wslnet_expose_list *list);
char *wn_text_expose_result(const wslnet_expose_result *result, int dry_run);

#endif
