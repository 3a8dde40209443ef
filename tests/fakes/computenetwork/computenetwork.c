/*
 * computenetwork.c - a test double of Windows' HNS client DLL (computenetwork.dll).
 *
 * Wine has no Host Networking Service. Tests copy the computenetwork.dll built
 * from this file into a throwaway prefix's system32, where production code
 * finds it the way it finds the real one (LoadLibraryExW + GetProcAddress).
 *
 * State: every call reads C:\wslnet-fake\hns.json (the directory can be moved
 * with the environment variable WSLNET_FAKE_DIR, a Windows path):
 *
 *   {"networks":  [{"id":"<guid>", "properties": <object or string>}],
 *    "endpoints": [{"id":"<guid>", "network":"<guid>", "properties": <object or string>}],
 *    "fail":      {"HcnOpenNetwork":"0x80070005", ...}}
 *
 * - "properties" as a JSON string is returned verbatim (tests serve malformed
 *   documents this way); as an object it is serialized. Optional
 *   "propertiesV1" / "propertiesV2" take precedence when the query asks for
 *   that schema (V1: NULL, empty, or no SchemaVersion; V2: SchemaVersion.Major 2),
 *   as the real service answers in the schema it is asked for.
 * - Unknown network -> HCN_E_NETWORK_NOT_FOUND (0x803B0001), unknown endpoint
 *   -> HCN_E_ENDPOINT_NOT_FOUND (0x803B0002), with an error record.
 * - Enumerate returns a JSON array of GUID strings without braces, as the real
 *   service does. The query's "Filter" (a JSON document inside a JSON string)
 *   is honoured for "VirtualNetwork"/"HostComputeNetwork" (the endpoint's
 *   network), "ID", and otherwise any top-level string property.
 * - "fail" makes the named function return that HRESULT (hex string or number).
 * - No state file: no networks, no endpoints. A malformed state file:
 *   every call fails with 0x8007000D (ERROR_INVALID_DATA).
 *
 * Each call appends one line to C:\wslnet-fake\hns-calls.log, after it ran:
 *   <Function> <id or -> <HRESULT as 0x%08lx> [query=<query>]
 * (query= only when a query was passed, even an empty one).
 *
 * Returned strings are CoTaskMemAlloc'd (the caller frees with CoTaskMemFree).
 */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <objbase.h>
#include <computenetwork.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#define HCN_E_NETWORK_NOT_FOUND_ ((HRESULT)0x803B0001L)
#define HCN_E_ENDPOINT_NOT_FOUND_ ((HRESULT)0x803B0002L)
#define E_INVALID_DATA_ ((HRESULT)0x8007000DL)

enum { KIND_NETWORK = 0x4e455431, KIND_ENDPOINT = 0x45505431 };

struct fake_handle {
    unsigned kind;
    char id[40]; /* lowercase, no braces */
};

/* ------------------------------------------------------------ helpers */

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

static char *utf8_from_wide(PCWSTR w)
{
    if (!w)
        return NULL;
    int n = WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
    if (n <= 0)
        return NULL;
    char *s = malloc((size_t)n);
    if (s)
        WideCharToMultiByte(CP_UTF8, 0, w, -1, s, n, NULL, NULL);
    return s;
}

/* UTF-8 text -> CoTaskMemAlloc'd wide string. */
static PWSTR cotask_wide(const char *s)
{
    int n = MultiByteToWideChar(CP_UTF8, 0, s, -1, NULL, 0);
    if (n <= 0)
        return NULL;
    PWSTR w = CoTaskMemAlloc((SIZE_T)n * sizeof(WCHAR));
    if (w)
        MultiByteToWideChar(CP_UTF8, 0, s, -1, w, n);
    return w;
}

static void log_call(const char *fn, const char *id, HRESULT hr, PCWSTR query)
{
    char dir[MAX_PATH], path[MAX_PATH];
    fake_dir(dir, sizeof dir);
    CreateDirectoryA(dir, NULL); /* fine when it exists */
    fake_path(path, sizeof path, "hns-calls.log");
    FILE *f = fopen(path, "ab");
    if (!f)
        return;
    fprintf(f, "%s %s 0x%08lx", fn, id && id[0] ? id : "-", (unsigned long)hr);
    if (query) {
        char *q = utf8_from_wide(query);
        if (q) {
            for (char *p = q; *p; p++)
                if (*p == '\r' || *p == '\n')
                    *p = ' ';
            fprintf(f, " query=%s", q);
            free(q);
        }
    }
    fputs("\n", f);
    fclose(f);
}

/* Canonical form of a GUID string: lowercase, braces and blanks dropped. */
static void canon_id(const char *in, char *out, size_t size)
{
    size_t j = 0;
    for (; in && *in && j + 1 < size; in++) {
        char c = *in;
        if (c == '{' || c == '}' || c == ' ' || c == '"')
            continue;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        out[j++] = c;
    }
    out[j] = 0;
}

static void guid_text(const GUID *g, char *out, size_t size)
{
    snprintf(out, size, "%08lx-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             (unsigned long)g->Data1, g->Data2, g->Data3, g->Data4[0], g->Data4[1],
             g->Data4[2], g->Data4[3], g->Data4[4], g->Data4[5], g->Data4[6], g->Data4[7]);
}

static int same_id(const char *a, const char *b)
{
    char ca[64], cb[64];
    canon_id(a, ca, sizeof ca);
    canon_id(b, cb, sizeof cb);
    return ca[0] && strcmp(ca, cb) == 0;
}

/* Reads the state file. *state is NULL when there is none (no networks).
 * Returns S_OK, or E_INVALID_DATA_ when the file is not JSON. */
static HRESULT load_state(cJSON **state)
{
    char path[MAX_PATH];
    *state = NULL;
    fake_path(path, sizeof path, "hns.json");
    FILE *f = fopen(path, "rb");
    if (!f)
        return S_OK;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (!buf) {
            fclose(f);
            return E_OUTOFMEMORY;
        }
        size_t got = fread(buf + len, 1, cap - len - 1, f);
        len += got;
        if (len + 1 < cap)
            break;
        cap *= 2;
        char *nb = realloc(buf, cap);
        if (!nb)
            free(buf);
        buf = nb;
    }
    fclose(f);
    buf[len] = 0;
    *state = cJSON_Parse(buf);
    free(buf);
    return *state ? S_OK : E_INVALID_DATA_;
}

static void set_error(PWSTR *error_record, HRESULT hr, const char *fmt, ...)
{
    if (!error_record)
        return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cJSON *rec = cJSON_CreateObject();
    cJSON_AddBoolToObject(rec, "Success", 0);
    cJSON_AddStringToObject(rec, "Error", msg);
    cJSON_AddNumberToObject(rec, "ErrorCode", (double)(unsigned long)hr);
    char *text = cJSON_PrintUnformatted(rec);
    cJSON_Delete(rec);
    if (text) {
        *error_record = cotask_wide(text);
        cJSON_free(text);
    }
}

/* HRESULT configured in "fail" for fn, or S_OK. */
static HRESULT injected_failure(const cJSON *state, const char *fn)
{
    const cJSON *fail = cJSON_GetObjectItemCaseSensitive(state, "fail");
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(fail, fn);
    if (cJSON_IsNumber(v))
        return (HRESULT)(unsigned long)(long long)v->valuedouble;
    if (cJSON_IsString(v) && v->valuestring)
        return (HRESULT)strtoul(v->valuestring, NULL, 0);
    return S_OK;
}

/* Common start of every call: load the state, apply injected failures. */
static HRESULT begin(const char *fn, cJSON **state, PWSTR *error_record)
{
    if (error_record)
        *error_record = NULL;
    HRESULT hr = load_state(state);
    if (FAILED(hr)) {
        set_error(error_record, hr, "fake HNS: state file hns.json is not valid JSON");
        return hr;
    }
    hr = injected_failure(*state, fn);
    if (FAILED(hr)) {
        set_error(error_record, hr, "fake HNS: injected failure of %s", fn);
        cJSON_Delete(*state);
        *state = NULL;
    }
    return hr;
}

static const cJSON *find_item(const cJSON *state, const char *list, const char *id)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(state, list))
    {
        const cJSON *iid = cJSON_GetObjectItemCaseSensitive(item, "id");
        if (cJSON_IsString(iid) && same_id(iid->valuestring, id))
            return item;
    }
    return NULL;
}

/* Parsed query: its filter object (or NULL) and the schema major asked for. */
struct query {
    cJSON *doc;
    cJSON *filter;
    int major; /* 1 for V1 (NULL/empty/no SchemaVersion), else SchemaVersion.Major */
    int valid;
};

static void query_parse(PCWSTR wq, struct query *q)
{
    memset(q, 0, sizeof *q);
    q->major = 1;
    q->valid = 1;
    char *s = utf8_from_wide(wq);
    const char *p = s;
    while (p && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    if (!p || !*p) {
        free(s);
        return;
    }
    q->doc = cJSON_Parse(p);
    free(s);
    if (!cJSON_IsObject(q->doc)) {
        q->valid = 0;
        return;
    }
    const cJSON *sv = cJSON_GetObjectItemCaseSensitive(q->doc, "SchemaVersion");
    const cJSON *major = cJSON_GetObjectItemCaseSensitive(sv, "Major");
    if (cJSON_IsNumber(major))
        q->major = major->valueint;
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(q->doc, "Filter");
    if (cJSON_IsString(f) && f->valuestring && f->valuestring[0]) {
        q->filter = cJSON_Parse(f->valuestring);
        if (!cJSON_IsObject(q->filter))
            q->valid = 0;
    } else if (cJSON_IsObject(f)) {
        q->filter = cJSON_Duplicate(f, 1);
    }
}

static void query_free(struct query *q)
{
    cJSON_Delete(q->doc);
    cJSON_Delete(q->filter);
}

static const cJSON *props_for(const cJSON *item, int major)
{
    const cJSON *p = NULL;
    if (major >= 2)
        p = cJSON_GetObjectItemCaseSensitive(item, "propertiesV2");
    else
        p = cJSON_GetObjectItemCaseSensitive(item, "propertiesV1");
    if (!p)
        p = cJSON_GetObjectItemCaseSensitive(item, "properties");
    return p;
}

static int filter_matches(const cJSON *item, int is_endpoint, const cJSON *filter)
{
    const cJSON *cond;
    cJSON_ArrayForEach(cond, filter)
    {
        const char *want = cJSON_IsString(cond) ? cond->valuestring : NULL;
        const char *key = cond->string;
        if (!want)
            return 0;
        if (is_endpoint && (!strcmp(key, "VirtualNetwork") || !strcmp(key, "HostComputeNetwork"))) {
            const cJSON *net = cJSON_GetObjectItemCaseSensitive(item, "network");
            if (!cJSON_IsString(net) || !same_id(net->valuestring, want))
                return 0;
        } else if (!strcmp(key, "ID") || !strcmp(key, "Id")) {
            const cJSON *id = cJSON_GetObjectItemCaseSensitive(item, "id");
            if (!cJSON_IsString(id) || !same_id(id->valuestring, want))
                return 0;
        } else {
            const cJSON *props = cJSON_GetObjectItemCaseSensitive(item, "properties");
            const cJSON *v = cJSON_IsObject(props) ? cJSON_GetObjectItem(props, key) : NULL;
            if (!cJSON_IsString(v) || _stricmp(v->valuestring, want) != 0)
                return 0;
        }
    }
    return 1;
}

static HRESULT enumerate(const char *fn, const char *list, int is_endpoint, PCWSTR query,
                         PWSTR *out, PWSTR *error_record)
{
    cJSON *state = NULL;
    if (out)
        *out = NULL;
    HRESULT hr = begin(fn, &state, error_record);
    if (FAILED(hr))
        return hr;
    if (!out) {
        cJSON_Delete(state);
        return E_POINTER;
    }
    struct query q;
    query_parse(query, &q);
    if (!q.valid) {
        query_free(&q);
        cJSON_Delete(state);
        set_error(error_record, E_INVALIDARG, "fake HNS: the query is not valid JSON");
        return E_INVALIDARG;
    }
    cJSON *ids = cJSON_CreateArray();
    const cJSON *item;
    cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(state, list))
    {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(item, "id");
        if (!cJSON_IsString(id))
            continue;
        if (q.filter && !filter_matches(item, is_endpoint, q.filter))
            continue;
        /* Real HNS lists bare GUIDs; keep the case the test wrote. */
        char bare[64];
        size_t j = 0;
        for (const char *p = id->valuestring; *p && j + 1 < sizeof bare; p++)
            if (*p != '{' && *p != '}')
                bare[j++] = *p;
        bare[j] = 0;
        cJSON_AddItemToArray(ids, cJSON_CreateString(bare));
    }
    char *text = cJSON_PrintUnformatted(ids);
    cJSON_Delete(ids);
    query_free(&q);
    cJSON_Delete(state);
    if (!text)
        return E_OUTOFMEMORY;
    *out = cotask_wide(text);
    cJSON_free(text);
    return *out ? S_OK : E_OUTOFMEMORY;
}

static HRESULT open_item(const char *fn, const char *list, unsigned kind, HRESULT not_found,
                         const char *text, void **handle, PWSTR *error_record)
{
    if (handle)
        *handle = NULL;
    cJSON *state = NULL;
    HRESULT hr = begin(fn, &state, error_record);
    if (FAILED(hr))
        return hr;
    if (!text[0] || !handle) {
        cJSON_Delete(state);
        return E_POINTER;
    }
    const cJSON *item = find_item(state, list, text);
    cJSON_Delete(state);
    if (!item) {
        set_error(error_record, not_found, "fake HNS: %s %s not found",
                  kind == KIND_NETWORK ? "network" : "endpoint", text);
        return not_found;
    }
    struct fake_handle *h = calloc(1, sizeof *h);
    if (!h)
        return E_OUTOFMEMORY;
    h->kind = kind;
    snprintf(h->id, sizeof h->id, "%s", text);
    *handle = h;
    return S_OK;
}

static HRESULT query_item(const char *fn, const char *list, unsigned kind, HRESULT not_found,
                          void *handle, PCWSTR query, PWSTR *properties, PWSTR *error_record)
{
    struct fake_handle *h = handle;
    if (properties)
        *properties = NULL;
    cJSON *state = NULL;
    int valid = h && h->kind == kind;
    HRESULT hr = begin(fn, &state, error_record);
    if (FAILED(hr))
        return hr;
    if (!valid) {
        cJSON_Delete(state);
        set_error(error_record, E_HANDLE, "fake HNS: %s got an invalid handle", fn);
        return E_HANDLE;
    }
    if (!properties) {
        cJSON_Delete(state);
        return E_POINTER;
    }
    struct query q;
    query_parse(query, &q);
    if (!q.valid) {
        query_free(&q);
        cJSON_Delete(state);
        set_error(error_record, E_INVALIDARG, "fake HNS: the query is not valid JSON");
        return E_INVALIDARG;
    }
    const cJSON *item = find_item(state, list, h->id);
    if (!item) {
        query_free(&q);
        cJSON_Delete(state);
        set_error(error_record, not_found, "fake HNS: %s %s no longer exists",
                  kind == KIND_NETWORK ? "network" : "endpoint", h->id);
        return not_found;
    }
    const cJSON *props = props_for(item, q.major);
    if (cJSON_IsString(props)) {
        *properties = cotask_wide(props->valuestring);
    } else {
        char *text = props ? cJSON_PrintUnformatted(props) : NULL;
        *properties = cotask_wide(text ? text : "{}");
        cJSON_free(text);
    }
    query_free(&q);
    cJSON_Delete(state);
    return *properties ? S_OK : E_OUTOFMEMORY;
}

static HRESULT close_item(unsigned kind, void *handle)
{
    struct fake_handle *h = handle;
    int valid = h && h->kind == kind;
    if (!valid)
        return E_HANDLE;
    h->kind = 0;
    free(h);
    return S_OK;
}

/* ------------------------------------------------------------ exports */

/* The id a handle names, for the call log. */
static void handle_id(void *handle, unsigned kind, char *out, size_t size)
{
    struct fake_handle *h = handle;
    snprintf(out, size, "%s", h && h->kind == kind ? h->id : "invalid-handle");
}

HRESULT WINAPI HcnEnumerateNetworks(PCWSTR Query, PWSTR *Networks, PWSTR *ErrorRecord)
{
    HRESULT hr = enumerate("HcnEnumerateNetworks", "networks", 0, Query, Networks, ErrorRecord);
    log_call("HcnEnumerateNetworks", NULL, hr, Query);
    return hr;
}

HRESULT WINAPI HcnOpenNetwork(REFGUID Id, PHCN_NETWORK Network, PWSTR *ErrorRecord)
{
    char id[40] = "";
    if (Id)
        guid_text(Id, id, sizeof id);
    HRESULT hr = open_item("HcnOpenNetwork", "networks", KIND_NETWORK, HCN_E_NETWORK_NOT_FOUND_,
                           id, Network, ErrorRecord);
    log_call("HcnOpenNetwork", id, hr, NULL);
    return hr;
}

HRESULT WINAPI HcnQueryNetworkProperties(HCN_NETWORK Network, PCWSTR Query, PWSTR *Properties,
                                         PWSTR *ErrorRecord)
{
    char id[40];
    handle_id(Network, KIND_NETWORK, id, sizeof id);
    HRESULT hr = query_item("HcnQueryNetworkProperties", "networks", KIND_NETWORK,
                            HCN_E_NETWORK_NOT_FOUND_, Network, Query, Properties, ErrorRecord);
    log_call("HcnQueryNetworkProperties", id, hr, Query);
    return hr;
}

HRESULT WINAPI HcnCloseNetwork(HCN_NETWORK Network)
{
    char id[40];
    handle_id(Network, KIND_NETWORK, id, sizeof id);
    HRESULT hr = close_item(KIND_NETWORK, Network);
    log_call("HcnCloseNetwork", id, hr, NULL);
    return hr;
}

HRESULT WINAPI HcnEnumerateEndpoints(PCWSTR Query, PWSTR *Endpoints, PWSTR *ErrorRecord)
{
    HRESULT hr = enumerate("HcnEnumerateEndpoints", "endpoints", 1, Query, Endpoints, ErrorRecord);
    log_call("HcnEnumerateEndpoints", NULL, hr, Query);
    return hr;
}

HRESULT WINAPI HcnOpenEndpoint(REFGUID Id, PHCN_ENDPOINT Endpoint, PWSTR *ErrorRecord)
{
    char id[40] = "";
    if (Id)
        guid_text(Id, id, sizeof id);
    HRESULT hr = open_item("HcnOpenEndpoint", "endpoints", KIND_ENDPOINT,
                           HCN_E_ENDPOINT_NOT_FOUND_, id, Endpoint, ErrorRecord);
    log_call("HcnOpenEndpoint", id, hr, NULL);
    return hr;
}

HRESULT WINAPI HcnQueryEndpointProperties(HCN_ENDPOINT Endpoint, PCWSTR Query, PWSTR *Properties,
                                          PWSTR *ErrorRecord)
{
    char id[40];
    handle_id(Endpoint, KIND_ENDPOINT, id, sizeof id);
    HRESULT hr = query_item("HcnQueryEndpointProperties", "endpoints", KIND_ENDPOINT,
                            HCN_E_ENDPOINT_NOT_FOUND_, Endpoint, Query, Properties, ErrorRecord);
    log_call("HcnQueryEndpointProperties", id, hr, Query);
    return hr;
}

HRESULT WINAPI HcnCloseEndpoint(HCN_ENDPOINT Endpoint)
{
    char id[40];
    handle_id(Endpoint, KIND_ENDPOINT, id, sizeof id);
    HRESULT hr = close_item(KIND_ENDPOINT, Endpoint);
    log_call("HcnCloseEndpoint", id, hr, NULL);
    return hr;
}

/* ------------------------------------------------ flow steering (mirrored) */

/*
 * The port reservation functions of HNS flow steering. WSL's mirrored mode
 * requires all three to be exported (WslCoreNetworkingSupport.cpp:107-137);
 * wslnet only looks them up, so the double exports them and never serves a
 * reservation. computenetwork-noflow.dll, built from this file with a .def
 * that lists none of them, stands for a Windows whose HNS lacks them.
 */
HRESULT WINAPI HcnReserveGuestNetworkServicePort(HCN_GUESTNETWORKSERVICE a, HCN_PORT_PROTOCOL b, HCN_PORT_ACCESS c,
                                                 USHORT d, HANDLE *e)
{
    (void)a, (void)b, (void)c, (void)d;
    if (e)
        *e = NULL;
    log_call("HcnReserveGuestNetworkServicePort", NULL, E_NOTIMPL, NULL);
    return E_NOTIMPL;
}

HRESULT WINAPI HcnReserveGuestNetworkServicePortRange(HCN_GUESTNETWORKSERVICE a, USHORT b,
                                                      HCN_PORT_RANGE_RESERVATION *c, HANDLE *d)
{
    (void)a, (void)b, (void)c;
    if (d)
        *d = NULL;
    log_call("HcnReserveGuestNetworkServicePortRange", NULL, E_NOTIMPL, NULL);
    return E_NOTIMPL;
}

HRESULT WINAPI HcnReleaseGuestNetworkServicePortReservationHandle(HANDLE a)
{
    (void)a;
    log_call("HcnReleaseGuestNetworkServicePortReservationHandle", NULL, E_NOTIMPL, NULL);
    return E_NOTIMPL;
}
