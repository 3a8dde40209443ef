/* wslcfg_report.h - the config commands' JSON documents and text. */
#ifndef WN_WSLCFG_REPORT_H
#define WN_WSLCFG_REPORT_H

#include "wslnet.h"

#include <cjson/cJSON.h>

/* Each returns a new document (caller cJSON_Deletes) or NULL when out of memory. */
cJSON *wn_json_config_value(const wslnet_config_file_info *file, const wslnet_config_value *value);
cJSON *wn_json_config_show(const wslnet_config_list *list);
cJSON *wn_json_config_change(const char *key, const char *value, const wslnet_config_change *change);
cJSON *wn_json_config_lint(const wslnet_config_lint_result *result);

/* Each returns malloc'd UTF-8 text (caller frees) or NULL when out of memory. */
char *wn_text_config_value(const wslnet_config_value *value);
char *wn_text_config_show(const wslnet_config_list *list);
char *wn_text_config_change(const char *key, const wslnet_config_change *change);
char *wn_text_config_lint(const wslnet_config_lint_result *result);

/* "default", "file", "invalid". */
const char *wn_config_origin_name(wslnet_config_origin origin);

#endif
