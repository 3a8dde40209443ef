/*
 * netfw.c - a test double of the Windows Firewall COM API (FirewallAPI.dll's
 * NetFwPolicy2 and NetFwRule classes), as an in-process COM server.
 *
 * Wine 8's INetFwPolicy2 stores nothing (Rules.Add returns S_OK and the rule
 * is gone). tests/fakes/netfw/install.sh copies fakenetfw.dll into a prefix's
 * system32 and points HKLM\Software\Classes\CLSID\{clsid}\InprocServer32 of
 * both classes at it, so CoCreateInstance finds it the way it finds the real
 * one.
 *
 * State: every INetFwRules call reads C:\wslnet-fake\netfw.json (the
 * directory can be moved with the environment variable WSLNET_FAKE_DIR, a
 * Windows path) and every change writes it back:
 *
 *   {"currentProfileTypes": 2,
 *    "rules": [{"Name": "...", "Description": "...", "Grouping": "...",
 *               "ApplicationName": null, "ServiceName": null, "Protocol": 6,
 *               "LocalPorts": "8080", "RemotePorts": null, "LocalAddresses": "*",
 *               "RemoteAddresses": "LocalSubnet", "IcmpTypesAndCodes": null,
 *               "Direction": 1, "Action": 1, "Profiles": 3, "Enabled": true,
 *               "EdgeTraversal": false, "InterfaceTypes": "All",
 *               "Interfaces": null}],
 *    "fail": {"Add": "0x80070005", ...}}
 *
 * - A property missing from a stored rule reads as its default. Defaults of
 *   a new NetFwRule: strings NULL (read back as a NULL BSTR) except
 *   LocalAddresses and RemoteAddresses "*" (documented default) and
 *   InterfaceTypes "All"; Protocol 256 (PROTOCOL_ANY), Direction 1
 *   (in), Action 1 (allow), Profiles 0x7FFFFFFF (all), Enabled false
 *   (documented default), EdgeTraversal false, Interfaces unset (null; an
 *   array of names once set).
 * - Rejected as Windows documents (HRESULT E_INVALIDARG; the exact code real
 *   Windows returns is not confirmed here):
 *     put_LocalPorts / put_RemotePorts unless Protocol is 6 (TCP) or 17 (UDP)
 *       ("The Protocol property must be set before the LocalPorts or
 *       RemotePorts properties or an error will be returned");
 *     put_Protocol to anything but TCP/UDP while ports are set;
 *     a port list that is not comma-separated ports/ranges 0-65535, "*" or a
 *       keyword (RPC, RPC-EPMap, IPHTTPS, Teredo, Ply2Disc, mDNS);
 *     put_Name with NULL/empty, "all", or '|'; put_Description with '|';
 *     put_Local/RemoteAddresses whose tokens are not "*" (alone), a keyword
 *       (Defaultgateway, DHCP, DNS, WINS, LocalSubnet; any case), an IPv4/IPv6
 *       address, subnet (prefix or IPv4 mask) or range "a-b";
 *     Add of a rule without a name.
 * - Rules.Add keeps duplicates of a name, as Windows does. Item and Remove
 *   act on the first rule of the name; names compare case-insensitively
 *   (Windows' behaviour for duplicates and case is not confirmed here).
 * - Item of an absent name: HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND), as
 *   documented. Remove of an absent name: S_OK, no effect, as documented.
 * - Rules from Item and _NewEnum are snapshots: their getters work, their
 *   put_* methods return E_NOTIMPL (on Windows they would change the stored
 *   rule). A rule given to Add becomes such a snapshot too.
 * - INetFwRule2/INetFwRule3 are not implemented (QueryInterface says
 *   E_NOINTERFACE); INetFwPolicy2 serves get_Rules and
 *   get_CurrentProfileTypes (state "currentProfileTypes", default 2 =
 *   private), the rest E_NOTIMPL; IDispatch's GetIDsOfNames/Invoke/
 *   GetTypeInfo return E_NOTIMPL (GetTypeInfoCount says 0).
 * - "fail" makes the named method (get_Rules, get_Count, Add, Remove, Item,
 *   get__NewEnum) return that HRESULT (hex string or number) without acting.
 * - "hang": {"Remove": "C:\\path\\marker"} makes the named Rules method
 *   create the marker file and then stall for 120 s before acting: a process
 *   stuck in that step, for a test to kill there (tests/fakes/interrupt).
 * - No state file: no rules. A malformed state file: every Rules call fails
 *   with 0x8007000D (ERROR_INVALID_DATA).
 *
 * Each Rules call appends one line to C:\wslnet-fake\netfw-calls.log:
 *   <Method> <rule name or -> <HRESULT as 0x%08lx>
 */
#define COBJMACROS
#define CONST_VTABLE
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <winsock2.h>
#include <ws2tcpip.h>
#include <initguid.h>
#include <ole2.h>
#include <oleauto.h>
#include <netfw.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#define E_INVALID_DATA_ HRESULT_FROM_WIN32(ERROR_INVALID_DATA)
#define E_NOT_FOUND_ HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)
#define PROTOCOL_ANY 256L /* NET_FW_IP_PROTOCOL_ANY (not in mingw's netfw.h) */

static LONG g_objects; /* live objects + server locks, for DllCanUnloadNow */

/* ------------------------------------------------------------ state file */

static void fake_dir(char *buf, size_t size)
{
    DWORD n = GetEnvironmentVariableA("WSLNET_FAKE_DIR", buf, (DWORD)size);
    if (n == 0 || n >= size)
        snprintf(buf, size, "C:\\wslnet-fake");
}

static void fake_path(char *buf, size_t size, const char *leaf)
{
    char dir[MAX_PATH];
    fake_dir(dir, sizeof dir);
    snprintf(buf, size, "%s\\%s", dir, leaf);
}

static void log_call(const char *method, const char *name, HRESULT hr)
{
    char dir[MAX_PATH], path[MAX_PATH];
    FILE *f;
    fake_dir(dir, sizeof dir);
    CreateDirectoryA(dir, NULL); /* fine when it exists */
    fake_path(path, sizeof path, "netfw-calls.log");
    f = fopen(path, "ab");
    if (!f)
        return;
    fprintf(f, "%s %s 0x%08lx\n", method, name && name[0] ? name : "-", (unsigned long)hr);
    fclose(f);
}

/* Reads the state. *state is an empty object when there is no file.
 * S_OK, E_OUTOFMEMORY, or E_INVALID_DATA_ when the file is not a JSON object. */
static HRESULT load_state(cJSON **state)
{
    char path[MAX_PATH];
    size_t cap = 4096, len = 0;
    char *buf;
    FILE *f;
    *state = NULL;
    fake_path(path, sizeof path, "netfw.json");
    f = fopen(path, "rb");
    if (!f) {
        *state = cJSON_CreateObject();
        return *state ? S_OK : E_OUTOFMEMORY;
    }
    buf = malloc(cap);
    for (;;) {
        size_t got;
        char *nb;
        if (!buf) {
            fclose(f);
            return E_OUTOFMEMORY;
        }
        got = fread(buf + len, 1, cap - len - 1, f);
        len += got;
        if (len + 1 < cap)
            break;
        cap *= 2;
        nb = realloc(buf, cap);
        if (!nb)
            free(buf);
        buf = nb;
    }
    fclose(f);
    buf[len] = 0;
    *state = cJSON_Parse(buf);
    free(buf);
    if (!*state || !cJSON_IsObject(*state) ||
        (cJSON_GetObjectItem(*state, "rules") && !cJSON_IsArray(cJSON_GetObjectItem(*state, "rules")))) {
        cJSON_Delete(*state);
        *state = NULL;
        return E_INVALID_DATA_;
    }
    return S_OK;
}

/* Writes the state (to a temporary file, then moved over the old one). */
static HRESULT save_state(const cJSON *state)
{
    char dir[MAX_PATH], path[MAX_PATH], tmp[MAX_PATH];
    char *text = cJSON_Print(state);
    FILE *f;
    if (!text)
        return E_OUTOFMEMORY;
    fake_dir(dir, sizeof dir);
    CreateDirectoryA(dir, NULL);
    fake_path(path, sizeof path, "netfw.json");
    fake_path(tmp, sizeof tmp, "netfw.json.tmp");
    f = fopen(tmp, "wb");
    if (!f) {
        free(text);
        return HRESULT_FROM_WIN32(ERROR_WRITE_FAULT);
    }
    fputs(text, f);
    fclose(f);
    free(text);
    if (!MoveFileExA(tmp, path, MOVEFILE_REPLACE_EXISTING))
        return HRESULT_FROM_WIN32(GetLastError());
    return S_OK;
}

/* The rules array of a state, created when missing; NULL when out of memory. */
static cJSON *state_rules(cJSON *state)
{
    cJSON *rules = cJSON_GetObjectItem(state, "rules");
    if (!rules)
        rules = cJSON_AddArrayToObject(state, "rules");
    return rules;
}

/* The HRESULT the state's "fail" asks the method to return, S_OK when none. */
static HRESULT injected_failure(const cJSON *state, const char *method)
{
    const cJSON *fail = cJSON_GetObjectItem(state, "fail");
    const cJSON *v = fail ? cJSON_GetObjectItem(fail, method) : NULL;
    if (cJSON_IsNumber(v))
        return (HRESULT)(unsigned long)v->valuedouble;
    if (cJSON_IsString(v))
        return (HRESULT)strtoul(v->valuestring, NULL, 0);
    return S_OK;
}

/* ------------------------------------------------------------ strings */

static char *utf8_from_wide(const WCHAR *w)
{
    int n;
    char *s;
    if (!w)
        return NULL;
    n = WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
    if (n <= 0)
        return NULL;
    s = malloc((size_t)n);
    if (s)
        WideCharToMultiByte(CP_UTF8, 0, w, -1, s, n, NULL, NULL);
    return s;
}

static BSTR bstr_from_utf8(const char *s)
{
    int n = MultiByteToWideChar(CP_UTF8, 0, s, -1, NULL, 0);
    BSTR b;
    if (n <= 0)
        return NULL;
    b = SysAllocStringLen(NULL, (UINT)(n - 1));
    if (b)
        MultiByteToWideChar(CP_UTF8, 0, s, -1, b, n);
    return b;
}

static int same_name(const char *a, const char *b)
{
    return a && b && lstrcmpiA(a, b) == 0;
}

static const char *rule_name(const cJSON *rule)
{
    const cJSON *n = cJSON_GetObjectItem(rule, "Name");
    return cJSON_IsString(n) ? n->valuestring : NULL;
}

/* Index of the first rule named name, -1 when none. */
static int find_rule(const cJSON *rules, const char *name)
{
    int i, n = cJSON_GetArraySize(rules);
    for (i = 0; i < n; i++)
        if (same_name(rule_name(cJSON_GetArrayItem(rules, i)), name))
            return i;
    return -1;
}

/* ------------------------------------------------------------ validation */

/* Splits a comma list; calls ok(token) on each; 0 when any token fails or is
 * empty. */
static int each_token(const char *list, int (*ok)(const char *, size_t, int), int count_ctx)
{
    const char *p = list;
    for (;;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == 0 || !ok(p, len, count_ctx))
            return 0;
        if (!end)
            return 1;
        p = end + 1;
    }
}

static int token_is(const char *t, size_t len, const char *word)
{
    return strlen(word) == len && _strnicmp(t, word, len) == 0;
}

static int port_number(const char *t, size_t len)
{
    unsigned long v = 0;
    size_t i;
    if (len == 0 || len > 5)
        return 0;
    for (i = 0; i < len; i++) {
        if (t[i] < '0' || t[i] > '9')
            return 0;
        v = v * 10 + (unsigned long)(t[i] - '0');
    }
    return v <= 65535;
}

static int port_token_ok(const char *t, size_t len, int many)
{
    static const char *const keywords[] = {"RPC", "RPC-EPMap", "IPHTTPS", "Teredo", "Ply2Disc", "mDNS"};
    const char *dash = memchr(t, '-', len);
    size_t i;
    if (token_is(t, len, "*"))
        return !many;
    for (i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
        if (token_is(t, len, keywords[i]))
            return 1;
    if (dash)
        return port_number(t, (size_t)(dash - t)) && port_number(dash + 1, len - (size_t)(dash - t) - 1);
    return port_number(t, len);
}

/* One address of either family (ws2_32's parser, independent of wslnet's). */
static int inet_family(const char *t, size_t len, unsigned char out[16])
{
    char buf[64];
    if (len == 0 || len >= sizeof buf)
        return 0;
    memcpy(buf, t, len);
    buf[len] = 0;
    if (strchr(buf, '%'))
        return 0;
    if (inet_pton(AF_INET, buf, out) == 1)
        return 4;
    if (inet_pton(AF_INET6, buf, out) == 1)
        return 6;
    return 0;
}

static int address_token_ok(const char *t, size_t len, int many)
{
    static const char *const keywords[] = {"Defaultgateway", "DHCP", "DNS", "WINS", "LocalSubnet"};
    const char *slash = memchr(t, '/', len), *dash = memchr(t, '-', len);
    unsigned char a[16], b[16];
    size_t i;
    if (token_is(t, len, "*"))
        return !many; /* "If present, this must be the only token included." */
    for (i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
        if (token_is(t, len, keywords[i]))
            return 1;
    if (slash && !dash) {
        size_t alen = (size_t)(slash - t), plen = len - alen - 1;
        int fam = inet_family(t, alen, a), bits = 0;
        if (!fam)
            return 0;
        if (fam == 4 && inet_family(slash + 1, plen, b) == 4)
            return 1; /* mask form */
        if (plen == 0 || plen > 3)
            return 0;
        for (i = 0; i < plen; i++) {
            if (slash[1 + i] < '0' || slash[1 + i] > '9')
                return 0;
            bits = bits * 10 + (slash[1 + i] - '0');
        }
        return bits <= (fam == 4 ? 32 : 128);
    }
    if (dash && !slash) {
        size_t alen = (size_t)(dash - t);
        int fa = inet_family(t, alen, a), fb = inet_family(dash + 1, len - alen - 1, b);
        return fa && fa == fb;
    }
    return !slash && !dash && inet_family(t, len, a) != 0;
}

static int list_ok(const char *list, int (*ok)(const char *, size_t, int))
{
    return list && list[0] && each_token(list, ok, strchr(list, ',') != NULL);
}

/* ------------------------------------------------------------ INetFwRule */

typedef struct fake_rule {
    INetFwRule iface;
    LONG refs;
    cJSON *props;  /* the rule's properties, as stored */
    int snapshot;  /* from the store (or added): read-only */
} fake_rule;

static const INetFwRuleVtbl rule_vtbl;

static fake_rule *impl_rule(INetFwRule *iface)
{
    return (fake_rule *)iface;
}

/* New rule object owning props (a fresh empty object when NULL). */
static HRESULT rule_create(cJSON *props, int snapshot, INetFwRule **out)
{
    fake_rule *r = calloc(1, sizeof *r);
    *out = NULL;
    if (!props)
        props = cJSON_CreateObject();
    if (!r || !props) {
        free(r);
        cJSON_Delete(props);
        return E_OUTOFMEMORY;
    }
    r->iface.lpVtbl = &rule_vtbl;
    r->refs = 1;
    r->props = props;
    r->snapshot = snapshot;
    InterlockedIncrement(&g_objects);
    *out = &r->iface;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE rule_QueryInterface(INetFwRule *This, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) ||
        IsEqualIID(riid, &IID_INetFwRule)) {
        *out = This;
        INetFwRule_AddRef(This);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE rule_AddRef(INetFwRule *This)
{
    return (ULONG)InterlockedIncrement(&impl_rule(This)->refs);
}

static ULONG STDMETHODCALLTYPE rule_Release(INetFwRule *This)
{
    fake_rule *r = impl_rule(This);
    LONG n = InterlockedDecrement(&r->refs);
    if (n == 0) {
        cJSON_Delete(r->props);
        free(r);
        InterlockedDecrement(&g_objects);
    }
    return (ULONG)n;
}

/* IDispatch: no type information (callers use the vtable). */
#define DISPATCH_METHODS(prefix, type)                                                           \
    static HRESULT STDMETHODCALLTYPE prefix##_GetTypeInfoCount(type *This, UINT *n)              \
    {                                                                                            \
        (void)This;                                                                              \
        if (!n)                                                                                  \
            return E_POINTER;                                                                    \
        *n = 0;                                                                                  \
        return S_OK;                                                                             \
    }                                                                                            \
    static HRESULT STDMETHODCALLTYPE prefix##_GetTypeInfo(type *This, UINT i, LCID l, ITypeInfo **t) \
    {                                                                                            \
        (void)This, (void)i, (void)l;                                                            \
        if (t)                                                                                   \
            *t = NULL;                                                                           \
        return E_NOTIMPL;                                                                        \
    }                                                                                            \
    static HRESULT STDMETHODCALLTYPE prefix##_GetIDsOfNames(type *This, REFIID r, LPOLESTR *n,   \
                                                            UINT c, LCID l, DISPID *d)           \
    {                                                                                            \
        (void)This, (void)r, (void)n, (void)c, (void)l, (void)d;                                 \
        return E_NOTIMPL;                                                                        \
    }                                                                                            \
    static HRESULT STDMETHODCALLTYPE prefix##_Invoke(type *This, DISPID d, REFIID r, LCID l,     \
                                                     WORD f, DISPPARAMS *p, VARIANT *v,          \
                                                     EXCEPINFO *e, UINT *a)                      \
    {                                                                                            \
        (void)This, (void)d, (void)r, (void)l, (void)f, (void)p, (void)v, (void)e, (void)a;      \
        return E_NOTIMPL;                                                                        \
    }

DISPATCH_METHODS(rule, INetFwRule)

/* -- property storage */

static HRESULT get_string(INetFwRule *This, const char *key, const char *def, BSTR *out)
{
    const cJSON *v = cJSON_GetObjectItem(impl_rule(This)->props, key);
    const char *s = !v ? def : cJSON_IsString(v) ? v->valuestring : NULL;
    if (!out)
        return E_POINTER;
    *out = NULL;
    if (!s)
        return S_OK;
    *out = bstr_from_utf8(s);
    return *out ? S_OK : E_OUTOFMEMORY;
}

static long get_long(const fake_rule *r, const char *key, long def)
{
    const cJSON *v = cJSON_GetObjectItem(r->props, key);
    return cJSON_IsNumber(v) ? (long)v->valuedouble : def;
}

static int get_bool(const fake_rule *r, const char *key, int def)
{
    const cJSON *v = cJSON_GetObjectItem(r->props, key);
    return cJSON_IsBool(v) ? cJSON_IsTrue(v) : def;
}

static HRESULT set_item(fake_rule *r, const char *key, cJSON *value)
{
    if (!value)
        return E_OUTOFMEMORY;
    if (cJSON_GetObjectItem(r->props, key))
        cJSON_ReplaceItemInObject(r->props, key, value);
    else
        cJSON_AddItemToObject(r->props, key, value);
    return S_OK;
}

/* Validates and stores a string property (NULL BSTR stores null). */
static HRESULT put_string(INetFwRule *This, const char *key, BSTR value, int (*valid)(const char *))
{
    fake_rule *r = impl_rule(This);
    char *s;
    HRESULT hr;
    if (r->snapshot)
        return E_NOTIMPL;
    if (!value)
        return valid && !valid(NULL) ? E_INVALIDARG : set_item(r, key, cJSON_CreateNull());
    s = utf8_from_wide(value);
    if (!s)
        return E_OUTOFMEMORY;
    hr = valid && !valid(s) ? E_INVALIDARG : set_item(r, key, cJSON_CreateString(s));
    free(s);
    return hr;
}

static int name_valid(const char *s)
{
    return s && s[0] && lstrcmpiA(s, "all") != 0 && !strchr(s, '|');
}

static int no_bar(const char *s)
{
    return !s || !strchr(s, '|');
}

static int ports_valid(const char *s)
{
    return !s || list_ok(s, port_token_ok);
}

static int addresses_valid(const char *s)
{
    return !s || list_ok(s, address_token_ok);
}

static int tcp_or_udp(long protocol)
{
    return protocol == NET_FW_IP_PROTOCOL_TCP || protocol == NET_FW_IP_PROTOCOL_UDP;
}

static int has_ports(const fake_rule *r)
{
    const cJSON *l = cJSON_GetObjectItem(r->props, "LocalPorts");
    const cJSON *p = cJSON_GetObjectItem(r->props, "RemotePorts");
    return cJSON_IsString(l) || cJSON_IsString(p);
}

#define STRING_PROPERTY(Prop, def, valid)                                                        \
    static HRESULT STDMETHODCALLTYPE rule_get_##Prop(INetFwRule *This, BSTR *out)                \
    {                                                                                            \
        return get_string(This, #Prop, def, out);                                                \
    }                                                                                            \
    static HRESULT STDMETHODCALLTYPE rule_put_##Prop(INetFwRule *This, BSTR value)               \
    {                                                                                            \
        return put_string(This, #Prop, value, valid);                                            \
    }

STRING_PROPERTY(Name, NULL, name_valid)
STRING_PROPERTY(Description, NULL, no_bar)
STRING_PROPERTY(ApplicationName, NULL, NULL)
STRING_PROPERTY(ServiceName, NULL, NULL)
STRING_PROPERTY(LocalAddresses, "*", addresses_valid)
STRING_PROPERTY(RemoteAddresses, "*", addresses_valid)
STRING_PROPERTY(IcmpTypesAndCodes, NULL, NULL)
STRING_PROPERTY(InterfaceTypes, "All", NULL)
STRING_PROPERTY(Grouping, NULL, NULL)

/* Ports: only once Protocol is TCP or UDP (documented). */
static HRESULT put_ports(INetFwRule *This, const char *key, BSTR value)
{
    fake_rule *r = impl_rule(This);
    if (r->snapshot)
        return E_NOTIMPL;
    if (!tcp_or_udp(get_long(r, "Protocol", PROTOCOL_ANY)))
        return E_INVALIDARG;
    return put_string(This, key, value, ports_valid);
}

static HRESULT STDMETHODCALLTYPE rule_get_LocalPorts(INetFwRule *This, BSTR *out)
{
    return get_string(This, "LocalPorts", NULL, out);
}

static HRESULT STDMETHODCALLTYPE rule_put_LocalPorts(INetFwRule *This, BSTR value)
{
    return put_ports(This, "LocalPorts", value);
}

static HRESULT STDMETHODCALLTYPE rule_get_RemotePorts(INetFwRule *This, BSTR *out)
{
    return get_string(This, "RemotePorts", NULL, out);
}

static HRESULT STDMETHODCALLTYPE rule_put_RemotePorts(INetFwRule *This, BSTR value)
{
    return put_ports(This, "RemotePorts", value);
}

static HRESULT STDMETHODCALLTYPE rule_get_Protocol(INetFwRule *This, LONG *out)
{
    if (!out)
        return E_POINTER;
    *out = get_long(impl_rule(This), "Protocol", PROTOCOL_ANY);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE rule_put_Protocol(INetFwRule *This, LONG value)
{
    fake_rule *r = impl_rule(This);
    if (r->snapshot)
        return E_NOTIMPL;
    if (value < 0 || value > 256 || (has_ports(r) && !tcp_or_udp(value)))
        return E_INVALIDARG;
    return set_item(r, "Protocol", cJSON_CreateNumber(value));
}

#define LONG_PROPERTY(Prop, type, def)                                                           \
    static HRESULT STDMETHODCALLTYPE rule_get_##Prop(INetFwRule *This, type *out)                \
    {                                                                                            \
        if (!out)                                                                                \
            return E_POINTER;                                                                    \
        *out = (type)get_long(impl_rule(This), #Prop, (long)(def));                              \
        return S_OK;                                                                             \
    }                                                                                            \
    static HRESULT STDMETHODCALLTYPE rule_put_##Prop(INetFwRule *This, type value)               \
    {                                                                                            \
        if (impl_rule(This)->snapshot)                                                           \
            return E_NOTIMPL;                                                                    \
        return set_item(impl_rule(This), #Prop, cJSON_CreateNumber((double)(long)value));        \
    }

LONG_PROPERTY(Direction, NET_FW_RULE_DIRECTION, NET_FW_RULE_DIR_IN)
LONG_PROPERTY(Action, NET_FW_ACTION, NET_FW_ACTION_ALLOW)
LONG_PROPERTY(Profiles, LONG, NET_FW_PROFILE2_ALL)

#define BOOL_PROPERTY(Prop, def)                                                                 \
    static HRESULT STDMETHODCALLTYPE rule_get_##Prop(INetFwRule *This, VARIANT_BOOL *out)        \
    {                                                                                            \
        if (!out)                                                                                \
            return E_POINTER;                                                                    \
        *out = get_bool(impl_rule(This), #Prop, def) ? VARIANT_TRUE : VARIANT_FALSE;             \
        return S_OK;                                                                             \
    }                                                                                            \
    static HRESULT STDMETHODCALLTYPE rule_put_##Prop(INetFwRule *This, VARIANT_BOOL value)       \
    {                                                                                            \
        if (impl_rule(This)->snapshot)                                                           \
            return E_NOTIMPL;                                                                    \
        return set_item(impl_rule(This), #Prop, cJSON_CreateBool(value != VARIANT_FALSE));       \
    }

BOOL_PROPERTY(Enabled, 0)
BOOL_PROPERTY(EdgeTraversal, 0)

/* Interfaces: VT_EMPTY when unset, else a SAFEARRAY of VARIANT(BSTR) names. */
static HRESULT STDMETHODCALLTYPE rule_get_Interfaces(INetFwRule *This, VARIANT *out)
{
    const cJSON *list = cJSON_GetObjectItem(impl_rule(This)->props, "Interfaces");
    SAFEARRAY *sa;
    LONG i, n;
    if (!out)
        return E_POINTER;
    VariantInit(out);
    if (!cJSON_IsArray(list))
        return S_OK;
    n = cJSON_GetArraySize(list);
    sa = SafeArrayCreateVector(VT_VARIANT, 0, (ULONG)n);
    if (!sa)
        return E_OUTOFMEMORY;
    for (i = 0; i < n; i++) {
        const cJSON *name = cJSON_GetArrayItem(list, i);
        VARIANT v;
        VariantInit(&v);
        V_VT(&v) = VT_BSTR;
        V_BSTR(&v) = bstr_from_utf8(cJSON_IsString(name) ? name->valuestring : "");
        SafeArrayPutElement(sa, &i, &v);
        VariantClear(&v);
    }
    V_VT(out) = VT_ARRAY | VT_VARIANT;
    V_ARRAY(out) = sa;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE rule_put_Interfaces(INetFwRule *This, VARIANT value)
{
    fake_rule *r = impl_rule(This);
    cJSON *list;
    LONG lo, hi, i;
    if (r->snapshot)
        return E_NOTIMPL;
    if (V_VT(&value) == VT_EMPTY || V_VT(&value) == VT_NULL)
        return set_item(r, "Interfaces", cJSON_CreateNull());
    if (V_VT(&value) != (VT_ARRAY | VT_VARIANT) || !V_ARRAY(&value) ||
        FAILED(SafeArrayGetLBound(V_ARRAY(&value), 1, &lo)) ||
        FAILED(SafeArrayGetUBound(V_ARRAY(&value), 1, &hi)))
        return E_INVALIDARG;
    list = cJSON_CreateArray();
    if (!list)
        return E_OUTOFMEMORY;
    for (i = lo; i <= hi; i++) {
        VARIANT v;
        char *s;
        VariantInit(&v);
        if (FAILED(SafeArrayGetElement(V_ARRAY(&value), &i, &v)) || V_VT(&v) != VT_BSTR) {
            VariantClear(&v);
            cJSON_Delete(list);
            return E_INVALIDARG;
        }
        s = utf8_from_wide(V_BSTR(&v));
        cJSON_AddItemToArray(list, cJSON_CreateString(s ? s : ""));
        free(s);
        VariantClear(&v);
    }
    return set_item(r, "Interfaces", list);
}

static const INetFwRuleVtbl rule_vtbl = {
    rule_QueryInterface, rule_AddRef, rule_Release,
    rule_GetTypeInfoCount, rule_GetTypeInfo, rule_GetIDsOfNames, rule_Invoke,
    rule_get_Name, rule_put_Name,
    rule_get_Description, rule_put_Description,
    rule_get_ApplicationName, rule_put_ApplicationName,
    rule_get_ServiceName, rule_put_ServiceName,
    rule_get_Protocol, rule_put_Protocol,
    rule_get_LocalPorts, rule_put_LocalPorts,
    rule_get_RemotePorts, rule_put_RemotePorts,
    rule_get_LocalAddresses, rule_put_LocalAddresses,
    rule_get_RemoteAddresses, rule_put_RemoteAddresses,
    rule_get_IcmpTypesAndCodes, rule_put_IcmpTypesAndCodes,
    rule_get_Direction, rule_put_Direction,
    rule_get_Interfaces, rule_put_Interfaces,
    rule_get_InterfaceTypes, rule_put_InterfaceTypes,
    rule_get_Enabled, rule_put_Enabled,
    rule_get_Grouping, rule_put_Grouping,
    rule_get_Profiles, rule_put_Profiles,
    rule_get_EdgeTraversal, rule_put_EdgeTraversal,
    rule_get_Action, rule_put_Action,
};

/* A snapshot rule object of a stored rule (a copy of its properties). */
static HRESULT rule_snapshot(const cJSON *stored, INetFwRule **out)
{
    cJSON *copy = cJSON_Duplicate(stored, 1);
    if (!copy)
        return E_OUTOFMEMORY;
    return rule_create(copy, 1, out);
}

/* The full stored form of a rule object: every property, defaults filled in,
 * so that a test reads exactly what a client set. */
static cJSON *rule_to_store(fake_rule *r)
{
    static const struct {
        const char *key;
        const char *def;
    } strings[] = {{"Name", NULL},           {"Description", NULL},     {"Grouping", NULL},
                   {"ApplicationName", NULL}, {"ServiceName", NULL},    {"LocalPorts", NULL},
                   {"RemotePorts", NULL},     {"LocalAddresses", "*"},  {"RemoteAddresses", "*"},
                   {"IcmpTypesAndCodes", NULL}, {"InterfaceTypes", "All"}};
    cJSON *o = cJSON_CreateObject();
    const cJSON *ifs = cJSON_GetObjectItem(r->props, "Interfaces");
    size_t i;
    if (!o)
        return NULL;
    for (i = 0; i < sizeof strings / sizeof strings[0]; i++) {
        const cJSON *v = cJSON_GetObjectItem(r->props, strings[i].key);
        if (cJSON_IsString(v))
            cJSON_AddStringToObject(o, strings[i].key, v->valuestring);
        else if (!v && strings[i].def)
            cJSON_AddStringToObject(o, strings[i].key, strings[i].def);
        else
            cJSON_AddNullToObject(o, strings[i].key);
    }
    cJSON_AddNumberToObject(o, "Protocol", get_long(r, "Protocol", PROTOCOL_ANY));
    cJSON_AddNumberToObject(o, "Direction", get_long(r, "Direction", NET_FW_RULE_DIR_IN));
    cJSON_AddNumberToObject(o, "Action", get_long(r, "Action", NET_FW_ACTION_ALLOW));
    cJSON_AddNumberToObject(o, "Profiles", get_long(r, "Profiles", NET_FW_PROFILE2_ALL));
    cJSON_AddBoolToObject(o, "Enabled", get_bool(r, "Enabled", 0));
    cJSON_AddBoolToObject(o, "EdgeTraversal", get_bool(r, "EdgeTraversal", 0));
    cJSON_AddItemToObject(o, "Interfaces", cJSON_IsArray(ifs) ? cJSON_Duplicate(ifs, 1) : cJSON_CreateNull());
    return o;
}

/* ------------------------------------------------------------ IEnumVARIANT */

typedef struct fake_enum {
    IEnumVARIANT iface;
    LONG refs;
    cJSON *rules;  /* owned copy of the rules at _NewEnum time */
    int pos;
} fake_enum;

static const IEnumVARIANTVtbl enum_vtbl;

static fake_enum *impl_enum(IEnumVARIANT *iface)
{
    return (fake_enum *)iface;
}

static HRESULT enum_create(cJSON *rules, int pos, IEnumVARIANT **out)
{
    fake_enum *e = calloc(1, sizeof *e);
    *out = NULL;
    if (!e) {
        cJSON_Delete(rules);
        return E_OUTOFMEMORY;
    }
    e->iface.lpVtbl = &enum_vtbl;
    e->refs = 1;
    e->rules = rules;
    e->pos = pos;
    InterlockedIncrement(&g_objects);
    *out = &e->iface;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE enum_QueryInterface(IEnumVARIANT *This, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IEnumVARIANT)) {
        *out = This;
        IEnumVARIANT_AddRef(This);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE enum_AddRef(IEnumVARIANT *This)
{
    return (ULONG)InterlockedIncrement(&impl_enum(This)->refs);
}

static ULONG STDMETHODCALLTYPE enum_Release(IEnumVARIANT *This)
{
    fake_enum *e = impl_enum(This);
    LONG n = InterlockedDecrement(&e->refs);
    if (n == 0) {
        cJSON_Delete(e->rules);
        free(e);
        InterlockedDecrement(&g_objects);
    }
    return (ULONG)n;
}

static HRESULT STDMETHODCALLTYPE enum_Next(IEnumVARIANT *This, ULONG celt, VARIANT *out, ULONG *fetched)
{
    fake_enum *e = impl_enum(This);
    ULONG got = 0;
    int n = cJSON_GetArraySize(e->rules);
    if (!out)
        return E_POINTER;
    while (got < celt && e->pos < n) {
        INetFwRule *rule;
        HRESULT hr = rule_snapshot(cJSON_GetArrayItem(e->rules, e->pos), &rule);
        if (FAILED(hr)) {
            while (got > 0)
                VariantClear(&out[--got]);
            return hr;
        }
        VariantInit(&out[got]);
        V_VT(&out[got]) = VT_DISPATCH;
        V_DISPATCH(&out[got]) = (IDispatch *)rule;
        got++;
        e->pos++;
    }
    if (fetched)
        *fetched = got;
    return got == celt ? S_OK : S_FALSE;
}

static HRESULT STDMETHODCALLTYPE enum_Skip(IEnumVARIANT *This, ULONG celt)
{
    fake_enum *e = impl_enum(This);
    int n = cJSON_GetArraySize(e->rules);
    ULONG left = (ULONG)(n - e->pos);
    e->pos += (int)(celt < left ? celt : left);
    return celt <= left ? S_OK : S_FALSE;
}

static HRESULT STDMETHODCALLTYPE enum_Reset(IEnumVARIANT *This)
{
    impl_enum(This)->pos = 0;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE enum_Clone(IEnumVARIANT *This, IEnumVARIANT **out)
{
    fake_enum *e = impl_enum(This);
    cJSON *copy;
    if (!out)
        return E_POINTER;
    copy = cJSON_Duplicate(e->rules, 1);
    if (!copy)
        return E_OUTOFMEMORY;
    return enum_create(copy, e->pos, out);
}

static const IEnumVARIANTVtbl enum_vtbl = {
    enum_QueryInterface, enum_AddRef, enum_Release, enum_Next, enum_Skip, enum_Reset, enum_Clone,
};

/* ------------------------------------------------------------ INetFwRules */

typedef struct fake_rules {
    INetFwRules iface;
    LONG refs;
} fake_rules;

static const INetFwRulesVtbl rules_vtbl;

static HRESULT rules_create(INetFwRules **out)
{
    fake_rules *r = calloc(1, sizeof *r);
    *out = NULL;
    if (!r)
        return E_OUTOFMEMORY;
    r->iface.lpVtbl = &rules_vtbl;
    r->refs = 1;
    InterlockedIncrement(&g_objects);
    *out = &r->iface;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE rules_QueryInterface(INetFwRules *This, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) ||
        IsEqualIID(riid, &IID_INetFwRules)) {
        *out = This;
        INetFwRules_AddRef(This);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE rules_AddRef(INetFwRules *This)
{
    return (ULONG)InterlockedIncrement(&((fake_rules *)This)->refs);
}

static ULONG STDMETHODCALLTYPE rules_Release(INetFwRules *This)
{
    fake_rules *r = (fake_rules *)This;
    LONG n = InterlockedDecrement(&r->refs);
    if (n == 0) {
        free(r);
        InterlockedDecrement(&g_objects);
    }
    return (ULONG)n;
}

DISPATCH_METHODS(rules, INetFwRules)

/* Hangs the calling thread for good when the state says so for method. */
static void injected_hang(const cJSON *state, const char *method)
{
    const cJSON *hang = cJSON_GetObjectItem(state, "hang");
    const cJSON *v = hang ? cJSON_GetObjectItem(hang, method) : NULL;
    HANDLE marker;
    WCHAR path[MAX_PATH];
    if (!cJSON_IsString(v) || !MultiByteToWideChar(CP_UTF8, 0, v->valuestring, -1, path, MAX_PATH))
        return;
    marker = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (marker != INVALID_HANDLE_VALUE)
        CloseHandle(marker);
    Sleep(120000); /* long enough to be killed; bounded, so a test that misses it ends */
}

/* Loads the state for a Rules method and applies an injected failure. */
static HRESULT rules_begin(const char *method, cJSON **state)
{
    HRESULT hr = load_state(state);
    if (SUCCEEDED(hr))
        injected_hang(*state, method);
    if (SUCCEEDED(hr)) {
        hr = injected_failure(*state, method);
        if (FAILED(hr)) {
            cJSON_Delete(*state);
            *state = NULL;
        }
    }
    return hr;
}

static HRESULT STDMETHODCALLTYPE rules_get_Count(INetFwRules *This, LONG *count)
{
    cJSON *state;
    HRESULT hr;
    (void)This;
    if (!count)
        return E_POINTER;
    hr = rules_begin("get_Count", &state);
    if (SUCCEEDED(hr))
        *count = cJSON_GetArraySize(cJSON_GetObjectItem(state, "rules"));
    cJSON_Delete(state);
    log_call("get_Count", NULL, hr);
    return hr;
}

static HRESULT STDMETHODCALLTYPE rules_Add(INetFwRules *This, INetFwRule *rule)
{
    cJSON *state = NULL, *stored = NULL, *list;
    fake_rule *r;
    HRESULT hr;
    (void)This;
    if (!rule)
        return E_POINTER;
    if (rule->lpVtbl != &rule_vtbl)
        return E_INVALIDARG; /* only this fake's NetFwRule objects */
    r = impl_rule(rule);
    hr = rules_begin("Add", &state);
    if (SUCCEEDED(hr) && !name_valid(rule_name(r->props)))
        hr = E_INVALIDARG;
    if (SUCCEEDED(hr)) {
        list = state_rules(state);
        stored = rule_to_store(r);
        if (!list || !stored) {
            cJSON_Delete(stored);
            hr = E_OUTOFMEMORY;
        } else {
            cJSON_AddItemToArray(list, stored);
            hr = save_state(state);
            if (SUCCEEDED(hr))
                r->snapshot = 1;
        }
    }
    log_call("Add", rule_name(r->props), hr);
    cJSON_Delete(state);
    return hr;
}

static HRESULT STDMETHODCALLTYPE rules_Remove(INetFwRules *This, BSTR name)
{
    cJSON *state = NULL;
    char *n = utf8_from_wide(name);
    HRESULT hr;
    (void)This;
    hr = n ? rules_begin("Remove", &state) : E_INVALIDARG;
    if (SUCCEEDED(hr)) {
        cJSON *list = state_rules(state);
        int at = list ? find_rule(list, n) : -1;
        if (at >= 0) {
            cJSON_DeleteItemFromArray(list, at);
            hr = save_state(state);
        }
    }
    log_call("Remove", n, hr);
    free(n);
    cJSON_Delete(state);
    return hr;
}

static HRESULT STDMETHODCALLTYPE rules_Item(INetFwRules *This, BSTR name, INetFwRule **rule)
{
    cJSON *state = NULL;
    char *n = utf8_from_wide(name);
    HRESULT hr;
    (void)This;
    if (!rule) {
        free(n);
        return E_POINTER;
    }
    *rule = NULL;
    hr = n ? rules_begin("Item", &state) : E_INVALIDARG;
    if (SUCCEEDED(hr)) {
        cJSON *list = cJSON_GetObjectItem(state, "rules");
        int at = list ? find_rule(list, n) : -1;
        hr = at >= 0 ? rule_snapshot(cJSON_GetArrayItem(list, at), rule) : E_NOT_FOUND_;
    }
    log_call("Item", n, hr);
    free(n);
    cJSON_Delete(state);
    return hr;
}

static HRESULT STDMETHODCALLTYPE rules_get__NewEnum(INetFwRules *This, IUnknown **out)
{
    cJSON *state = NULL, *copy;
    HRESULT hr;
    (void)This;
    if (!out)
        return E_POINTER;
    *out = NULL;
    hr = rules_begin("get__NewEnum", &state);
    if (SUCCEEDED(hr)) {
        const cJSON *list = cJSON_GetObjectItem(state, "rules");
        copy = list ? cJSON_Duplicate(list, 1) : cJSON_CreateArray();
        hr = copy ? enum_create(copy, 0, (IEnumVARIANT **)out) : E_OUTOFMEMORY;
    }
    log_call("get__NewEnum", NULL, hr);
    cJSON_Delete(state);
    return hr;
}

static const INetFwRulesVtbl rules_vtbl = {
    rules_QueryInterface, rules_AddRef, rules_Release,
    rules_GetTypeInfoCount, rules_GetTypeInfo, rules_GetIDsOfNames, rules_Invoke,
    rules_get_Count, rules_Add, rules_Remove, rules_Item, rules_get__NewEnum,
};

/* ------------------------------------------------------------ INetFwPolicy2 */

typedef struct fake_policy {
    INetFwPolicy2 iface;
    LONG refs;
} fake_policy;

static const INetFwPolicy2Vtbl policy_vtbl;

static HRESULT STDMETHODCALLTYPE policy_QueryInterface(INetFwPolicy2 *This, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) ||
        IsEqualIID(riid, &IID_INetFwPolicy2)) {
        *out = This;
        INetFwPolicy2_AddRef(This);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE policy_AddRef(INetFwPolicy2 *This)
{
    return (ULONG)InterlockedIncrement(&((fake_policy *)This)->refs);
}

static ULONG STDMETHODCALLTYPE policy_Release(INetFwPolicy2 *This)
{
    fake_policy *p = (fake_policy *)This;
    LONG n = InterlockedDecrement(&p->refs);
    if (n == 0) {
        free(p);
        InterlockedDecrement(&g_objects);
    }
    return (ULONG)n;
}

DISPATCH_METHODS(policy, INetFwPolicy2)

static HRESULT STDMETHODCALLTYPE policy_get_CurrentProfileTypes(INetFwPolicy2 *This, LONG *out)
{
    cJSON *state;
    HRESULT hr;
    (void)This;
    if (!out)
        return E_POINTER;
    hr = load_state(&state);
    if (SUCCEEDED(hr)) {
        const cJSON *v = cJSON_GetObjectItem(state, "currentProfileTypes");
        *out = cJSON_IsNumber(v) ? (LONG)v->valueint : NET_FW_PROFILE2_PRIVATE;
    }
    cJSON_Delete(state);
    return hr;
}

static HRESULT STDMETHODCALLTYPE policy_get_Rules(INetFwPolicy2 *This, INetFwRules **out)
{
    cJSON *state;
    HRESULT hr;
    (void)This;
    if (!out)
        return E_POINTER;
    *out = NULL;
    hr = load_state(&state);
    if (SUCCEEDED(hr))
        hr = injected_failure(state, "get_Rules");
    cJSON_Delete(state);
    if (SUCCEEDED(hr))
        hr = rules_create(out);
    log_call("get_Rules", NULL, hr);
    return hr;
}

/* Everything else of INetFwPolicy2: not part of what the fake serves. */
static HRESULT STDMETHODCALLTYPE p_get_FirewallEnabled(INetFwPolicy2 *t, NET_FW_PROFILE_TYPE2 p, VARIANT_BOOL *v)
{
    (void)t, (void)p, (void)v;
    return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE p_put_FirewallEnabled(INetFwPolicy2 *t, NET_FW_PROFILE_TYPE2 p, VARIANT_BOOL v)
{
    (void)t, (void)p, (void)v;
    return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE p_get_ExcludedInterfaces(INetFwPolicy2 *t, NET_FW_PROFILE_TYPE2 p, VARIANT *v)
{
    (void)t, (void)p, (void)v;
    return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE p_put_ExcludedInterfaces(INetFwPolicy2 *t, NET_FW_PROFILE_TYPE2 p, VARIANT v)
{
    (void)t, (void)p, (void)v;
    return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE p_get_Bool(INetFwPolicy2 *t, NET_FW_PROFILE_TYPE2 p, VARIANT_BOOL *v)
{
    (void)t, (void)p, (void)v;
    return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE p_put_Bool(INetFwPolicy2 *t, NET_FW_PROFILE_TYPE2 p, VARIANT_BOOL v)
{
    (void)t, (void)p, (void)v;
    return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE p_get_ServiceRestriction(INetFwPolicy2 *t, INetFwServiceRestriction **v)
{
    (void)t;
    if (v)
        *v = NULL;
    return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE p_EnableRuleGroup(INetFwPolicy2 *t, LONG p, BSTR g, VARIANT_BOOL e)
{
    (void)t, (void)p, (void)g, (void)e;
    return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE p_IsRuleGroupEnabled(INetFwPolicy2 *t, LONG p, BSTR g, VARIANT_BOOL *e)
{
    (void)t, (void)p, (void)g, (void)e;
    return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE p_RestoreLocalFirewallDefaults(INetFwPolicy2 *t)
{
    (void)t;
    return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE p_get_Action(INetFwPolicy2 *t, NET_FW_PROFILE_TYPE2 p, NET_FW_ACTION *a)
{
    (void)t, (void)p, (void)a;
    return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE p_put_Action(INetFwPolicy2 *t, NET_FW_PROFILE_TYPE2 p, NET_FW_ACTION a)
{
    (void)t, (void)p, (void)a;
    return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE p_get_IsRuleGroupCurrentlyEnabled(INetFwPolicy2 *t, BSTR g, VARIANT_BOOL *e)
{
    (void)t, (void)g, (void)e;
    return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE p_get_LocalPolicyModifyState(INetFwPolicy2 *t, NET_FW_MODIFY_STATE *s)
{
    (void)t, (void)s;
    return E_NOTIMPL;
}

static const INetFwPolicy2Vtbl policy_vtbl = {
    policy_QueryInterface, policy_AddRef, policy_Release,
    policy_GetTypeInfoCount, policy_GetTypeInfo, policy_GetIDsOfNames, policy_Invoke,
    policy_get_CurrentProfileTypes,
    p_get_FirewallEnabled, p_put_FirewallEnabled,
    p_get_ExcludedInterfaces, p_put_ExcludedInterfaces,
    p_get_Bool, p_put_Bool,      /* BlockAllInboundTraffic */
    p_get_Bool, p_put_Bool,      /* NotificationsDisabled */
    p_get_Bool, p_put_Bool,      /* UnicastResponsesToMulticastBroadcastDisabled */
    policy_get_Rules,
    p_get_ServiceRestriction,
    p_EnableRuleGroup, p_IsRuleGroupEnabled, p_RestoreLocalFirewallDefaults,
    p_get_Action, p_put_Action,  /* DefaultInboundAction */
    p_get_Action, p_put_Action,  /* DefaultOutboundAction */
    p_get_IsRuleGroupCurrentlyEnabled,
    p_get_LocalPolicyModifyState,
};

static HRESULT policy_create(void **out)
{
    fake_policy *p = calloc(1, sizeof *p);
    *out = NULL;
    if (!p)
        return E_OUTOFMEMORY;
    p->iface.lpVtbl = &policy_vtbl;
    p->refs = 1;
    InterlockedIncrement(&g_objects);
    *out = &p->iface;
    return S_OK;
}

/* ------------------------------------------------------------ class factory */

typedef struct fake_factory {
    IClassFactory iface;
    int is_rule; /* CLSID_NetFwRule; else CLSID_NetFwPolicy2 */
} fake_factory;

static HRESULT STDMETHODCALLTYPE factory_QueryInterface(IClassFactory *This, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IClassFactory)) {
        *out = This;
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

/* The factories are static: reference counts do not matter. */
static ULONG STDMETHODCALLTYPE factory_AddRef(IClassFactory *This)
{
    (void)This;
    return 2;
}

static ULONG STDMETHODCALLTYPE factory_Release(IClassFactory *This)
{
    (void)This;
    return 1;
}

static HRESULT STDMETHODCALLTYPE factory_CreateInstance(IClassFactory *This, IUnknown *outer,
                                                        REFIID riid, void **out)
{
    IUnknown *obj = NULL;
    HRESULT hr;
    if (!out)
        return E_POINTER;
    *out = NULL;
    if (outer)
        return CLASS_E_NOAGGREGATION;
    if (((fake_factory *)This)->is_rule) {
        INetFwRule *rule;
        hr = rule_create(NULL, 0, &rule);
        obj = (IUnknown *)rule;
    } else {
        void *policy;
        hr = policy_create(&policy);
        obj = policy;
    }
    if (FAILED(hr))
        return hr;
    hr = IUnknown_QueryInterface(obj, riid, out);
    IUnknown_Release(obj);
    return hr;
}

static HRESULT STDMETHODCALLTYPE factory_LockServer(IClassFactory *This, BOOL lock)
{
    (void)This;
    if (lock)
        InterlockedIncrement(&g_objects);
    else
        InterlockedDecrement(&g_objects);
    return S_OK;
}

static const IClassFactoryVtbl factory_vtbl = {
    factory_QueryInterface, factory_AddRef, factory_Release, factory_CreateInstance, factory_LockServer,
};

static fake_factory policy_factory = {{&factory_vtbl}, 0};
static fake_factory rule_factory = {{&factory_vtbl}, 1};

HRESULT WINAPI DllGetClassObject(REFCLSID clsid, REFIID riid, void **out)
{
    if (!out)
        return E_POINTER;
    *out = NULL;
    if (IsEqualCLSID(clsid, &CLSID_NetFwPolicy2))
        return factory_QueryInterface(&policy_factory.iface, riid, out);
    if (IsEqualCLSID(clsid, &CLSID_NetFwRule))
        return factory_QueryInterface(&rule_factory.iface, riid, out);
    return CLASS_E_CLASSNOTAVAILABLE;
}

HRESULT WINAPI DllCanUnloadNow(void)
{
    return g_objects == 0 ? S_OK : S_FALSE;
}
