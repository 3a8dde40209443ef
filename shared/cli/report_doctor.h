/* report_doctor.h - the doctor's report as JSON and as text. */
#ifndef WN_REPORT_DOCTOR_H
#define WN_REPORT_DOCTOR_H

#include "wslnet.h"

#include <cjson/cJSON.h>

/* Document of kind "doctor": {"port", "verdict", "exitCode", "summary":
 * {"ok","warn","fail","skipped"}, "checks": [{"id","title","verdict",
 * "detail","hint","fix"}]}. New cJSON the caller frees; NULL when out of memory. */
cJSON *wn_json_doctor(const wslnet_doctor_report *report);

/* One line per check, "[ok  ] id: detail", with "       fix: command" (and
 * the hint) under each that is not ok, then a summary line. malloc'd UTF-8
 * the caller frees; NULL when out of memory. */
char *wn_text_doctor(const wslnet_doctor_report *report);

#endif
