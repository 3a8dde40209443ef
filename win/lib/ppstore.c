/* ppstore.c - reading and changing the port proxy store and ownership records. */
#include <windows.h>

#include "ppstore.h"
#include "status.h"
#include "winutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VALUE_NAME_MAX 16384   /* registry limit, characters */
#define VALUE_DATA_MAX 4096    /* bytes we read of a value's data; longer is not a rule */

/* The registry path of a kind's store (owned 0) or record (owned 1) key. */
static void key_path(wn_pp_kind kind, int owned, wchar_t *buf, size_t size)
{
    const char *k = wn_pp_kind_name(kind);
    if (owned)
        _snwprintf(buf, size, L"SOFTWARE\\wslnet\\PortProxy\\%hs", k);
    else
        _snwprintf(buf, size, L"SYSTEM\\CurrentControlSet\\Services\\PortProxy\\%hs\\tcp", k);
    buf[size - 1] = L'\0';
}

typedef struct grow {
    void *items;
    size_t count, cap, size;
} grow;

/* Appends an item; returns its slot or NULL when out of memory. */
static void *grow_push(grow *g)
{
    if (g->count == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 64;
        void *items = realloc(g->items, cap * g->size);
        if (!items)
            return NULL;
        g->items = items;
        g->cap = cap;
    }
    return (char *)g->items + g->size * g->count++;
}

typedef struct readers {
    grow rules, bad, owned;
} readers;

/* Takes one value of a store (owned 0) or record (owned 1) key. */
static wslnet_status take_value(readers *r, wn_pp_kind kind, int owned, const wchar_t *wname,
                                DWORD type, const BYTE *data, DWORD data_size)
{
    char name[300], text[300], why[160] = "";
    wslnet_error derr;
    wchar_t wdata[VALUE_DATA_MAX / 2 + 1];
    size_t chars = data_size / 2;
    wn_utf8_from_wide(wname, name, sizeof name);
    memcpy(wdata, data, chars * 2);
    wdata[chars] = L'\0';
    wn_utf8_from_wide(wdata, text, sizeof text);
    if (type != REG_SZ) {
        wn_snprintf(why, sizeof why, "registry type %lu, not REG_SZ", (unsigned long)type);
    } else if (owned) {
        wn_pp_owned o, *slot;
        if (wn_pp_owned_decode(kind, name, text, &o, &derr) != WSLNET_OK)
            return WSLNET_OK; /* a damaged record owns nothing */
        if (!(slot = grow_push(&r->owned)))
            return WSLNET_E_NO_MEMORY;
        *slot = o;
        return WSLNET_OK;
    } else {
        wn_pp_rule rule, *slot;
        if (wn_pp_rule_decode(kind, name, text, &rule, &derr) == WSLNET_OK) {
            if (!(slot = grow_push(&r->rules)))
                return WSLNET_E_NO_MEMORY;
            *slot = rule;
            return WSLNET_OK;
        }
        wn_strlcpy(why, sizeof why, derr.message);
    }
    if (!owned) {
        wn_pp_raw *bad = grow_push(&r->bad);
        if (!bad)
            return WSLNET_E_NO_MEMORY;
        bad->kind = kind;
        wn_strlcpy(bad->name, sizeof bad->name, name);
        wn_strlcpy(bad->data, sizeof bad->data, type == REG_SZ ? text : "");
        wn_strlcpy(bad->why, sizeof bad->why, why);
    }
    return WSLNET_OK;
}

static wslnet_status read_key(readers *r, wn_pp_kind kind, int owned, wchar_t *name, BYTE *data,
                              wslnet_error *err)
{
    wchar_t path[128];
    HKEY key;
    DWORD i, name_len, data_size, type;
    LSTATUS rc;
    key_path(kind, owned, path, 128);
    rc = RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_READ | KEY_WOW64_64KEY, &key);
    if (rc == ERROR_FILE_NOT_FOUND)
        return WSLNET_OK;
    if (rc != ERROR_SUCCESS)
        return wn_fail_win32(err, (DWORD)rc, owned ? "RegOpenKeyExW(wslnet PortProxy records)"
                                                   : "RegOpenKeyExW(PortProxy store)");
    for (i = 0;; i++) {
        wslnet_status st;
        name_len = VALUE_NAME_MAX;
        data_size = VALUE_DATA_MAX;
        rc = RegEnumValueW(key, i, name, &name_len, NULL, &type, data, &data_size);
        if (rc == ERROR_NO_MORE_ITEMS)
            break;
        if (rc == ERROR_MORE_DATA) { /* far too long to be a rule: list it, truncated */
            type = REG_BINARY;
            data_size = 0;
        } else if (rc != ERROR_SUCCESS) {
            RegCloseKey(key);
            return wn_fail_win32(err, (DWORD)rc, "RegEnumValueW(PortProxy)");
        }
        if ((st = take_value(r, kind, owned, name, type, data, data_size)) != WSLNET_OK) {
            RegCloseKey(key);
            return wn_fail(err, st, 0, "out of memory");
        }
    }
    RegCloseKey(key);
    return WSLNET_OK;
}

wslnet_status wn_ppstore_read(wn_proxy_snapshot *out, wslnet_error *err)
{
    readers r = {{NULL, 0, 0, sizeof(wn_pp_rule)}, {NULL, 0, 0, sizeof(wn_pp_raw)},
                 {NULL, 0, 0, sizeof(wn_pp_owned)}};
    wchar_t *name = malloc(VALUE_NAME_MAX * sizeof *name);
    BYTE *data = malloc(VALUE_DATA_MAX + 2);
    wslnet_status st = name && data ? WSLNET_OK : wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    int kind, owned;
    for (kind = 0; st == WSLNET_OK && kind < WN_PP_KIND_COUNT; kind++)
        for (owned = 0; st == WSLNET_OK && owned < 2; owned++)
            st = read_key(&r, (wn_pp_kind)kind, owned, name, data, err);
    free(name);
    free(data);
    out->rules = r.rules.items;
    out->rule_count = r.rules.count;
    out->bad = r.bad.items;
    out->bad_count = r.bad.count;
    out->owned = r.owned.items;
    out->owned_count = r.owned.count;
    return st;
}

void wn_ppstore_free(wn_proxy_snapshot *snapshot)
{
    if (!snapshot)
        return;
    free(snapshot->rules);
    free(snapshot->bad);
    free(snapshot->owned);
    snapshot->rules = NULL;
    snapshot->bad = NULL;
    snapshot->owned = NULL;
    snapshot->rule_count = snapshot->bad_count = snapshot->owned_count = 0;
}

/* ---- changing one value */

typedef struct value_ref {
    wchar_t path[128];
    wchar_t name[WN_PP_NAME_MAX];
} value_ref;

/* The key, value name and (for puts) data a change touches, as UTF-16. */
static wslnet_status change_target(const wn_pp_change *c, value_ref *u, wchar_t *data, wslnet_error *err)
{
    char name[WN_PP_NAME_MAX], text[WN_PP_DATA_MAX];
    wslnet_status st;
    int owned = c->op == WN_PP_PUT_OWNED || c->op == WN_PP_DELETE_OWNED;
    if (owned)
        st = wn_pp_owned_encode(&c->u.owned, name, sizeof name, text, sizeof text, err);
    else
        st = wn_pp_rule_encode(&c->u.rule, name, sizeof name, text, sizeof text, err);
    if (st != WSLNET_OK)
        return st;
    key_path(c->kind, owned, u->path, 128);
    /* UTF-8 never takes fewer bytes than UTF-16 units, so what was encoded fits */
    if (!wn_wide_from_utf8_buf(name, u->name, WN_PP_NAME_MAX) || !wn_wide_from_utf8_buf(text, data, WN_PP_DATA_MAX))
        return wn_fail(err, WSLNET_E_INTERNAL, 0, "a port proxy value could not be converted to UTF-16");
    return WSLNET_OK;
}

/* Puts (data non-NULL) or deletes (data NULL) one value. */
static wslnet_status write_value(const wchar_t *path, const wchar_t *name, const wchar_t *data,
                                 wslnet_error *err)
{
    HKEY key;
    LSTATUS rc;
    if (data) {
        rc = RegCreateKeyExW(HKEY_LOCAL_MACHINE, path, 0, NULL, 0, KEY_SET_VALUE | KEY_WOW64_64KEY, NULL,
                             &key, NULL);
        if (rc == ERROR_SUCCESS) {
            rc = RegSetValueExW(key, name, 0, REG_SZ, (const BYTE *)data,
                                (DWORD)((wcslen(data) + 1) * sizeof(wchar_t)));
            RegCloseKey(key);
        }
        return rc == ERROR_SUCCESS ? WSLNET_OK : wn_fail_win32(err, (DWORD)rc, "RegSetValueExW(PortProxy)");
    }
    rc = RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_SET_VALUE | KEY_WOW64_64KEY, &key);
    if (rc == ERROR_FILE_NOT_FOUND)
        return WSLNET_OK;
    if (rc == ERROR_SUCCESS) {
        rc = RegDeleteValueW(key, name);
        RegCloseKey(key);
    }
    return rc == ERROR_SUCCESS || rc == ERROR_FILE_NOT_FOUND
               ? WSLNET_OK : wn_fail_win32(err, (DWORD)rc, "RegDeleteValueW(PortProxy)");
}

wslnet_status wn_ppstore_change(const wn_pp_change *change, wslnet_error *err)
{
    value_ref v;
    wchar_t data[WN_PP_DATA_MAX];
    int put = change->op == WN_PP_PUT_RULE || change->op == WN_PP_PUT_OWNED;
    wslnet_status st = change_target(change, &v, data, err);
    if (st != WSLNET_OK)
        return st;
    return write_value(v.path, v.name, put ? data : NULL, err);
}
