/* report_policy.h - the policy commands' results as JSON documents and as
 * text. The JSON shape is a contract with the PowerShell cmdlets
 * (docs/cli.md, "policy"): change it only with them. */
#ifndef WN_REPORT_POLICY_H
#define WN_REPORT_POLICY_H

#include "wslnet.h"

#include <cjson/cJSON.h>

/*
 * plan / check / apply (kind policyPlan, policyCheck, policyApply):
 * {"policyFile": path|null, "source": "argument"|"groupPolicy", "compliant",
 * "changeCount", "changes": [{"area", "item", "change", "user": name|null,
 * "what"}]}, and for apply "applied" and "failed": [{"area", "item",
 * "error"}] ("applied" 0 for a dry run). New document or NULL (out of memory).
 */
cJSON *wn_json_policy_result(const char *kind, const wslnet_policy_result *r, int apply);

/* validate (kind policyValidate): {"valid", "errors": [{"path", "message"}]},
 * plus "policyFile" and "source". r may be NULL (nothing read): valid false. */
cJSON *wn_json_policy_validate(const wslnet_policy_result *r);

/* The result for people: one line per change ("  add  portProxies
 * v4tov4 0.0.0.0:8080: create ..."), a summary line. malloc'd or NULL. */
char *wn_text_policy_result(const char *command, const wslnet_policy_result *r, int apply);

/* Every problem as "PATH: message" lines, then the verdict. malloc'd or NULL. */
char *wn_text_policy_validate(const wslnet_policy_result *r);

#endif
