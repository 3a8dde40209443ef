/*
 * wslcfg_lint.h - lint for .wslconfig and a distribution's /etc/wsl.conf:
 * every line WSL drops, stops at, misreads or ignores, with what WSL does
 * with it and the fix. Rules are listed in docs/cli.md (config lint).
 */
#ifndef WN_WSLCFG_LINT_H
#define WN_WSLCFG_LINT_H

#include "wslcfg.h"

typedef enum wn_lint_severity {
    WN_LINT_INFO = 0,      /* works, but worth knowing (octal, old [experimental] home) */
    WN_LINT_WARNING,       /* WSL ignores it: no effect (unknown key, duplicate, wrong file...) */
    WN_LINT_ERROR          /* WSL drops, stops at, or misreads what the line says */
} wn_lint_severity;

typedef struct wn_lint_finding {
    uint32_t line;              /* 1-based; 0 for the whole file */
    wn_lint_severity severity;
    char rule[32];              /* stable id: "single-backslash", "invalid-boolean", ... */
    char key[96];               /* "wsl2.memory" when the line names a key, else "" */
    char message[320];          /* what is wrong */
    char effect[256];           /* what WSL will do with the line */
    char fix[320];              /* how to write it instead */
} wn_lint_finding;

typedef struct wn_lint_context {
    uint32_t windows_build;     /* the Windows build WSL runs on; 0: unknown (no build rules) */
    int has_policy;             /* 1: the policy values below were read */
    int64_t policy_default_mode, policy_allow_mode_user, policy_allow_firewall_user; /* -1 absent */
    const char *effective_mode; /* the mode WSL will run (shared/core/mode_rules.c); NULL: not known */
} wn_lint_context;

typedef struct wn_lint_result {
    size_t count, cap;
    wn_lint_finding *items;     /* in line order */
    size_t errors, warnings, infos;
} wn_lint_result;

/* Lints doc into out (zeroed first; free with wn_lint_result_free).
 * WSLNET_E_NO_MEMORY only. */
WN_MUST_CHECK
wslnet_status wn_cfg_lint(const wn_cfg_doc *doc, const wn_lint_context *ctx, wn_lint_result *out,
                          wslnet_error *err);

void wn_lint_result_free(wn_lint_result *result);

/* "info", "warning", "error". */
const char *wn_lint_severity_name(wn_lint_severity severity);

#endif
