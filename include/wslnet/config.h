/*
 * wslnet/config.h - part of wslnet's public C API (include wslnet.h):
 * .wslconfig and wsl.conf: read, edit and lint with WSL's own rules.
 *
 * Keys are named as WSL names them: "wsl2.memory", "experimental.sparseVhd".
 * Edits keep every byte they do not change (encoding, BOM, line breaks,
 * comments, order) and replace the file atomically, keeping the previous one
 * beside it as "<file>.wslnet-backup".
 */
#ifndef WSLNET_CONFIG_H
#define WSLNET_CONFIG_H

#include "wslnet.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Which file: path, else user's profile, else the caller's profile. */
typedef struct wslnet_config_target {
    const char *path;       /* a file to use; NULL: %UserProfile%\.wslconfig */
    const char *user;       /* with path NULL: this local user's profile (for SYSTEM, which has
                               no usable profile of its own); NULL: the caller's */
} wslnet_config_target;

typedef enum wslnet_config_origin {
    WSLNET_CONFIG_DEFAULT = 0,  /* no line sets the key: WSL's default */
    WSLNET_CONFIG_FILE,         /* the line `line` in section `section` */
    WSLNET_CONFIG_INVALID       /* line `line` sets it with a value WSL rejects: WSL uses the default */
} wslnet_config_origin;

typedef struct wslnet_config_value {
    char key[96];               /* "wsl2.memory" */
    char type[16];              /* "boolean", "integer", "size", "string", "path", "choice", ... */
    wslnet_config_origin origin;
    char value[1024];           /* FILE: the value WSL reads; otherwise the default ("" when computed) */
    char default_value[64];     /* WSL's default ("" when computed) */
    char default_note[96];      /* the default for people ("half of the host's memory") */
    uint32_t line;              /* FILE/INVALID: the line; 0 otherwise */
    char section[32];           /* FILE/INVALID: the section WSL read it from ("experimental" for an alias) */
    char raw_value[1024];       /* INVALID: the value WSL rejected */
} wslnet_config_value;

typedef struct wslnet_config_file_info {
    char path[520];
    int exists;
    char encoding[16];          /* "utf-8", "utf-8-bom", "utf-16le" */
} wslnet_config_file_info;

/* The value WSL uses for key (e.g. "wsl2.memory") in the target file. A missing
 * file is fine (every key at its default). WSLNET_E_INVALID_INPUT for an unknown key. */
WSLNET_MUST_CHECK
WSLNET_API wslnet_status wslnet_config_get(const wslnet_config_target *target, const char *key,
                                           wslnet_config_file_info *file, wslnet_config_value *out,
                                           wslnet_error *err);

typedef struct wslnet_config_list {
    wslnet_config_file_info file;
    size_t count;
    wslnet_config_value *items; /* every .wslconfig key, in catalogue order */
} wslnet_config_list;

/* Every key WSL reads from .wslconfig, with its value and origin. Free with
 * wslnet_config_list_free. */
WSLNET_MUST_CHECK
WSLNET_API wslnet_status wslnet_config_show(const wslnet_config_target *target, wslnet_config_list **out,
                                            wslnet_error *err);
WSLNET_API void wslnet_config_list_free(wslnet_config_list *list);

typedef struct wslnet_config_change {
    wslnet_config_file_info file;
    int dry_run;
    int changed;                /* 0: the file already said this (nothing written) */
    char action[16];            /* "replace", "insert", "append", "prepend", "remove", "none" */
    uint32_t line;
    uint32_t removed;           /* unset: lines removed */
    char old_text[512];         /* the line before */
    char new_text[512];         /* the line after */
    char backup_path[520];      /* "" when no backup (a new file, a dry run, no change) */
    int created;                /* the file did not exist */
    char policy_note[224];      /* "" or: Group Policy overrides this value ("set, but Group Policy
                                   forces networkingMode=Mirrored ..."), WSL's rules */
    char recovered[256];        /* --user (machine lock): what finishing an interrupted earlier
                                   change did; "" (API version 2) */
} wslnet_config_change;

/*
 * Sets key to value (validated with WSL's parser for the key; the value is
 * written so that WSL reads it back identically), or with value NULL removes
 * every line setting key. dry_run: plan only. Takes wslnet's lock; needs
 * elevation only for another user's profile (target->user). The file is
 * replaced atomically (a new file in the same folder, CREATE_NEW with an
 * unpredictable name and a protected DACL, flushed, renamed by handle over
 * it; the old content kept as the backup): a crash leaves the old or the new
 * file. A file that is a link or has several hard links is refused
 * (WSLNET_E_ACCESS_DENIED); elevated, it is not read either. A path longer
 * than the 520-byte fields: WSLNET_E_INVALID_INPUT.
 */
WSLNET_MUST_CHECK
WSLNET_API wslnet_status wslnet_config_set(const wslnet_config_target *target, const char *key,
                                           const char *value, int dry_run, wslnet_config_change *out,
                                           wslnet_error *err);

typedef enum wslnet_severity { WSLNET_SEVERITY_INFO = 0, WSLNET_SEVERITY_WARNING, WSLNET_SEVERITY_ERROR } wslnet_severity;

typedef struct wslnet_config_finding {
    uint32_t line;              /* 0: the whole file */
    wslnet_severity severity;
    char rule[32];
    char key[96];
    char message[320];
    char effect[256];           /* what WSL does with the line */
    char fix[320];
} wslnet_config_finding;

typedef struct wslnet_config_lint_result {
    wslnet_config_file_info file;
    int wsl_conf;               /* linted as a distribution's wsl.conf */
    uint32_t windows_build;     /* the build the rules used (0: unknown) */
    size_t errors, warnings, infos;
    size_t count;
    wslnet_config_finding *findings;
} wslnet_config_lint_result;

/* Lints the target (.wslconfig; with wsl_conf, target->path is a wsl.conf)
 * against this Windows' build. Free with wslnet_config_lint_free. */
WSLNET_MUST_CHECK
WSLNET_API wslnet_status wslnet_config_lint(const wslnet_config_target *target, int wsl_conf,
                                            wslnet_config_lint_result **out, wslnet_error *err);
WSLNET_API void wslnet_config_lint_free(wslnet_config_lint_result *result);

#ifdef __cplusplus
}
#endif
#endif /* WSLNET_CONFIG_H */
