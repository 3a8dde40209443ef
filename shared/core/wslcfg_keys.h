/*
 * wslcfg_keys.h - the catalogue of keys WSL reads from %UserProfile%\.wslconfig
 * and from a distribution's /etc/wsl.conf: section, name, value type, default,
 * and the conditions under which WSL honours them (see
 * shared/reference/wslconfig.md and WSL's WslCoreConfig.h).
 */
#ifndef WN_WSLCFG_KEYS_H
#define WN_WSLCFG_KEYS_H

#include <stddef.h>
#include <stdint.h>

/* Which file a key belongs to. */
typedef enum wn_cfg_file {
    WN_CFG_FILE_WSLCONFIG = 0,  /* %UserProfile%\.wslconfig (the VM, all distros) */
    WN_CFG_FILE_WSLCONF         /* /etc/wsl.conf inside one distribution */
} wn_cfg_file;

/* How WSL parses a key's value. */
typedef enum wn_cfg_type {
    WN_CFG_T_BOOL,      /* true/false (any case), 1/0 */
    WN_CFG_T_INT,       /* strtol base 0, 32-bit (Windows' long) */
    WN_CFG_T_SIZE,      /* digits + B K KB M MB G GB T TB, uppercase, binary multiples */
    WN_CFG_T_STRING,
    WN_CFG_T_PATH,      /* a Windows path: backslashes must be doubled */
    WN_CFG_T_ENUM,      /* one of choices, case-insensitive */
    WN_CFG_T_PORTS,     /* comma-separated port numbers */
    WN_CFG_T_IPV4,      /* dotted quad (inet_pton) */
    WN_CFG_T_MAC        /* 00:11:22:33:44:55 or 00-11-... */
} wn_cfg_type;

#define WN_KEY_WIN11_22H2     0x01u  /* needs Windows 11 22H2 (build 22621) or later */
#define WN_KEY_WIN11          0x02u  /* needs Windows 11 (build 22000) or later */
#define WN_KEY_MIRRORED_ONLY  0x04u  /* has an effect only with networkingMode=mirrored */
#define WN_KEY_POLICY         0x08u  /* Group Policy can override it */
#define WN_KEY_EXP_ALIAS      0x10u  /* also read from [experimental] (its old home) */
#define WN_KEY_INTERNAL       0x20u  /* exists for WSL's developers; not documented */
#define WN_KEY_REMOVED        0x40u  /* WSL no longer reads it: an unknown key now */

#define WN_BUILD_WIN11 22000u
#define WN_BUILD_WIN11_22H2_FIRST 22621u

typedef struct wn_cfg_key {
    wn_cfg_file file;
    const char *section;           /* "wsl2" */
    const char *name;              /* "memory", as WSL's documentation spells it */
    wn_cfg_type type;
    const char *default_value;     /* the value WSL uses when unset; NULL when computed */
    const char *default_note;      /* the default for people ("half of the host's memory") */
    const char *const *choices;    /* WN_CFG_T_ENUM: accepted values, NULL-ended */
    unsigned flags;                /* WN_KEY_* */
} wn_cfg_key;

/* Number of keys of a file, and the i-th (0-based; NULL past the end). */
size_t wn_cfg_key_count(wn_cfg_file file);
const wn_cfg_key *wn_cfg_key_at(wn_cfg_file file, size_t i);

/*
 * The key WSL would match for a "section.key" name read from a file
 * (case-insensitive, "experimental.networkingMode" included as the alias of
 * wsl2.networkingMode). *via_alias is set to 1 when the alias matched (may be
 * NULL). NULL when WSL does not know the name (also for WN_KEY_REMOVED keys).
 */
const wn_cfg_key *wn_cfg_key_match(wn_cfg_file file, const char *fullname, int *via_alias);

/* Like wn_cfg_key_match but also finds WN_KEY_REMOVED entries (for lint). */
const wn_cfg_key *wn_cfg_key_lookup_any(wn_cfg_file file, const char *fullname);

/* Finds a key of file whose name (without section) is name, in any section;
 * NULL when none. For "this key belongs in another section". */
const wn_cfg_key *wn_cfg_key_by_name(wn_cfg_file file, const char *name);

/* "wsl2.memory" into buf. */
void wn_cfg_key_fullname(const wn_cfg_key *key, char *buf, size_t size);

/* Stable name of a type ("boolean", "size", ...). */
const char *wn_cfg_type_name(wn_cfg_type type);

/* The value parsers, exactly as WSL's: each returns 1 when WSL accepts text. */
int wn_cfg_parse_bool(const char *text, int *out);
int wn_cfg_parse_int(const char *text, int32_t *out);
int wn_cfg_parse_size(const char *text, uint64_t *out);

/*
 * Checks value (as WSL would read it, after unquoting) against key's type.
 * Returns 1 when WSL accepts it; otherwise 0 and why (one line for people,
 * with the fix when there is one).
 */
int wn_cfg_value_valid(const wn_cfg_key *key, const char *value, char *why, size_t size);

#endif
