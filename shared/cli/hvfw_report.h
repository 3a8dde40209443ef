/* hvfw_report.h - the Hyper-V firewall's results as JSON documents and text. */
#ifndef WN_HVFW_REPORT_H
#define WN_HVFW_REPORT_H

#include "wslnet.h"

#include <cjson/cJSON.h>

/* Each wn_json_hvfw_* returns a new document (wn_json_document) the caller
 * frees with cJSON_Delete, or NULL when out of memory. */

/* kind "firewallSettings". */
cJSON *wn_json_hvfw_settings(const wslnet_hvfw_settings_info *info);
/* kind "firewallSettingsChange"; dry_run says whether it was only planned. */
cJSON *wn_json_hvfw_settings_result(const wslnet_hvfw_settings_result *result, int dry_run);
/* kind "firewallRuleList". */
cJSON *wn_json_hvfw_rule_list(const wslnet_hvfw_rule_list *list);
/* kind "firewallRuleChange". */
cJSON *wn_json_hvfw_rule_result(const wslnet_hvfw_rule_result *result, int dry_run);

/* Each wn_text_hvfw_* returns malloc'd UTF-8 text the caller frees, or NULL. */
char *wn_text_hvfw_settings(const wslnet_hvfw_settings_info *info);
char *wn_text_hvfw_settings_result(const wslnet_hvfw_settings_result *result, int dry_run);
char *wn_text_hvfw_rule_list(const wslnet_hvfw_rule_list *list);
char *wn_text_hvfw_rule_result(const wslnet_hvfw_rule_result *result, int dry_run);

/* A one-line warning about the capability ("" when none) into buf: V1
 * (WSL does not use it: it needs version 2) or disabled by the registry switch. */
void wn_hvfw_capability_warning(const wslnet_hvfw_capability *cap, char *buf, size_t size);

#endif
