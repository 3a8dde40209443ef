/*
 * certplan.h - which certificates to export and how they reach a distro:
 * store names, time validity, filters, de-duplication by thumbprint, the PEM
 * bundle, and the plan of `certs install` (wsl.exe's arguments and the data
 * fed to its stdin). Portable: win/lib reads the stores, this decides.
 */
#ifndef WN_CERTPLAN_H
#define WN_CERTPLAN_H

#include "pem.h"
#include "status.h" /* wslnet.h, WN_MUST_CHECK */

#include <stddef.h>
#include <stdint.h>

/*
 * Parses a store list ("machine,user,enterprise,policy,ca", also "all" and
 * "default"), adding to *bits. Returns 0 for an empty item or an unknown name.
 */
int wn_cert_stores_parse(const char *text, unsigned *bits);

/* The CLI name of one store bit ("machine", "user", "enterprise", "policy",
 * "ca", "disallowed"), "unknown" otherwise. */
const char *wn_cert_store_name(unsigned bit);

typedef enum wn_cert_time {
    WN_CERT_TIME_VALID = 0,
    WN_CERT_TIME_EXPIRED,        /* now is after notAfter */
    WN_CERT_TIME_NOT_YET_VALID   /* now is before notBefore */
} wn_cert_time;

/* Validity at now (seconds since 1970 UTC), bounds inclusive as Windows has them. */
wn_cert_time wn_cert_time_check(int64_t not_before, int64_t not_after, int64_t now);

/* A query, checked: thumbprints in canonical form. */
typedef struct wn_cert_filter {
    const char *const *subjects;
    size_t subject_count;
    char (*thumbprints)[WN_THUMBPRINT_TEXT];  /* malloc'd; wn_cert_filter_free */
    size_t thumbprint_count;
    char (*distrusted)[WN_THUMBPRINT_TEXT];   /* from the Disallowed stores; malloc'd */
    size_t distrusted_count;
} wn_cert_filter;

/* Checks query's thumbprints into f (subjects are borrowed, so query's strings
 * must outlive f). WSLNET_E_INVALID_INPUT names the first bad thumbprint. */
WN_MUST_CHECK
wslnet_status wn_cert_filter_init(wn_cert_filter *f, const wslnet_cert_query *query, wslnet_error *err);
void wn_cert_filter_free(wn_cert_filter *f);

/* Adds a thumbprint Windows distrusts (found in a Disallowed store) to f:
 * such a certificate is skipped wherever it is found. */
WN_MUST_CHECK
wslnet_status wn_cert_filter_distrust(wn_cert_filter *f, const char *thumbprint, wslnet_error *err);

/* 1 when cert passes f: its subject contains one of the subjects
 * (ASCII case-insensitive) if any are given, and its thumbprint is one of the
 * thumbprints if any are given. */
int wn_cert_filter_match(const wn_cert_filter *f, const wslnet_cert *cert);

typedef enum wn_cert_verdict {
    WN_CERT_KEPT = 0,
    WN_CERT_SKIP_EXPIRED,
    WN_CERT_SKIP_NOT_YET_VALID,
    WN_CERT_SKIP_FILTERED,
    WN_CERT_SKIP_DISALLOWED,
    WN_CERT_SKIP_DUPLICATE
} wn_cert_verdict;

/*
 * Offers one certificate read from a store to list. In this order: one that
 * does not match f is counted as filtered, then one f distrusts as
 * disallowed, then one expired or not yet valid
 * (each skipped certificate counted once, whatever the number of stores holding
 * it), then one already kept (same thumbprint: its store bit is added to the
 * kept one's `stores`) counted as a duplicate; otherwise cert is appended with
 * its file_name set. list takes cert->der in every case (kept, or freed).
 * WSLNET_E_NO_MEMORY leaves list's items as they were.
 */
WN_MUST_CHECK
wslnet_status wn_cert_list_offer(wslnet_cert_list *list, const wn_cert_filter *f, wslnet_cert *cert,
                                 wn_cert_verdict *verdict, wslnet_error *err);

/* Frees the items of a list built by wn_cert_list_offer (not list itself). */
void wn_cert_list_clear(wslnet_cert_list *list);

/* The PEM bundle of every certificate of list, in order. malloc'd (caller
 * frees); NULL when out of memory. An empty list gives "". */
char *wn_cert_bundle(const wslnet_cert_list *list);

/* 1 when name is a WSL distribution name wslnet will pass on: 1-64 of
 * [A-Za-z0-9._-], not starting with '-' or '.'. */
int wn_distro_name_valid(const char *name);

/* Quotes one argument so that CommandLineToArgvW (and wsl.exe) read it back
 * unchanged; an argument without blanks or quotes stays as it is.
 * malloc'd (caller frees); NULL when out of memory. */
char *wn_windows_quote_arg(const char *arg);

/* The shell script run as root in the distro (static text; see certplan.c). */
extern const char wn_cert_install_script[];

/* What the script's exit codes mean. */
#define WN_CERT_SCRIPT_NO_UPDATER 69  /* update-ca-certificates is not installed */
#define WN_CERT_SCRIPT_BAD_INPUT  65  /* a file name wslnet would never send */

typedef struct wn_cert_install_plan {
    size_t arg_count;
    char *args[WSLNET_CERT_INSTALL_ARGS];  /* wsl.exe's arguments, each malloc'd */
    char *input;                           /* stdin for the script, malloc'd */
    size_t input_length;
} wn_cert_install_plan;

/*
 * Plans `certs install`: arguments -d DISTRO -u root -e sh -c SCRIPT
 * wslnet-certs, and the input "# wslnet-file NAME\n" + PEM for each
 * certificate. WSLNET_E_INVALID_INPUT for a bad distro name or a file name
 * that is not wn_cert_file_name_valid; WSLNET_E_NOT_FOUND for an empty list.
 * Free with wn_cert_install_plan_free.
 */
WN_MUST_CHECK
wslnet_status wn_cert_install_plan_make(const char *distro, const wslnet_cert_list *list,
                                        wn_cert_install_plan *plan, wslnet_error *err);
void wn_cert_install_plan_free(wn_cert_install_plan *plan);

/* The status a finished install has, from wsl.exe's exit code; fills err
 * with a one-line message (output: what it printed, for the message). */
WN_MUST_CHECK
wslnet_status wn_cert_install_outcome(int exit_code, const char *distro, const char *output,
                                      wslnet_error *err);

/* "2024-01-31T00:00:00Z" for seconds since 1970 UTC (buf: 21 bytes at least). */
void wn_format_utc(int64_t t, char *buf, size_t size);

#endif
