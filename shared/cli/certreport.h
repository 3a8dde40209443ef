/* certreport.h - the certs commands' results as JSON documents and as text. */
#ifndef WN_CERTREPORT_H
#define WN_CERTREPORT_H

#include "wslnet.h"

#include <cjson/cJSON.h>

/* Where `certs export` wrote: WN_CERT_OUT_NONE (listing only), a bundle file,
 * a directory of .crt files, or stdout. */
typedef enum wn_cert_output { WN_CERT_OUT_NONE = 0, WN_CERT_OUT_BUNDLE, WN_CERT_OUT_DIR, WN_CERT_OUT_STDOUT } wn_cert_output;

/* kind "certsExport": the stores, the certificates, what was skipped and
 * where they went (path NULL for none/stdout). Caller frees; NULL when out of memory. */
cJSON *wn_json_certs_export(const wslnet_cert_list *list, wn_cert_output output, const char *path);

/* kind "certsInstall": the plan (wsl.exe, its arguments, the files) and, when
 * it ran, wsl.exe's exit code and output. Caller frees; NULL when out of memory. */
cJSON *wn_json_certs_install(const wslnet_cert_list *list, const wslnet_cert_install *install, int dry_run);

/* The summary a person reads after an export to a file or directory.
 * malloc'd (caller frees), NULL when out of memory. */
char *wn_text_certs_export(const wslnet_cert_list *list, wn_cert_output output, const char *path);

/* The install plan (dry run) or its outcome, for a person. malloc'd, NULL when out of memory. */
char *wn_text_certs_install(const wslnet_cert_list *list, const wslnet_cert_install *install, int dry_run);

#endif
