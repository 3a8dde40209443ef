/*
 * store.c - reads the port proxy store the way iphlpsvc does:
 * HKLM\SYSTEM\CurrentControlSet\Services\PortProxy\<kind>\tcp, one REG_SZ per
 * rule, name "<listenaddress>/<listenport>", data "<connectaddress>/<connectport>".
 */
#include "fake_iphlpsvc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[PP_KIND_COUNT] = {"v4tov4", "v4tov6", "v6tov4", "v6tov6"};

const char *pp_kind_name(enum pp_kind kind)
{
    return kind < PP_KIND_COUNT ? kind_names[kind] : "?";
}

/* Parses a decimal port 1..65535 (the whole string); 0 when it is not one. */
static unsigned parse_port(const char *s)
{
    unsigned v = 0;
    if (*s == '\0')
        return 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return 0;
        v = v * 10 + (unsigned)(*s - '0');
        if (v > 65535)
            return 0;
    }
    return v;
}

/* Splits "<address>/<port>" at its last '/' into addr (size bytes) and *port.
 * Returns 0, or -1 when there is no address, no port or the port is invalid. */
static int split_endpoint(const char *text, char *addr, size_t size, unsigned *port)
{
    const char *slash = strrchr(text, '/');
    size_t n;
    if (!slash || slash == text)
        return -1;
    n = (size_t)(slash - text);
    if (n >= size)
        return -1;
    memcpy(addr, text, n);
    addr[n] = '\0';
    *port = parse_port(slash + 1);
    return *port ? 0 : -1;
}

static void to_utf8(const WCHAR *w, size_t wlen, char *out, size_t size)
{
    int n = WideCharToMultiByte(CP_UTF8, 0, w, (int)wlen, out, (int)size - 1, NULL, NULL);
    out[n > 0 ? n : 0] = '\0';
}

/* Fills rule from one value; sets rule->error when it cannot be served. */
static void parse_rule(struct pp_rule *rule, enum pp_kind kind, const WCHAR *name, DWORD name_len,
                       DWORD type, const BYTE *data, DWORD data_size)
{
    char target[300];
    size_t wchars = data_size / sizeof(WCHAR);
    const WCHAR *wdata = (const WCHAR *)data;
    memset(rule, 0, sizeof *rule);
    rule->kind = kind;
    to_utf8(name, name_len, rule->name, sizeof rule->name);
    if (split_endpoint(rule->name, rule->listen, sizeof rule->listen, &rule->port) != 0) {
        snprintf(rule->error, sizeof rule->error, "value name is not <listenaddress>/<listenport>");
        return;
    }
    if (type != REG_SZ) {
        snprintf(rule->error, sizeof rule->error, "value is not REG_SZ (type %lu)", type);
        return;
    }
    while (wchars > 0 && wdata[wchars - 1] == L'\0')
        wchars--;
    to_utf8(wdata, wchars, target, sizeof target);
    if (split_endpoint(target, rule->connect, sizeof rule->connect, &rule->connect_port) != 0)
        snprintf(rule->error, sizeof rule->error, "data '%s' is not <connectaddress>/<connectport>",
                 target);
}

static int append_rule(struct pp_rules *rules, const struct pp_rule *rule)
{
    struct pp_rule *grown = realloc(rules->items, (rules->count + 1) * sizeof *grown);
    if (!grown)
        return -1;
    rules->items = grown;
    rules->items[rules->count++] = *rule;
    return 0;
}

/* Appends the rules of one kind's key. Returns 0, or -1 when out of memory. */
static int read_kind(struct pp_rules *rules, enum pp_kind kind)
{
    WCHAR path[128], name[512];
    BYTE data[2048];
    struct pp_rule rule;
    HKEY key;
    DWORD i;
    _snwprintf(path, 128, L"SYSTEM\\CurrentControlSet\\Services\\PortProxy\\%hs\\tcp",
               pp_kind_name(kind));
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_READ | KEY_WOW64_64KEY, &key) != ERROR_SUCCESS)
        return 0;
    for (i = 0;; i++) {
        DWORD name_len = 512, type = 0, size = sizeof data - sizeof(WCHAR);
        LONG rc = RegEnumValueW(key, i, name, &name_len, NULL, &type, data, &size);
        if (rc == ERROR_NO_MORE_ITEMS)
            break;
        if (rc == ERROR_MORE_DATA) {
            pp_log("%s: value %lu is too long, skipped", pp_kind_name(kind), i);
            continue;
        }
        if (rc != ERROR_SUCCESS) {
            pp_log("%s: RegEnumValue failed (error %ld)", pp_kind_name(kind), rc);
            break;
        }
        parse_rule(&rule, kind, name, name_len, type, data, size);
        if (append_rule(rules, &rule) != 0) {
            RegCloseKey(key);
            return -1;
        }
    }
    RegCloseKey(key);
    return 0;
}

int pp_store_read(struct pp_rules *out)
{
    int k;
    out->items = NULL;
    out->count = 0;
    for (k = 0; k < PP_KIND_COUNT; k++) {
        if (read_kind(out, (enum pp_kind)k) != 0) {
            pp_rules_free(out);
            return -1;
        }
    }
    return 0;
}

void pp_rules_free(struct pp_rules *rules)
{
    free(rules->items);
    rules->items = NULL;
    rules->count = 0;
}
