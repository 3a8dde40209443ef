/*
 * wslcfg.h - a lossless model of .wslconfig / wsl.conf, read by WSL's own
 * parser rules (src/shared/configfile/configfile.cpp in microsoft/WSL; see
 * shared/reference/wslconfig.md), and edits that keep every other byte.
 *
 * The document keeps the file's bytes: its encoding (by BOM) and, as UTF-8,
 * its text exactly (CRLF/LF per line, comments, broken lines). Parsing is a
 * port of WSL's character state machine over what the C runtime gives WSL:
 * for .wslconfig _wfopen "rt,ccs=UTF-8" (BOM-selected decoding, CRLF read as
 * LF); for wsl.conf Linux's fopen "r" (bytes as they are: a BOM is text, CR
 * stays), and
 * yields items: sections, key assignments (with the name WSL matches, e.g.
 * "wsl2.memory") and the invalid lines WSL skips. Serializing an unedited
 * document gives back the input byte for byte.
 */
#ifndef WN_WSLCFG_H
#define WN_WSLCFG_H

#include "wslcfg_keys.h"
#include "status.h" /* wslnet.h, WN_MUST_CHECK */

#include <stddef.h>
#include <stdint.h>

typedef enum wn_cfg_encoding {
    WN_CFG_ENC_UTF8 = 0,        /* no BOM (also anything WSL reads as such) */
    WN_CFG_ENC_UTF8_BOM,        /* EF BB BF, skipped by WSL */
    WN_CFG_ENC_UTF16LE_BOM      /* FF FE: WSL reads UTF-16LE */
} wn_cfg_encoding;

/* Stable name: "utf-8", "utf-8-bom", "utf-16le". */
const char *wn_cfg_encoding_name(wn_cfg_encoding enc);

typedef enum wn_cfg_item_kind {
    WN_CFG_ITEM_SECTION,    /* a valid [name] header */
    WN_CFG_ITEM_ASSIGN,     /* key = value that WSL hands to its key table */
    WN_CFG_ITEM_INVALID     /* a line WSL skips (.wslconfig) or stops at (wsl.conf) */
} wn_cfg_item_kind;

/* Why WSL rejects a line (its warning in brackets). */
typedef enum wn_cfg_problem {
    WN_CFG_PROBLEM_NONE = 0,
    WN_CFG_PROBLEM_KEY_START,        /* "Invalid key name": not a letter at line start */
    WN_CFG_PROBLEM_SECTION_START,    /* "Invalid section name": '[' not followed by a letter */
    WN_CFG_PROBLEM_SECTION_END,      /* "Expected ']'" */
    WN_CFG_PROBLEM_SECTION_JUNK,     /* "Expected ' ' or '\n'" after ']' */
    WN_CFG_PROBLEM_EQUALS,           /* "Expected '='": key not letters/digits then '=' */
    WN_CFG_PROBLEM_ESCAPE,           /* "Invalid escaped character" */
    WN_CFG_PROBLEM_QUOTE             /* "Expected '\"'": unterminated quote */
} wn_cfg_problem;

typedef struct wn_cfg_item {
    wn_cfg_item_kind kind;
    wn_cfg_problem problem;
    uint32_t line;          /* WSL's line number of the item (1-based) */
    uint32_t last_line;     /* its last line (continuations) */
    size_t line_start;      /* offset in text of the start of its (first) line */
    size_t end;             /* offset of what ended it: the line break, or text end */
    size_t value_start;     /* ASSIGN (and key-known INVALID): raw value span in text, */
    size_t value_end;       /*   trailing blanks and any '#' comment excluded */
    size_t problem_at;      /* INVALID: offset of the offending character */
    char *name;             /* SECTION: its name. ASSIGN, ESCAPE, QUOTE: "prefix.key" as WSL
                               matches it (a C string: WSL's own name, see wslcfg.c) */
    char *key;              /* ASSIGN, ESCAPE, QUOTE: the key as written; else NULL */
    char *value;            /* ASSIGN: the value WSL reads (unquoted, unescaped, trimmed) */
    int quoted;             /* the value used quotes */
    int continued;          /* a backslash-newline joined lines */
    int escapes;            /* the value used \b \n \t (control characters) */
    int comment;            /* a '#' comment follows on the line */
    int bad_char;           /* ESCAPE: the character after '\\' (-1 at end of file) */
} wn_cfg_item;

typedef struct wn_cfg_doc {
    wn_cfg_file file;       /* which rules: .wslconfig skips invalid lines, wsl.conf stops */
    wn_cfg_encoding encoding;
    int unreadable;         /* bytes WSL cannot read as text: UTF-16BE BOM, or UTF-16 without BOM */
    char *text;             /* the text as UTF-8 (lone UTF-16 surrogates kept as WTF-8), no BOM */
    size_t len;
    int has_tail;           /* a UTF-16 file with an odd byte count: its last byte */
    uint8_t tail;
    wn_cfg_item *items;
    size_t item_count;
    int stopped;            /* wsl.conf: WSL stopped at an invalid line (the last item) */
} wn_cfg_doc;

/*
 * Reads bytes (a whole file; len 0 for none) into a new document. Never fails
 * on content: whatever the bytes, the document serializes back to them.
 * WSLNET_E_NO_MEMORY only. Free with wn_cfg_free.
 */
WN_MUST_CHECK
wslnet_status wn_cfg_read(const uint8_t *bytes, size_t len, wn_cfg_file file, wn_cfg_doc **out,
                          wslnet_error *err);

void wn_cfg_free(wn_cfg_doc *doc);

/* The document as file bytes (malloc'd, caller frees) in its encoding and BOM. */
WN_MUST_CHECK
wslnet_status wn_cfg_write(const wn_cfg_doc *doc, uint8_t **out, size_t *len, wslnet_error *err);

/* Where a key's effective value comes from. */
typedef enum wn_cfg_origin {
    WN_CFG_ORIGIN_DEFAULT = 0,   /* no line sets it */
    WN_CFG_ORIGIN_FILE,          /* the first line that sets it, with a valid value */
    WN_CFG_ORIGIN_INVALID        /* the first line that sets it has a value WSL rejects:
                                    WSL keeps the default (and ignores later lines) */
} wn_cfg_origin;

typedef struct wn_cfg_setting {
    const wn_cfg_key *key;
    wn_cfg_origin origin;
    const wn_cfg_item *item;     /* the first ASSIGN WSL matched to key, NULL with DEFAULT */
    int via_alias;               /* item is in [experimental] (the old home of the key) */
    const char *value;           /* FILE: item->value; else key->default_value (may be NULL) */
} wn_cfg_setting;

/* The value WSL uses for key, and where it comes from. */
void wn_cfg_get(const wn_cfg_doc *doc, const wn_cfg_key *key, wn_cfg_setting *out);

/*
 * Resolves a key named as WSL names it ("wsl2.memory", "experimental.sparseVhd",
 * any case; the [experimental] alias of a promoted key too). WSLNET_E_INVALID_INPUT
 * with a message (unknown key, key of the other file) otherwise.
 */
WN_MUST_CHECK
wslnet_status wn_cfg_key_resolve(wn_cfg_file file, const char *name, const wn_cfg_key **out,
                                 wslnet_error *err);

/*
 * The text to write after "key=" so that WSL reads back exactly value:
 * backslashes and quotes escaped, tab/newline/backspace as \t \n \b, quotes
 * when the value has leading/trailing blanks or '#'. malloc'd; NULL when out
 * of memory. Values with a CR or NUL cannot be written (wn_cfg_set rejects them).
 */
char *wn_cfg_encode_value(const char *value);

/* What an edit did (for dry runs and reports). */
typedef struct wn_cfg_edit {
    int changed;            /* 0 when the file already said this */
    char action[16];        /* "replace", "insert", "append", "prepend", "remove", "none" */
    uint32_t line;          /* line replaced/inserted (in the new text), or first removed */
    uint32_t removed;       /* unset: how many lines were removed */
    char old_text[512];     /* the line before (replace/remove), "" otherwise */
    char new_text[512];     /* the line after (replace/insert/append), "" otherwise */
} wn_cfg_edit;

/*
 * Sets key to value: validates value with WSL's parser for the key's type
 * (WSLNET_E_INVALID_INPUT with the fix otherwise), then replaces the value of
 * the line WSL uses (or of an earlier line naming the key that WSL drops),
 * keeping its spelling, spacing and comment; with no such line, inserts one
 * after the last key of the key's section, or appends the section at the end.
 * Every other byte stays. The document is re-parsed.
 */
WN_MUST_CHECK
wslnet_status wn_cfg_set(wn_cfg_doc *doc, const wn_cfg_key *key, const char *value, wn_cfg_edit *edit,
                         wslnet_error *err);

/* Removes every line that sets key (and its alias, and lines naming it that WSL
 * drops), so that WSL uses the default. No such line: changed 0. */
WN_MUST_CHECK
wslnet_status wn_cfg_unset(wn_cfg_doc *doc, const wn_cfg_key *key, wn_cfg_edit *edit, wslnet_error *err);

/* The raw text of the physical line holding offset (no line break), into buf. */
void wn_cfg_line_text(const wn_cfg_doc *doc, size_t offset, char *buf, size_t size);

#endif
