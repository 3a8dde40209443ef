/* report.h - rendering results as JSON documents (cJSON) and as text for people. */
#ifndef WN_REPORT_H
#define WN_REPORT_H

#include "text.h"
#include "wslnet.h"

#include <cjson/cJSON.h>

#define WN_JSON_SCHEMA_VERSION 1

/* A new document {"schemaVersion": 1, "kind": kind} for a command's result;
 * the caller frees it with cJSON_Delete. NULL when out of memory. */
cJSON *wn_json_document(const char *kind);

/* Each wn_json_* returns a new document the caller frees with cJSON_Delete,
 * or NULL when out of memory. Every document has schemaVersion and kind. */
cJSON *wn_json_adapter_list(const char *pattern, const wslnet_adapter_list *list);
cJSON *wn_json_address(const wslnet_vm_address *addr);
cJSON *wn_json_mode(const wslnet_mode_info *mode);
cJSON *wn_json_version(void);
/* attempts: the address lookup's record, or NULL for other commands. */
cJSON *wn_json_error(const wslnet_error *err, const wslnet_vm_address *attempts);

/* Each wn_text_* returns a malloc'd UTF-8 string the caller frees, or NULL. */
char *wn_text_adapter_list(const wslnet_adapter_list *list);
char *wn_text_address(const wslnet_vm_address *addr);
char *wn_text_mode(const wslnet_mode_info *mode);
/* The attempts as indented lines ("  hns: unavailable: ..."), for error output. */
char *wn_text_attempts(const wslnet_vm_address *addr);

const char *wn_oper_status_name(wslnet_oper_status status);

#endif
