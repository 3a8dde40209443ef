/* report_subnet.h - the subnet commands' results as JSON documents and as text. */
#ifndef WN_REPORT_SUBNET_H
#define WN_REPORT_SUBNET_H

#include "wslnet.h"

#include <cjson/cJSON.h>

/* Each returns a new document (kind subnetShow / subnetSuggest / subnetSet)
 * the caller frees with cJSON_Delete, or NULL when out of memory. */
cJSON *wn_json_subnet_show(const wslnet_subnet_info *info);
cJSON *wn_json_subnet_suggest(const wslnet_subnet_suggestion *s);
cJSON *wn_json_subnet_set(const wslnet_subnet_set_result *r);

/* Each returns malloc'd UTF-8 text the caller frees, or NULL. */
char *wn_text_subnet_show(const wslnet_subnet_info *info);
char *wn_text_subnet_suggest(const wslnet_subnet_suggestion *s);
char *wn_text_subnet_set(const wslnet_subnet_set_result *r);

#endif
