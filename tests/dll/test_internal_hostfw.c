/*
 * Windows-layer tests of win/lib/netfwclient.c (host firewall rules through
 * INetFwPolicy2) against the fake Windows Firewall (tests/fakes/netfw).
 *
 * Wine's own NetFwPolicy2 stores nothing, so these tests need the fake: set
 * WSLNET_FAKES_DIR to the directory holding fakenetfw.dll (a Windows path, or
 * a Linux path that Wine sees as Z:). The tests then point both COM classes
 * at it in this prefix's HKLM (restored at the end) and read the fake's state
 * C:\wslnet-fake\netfw.json. Without WSLNET_FAKES_DIR every test is skipped;
 * tests/exe/suite-hostfw.sh runs them in a fresh prefix with it set.
 */
#define COBJMACROS
#include <windows.h>
#include <initguid.h>
#include <ole2.h>
#include <netfw.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <cjson/cJSON.h>

#include "netfwclient.h"

#define STATE_DIR "C:\\wslnet-fake"
#define STATE_FILE STATE_DIR "\\netfw.json"
#define CALLS_FILE STATE_DIR "\\netfw-calls.log"
#define NAME "wslnet proxy v4tov4 0.0.0.0:8080"

static const wchar_t *const clsid_keys[] = {
    L"Software\\Classes\\CLSID\\{E2B3C97F-6AE1-41AC-817A-F6F92166D7DD}\\InprocServer32",
    L"Software\\Classes\\CLSID\\{2C5BC43E-3369-4C33-AB0C-BE9469677AF4}\\InprocServer32",
};

static int have_fake;
static wchar_t saved[2][MAX_PATH];
static int saved_ok[2];

/* ---- registering the fake */

static void set_value(const wchar_t *path, const wchar_t *name, const wchar_t *value)
{
    HKEY key;
    assert_int_equal(RegCreateKeyExW(HKEY_LOCAL_MACHINE, path, 0, NULL, 0,
                                     KEY_SET_VALUE | KEY_WOW64_64KEY, NULL, &key, NULL),
                     ERROR_SUCCESS);
    assert_int_equal(RegSetValueExW(key, name, 0, REG_SZ, (const BYTE *)value,
                                    (DWORD)((wcslen(value) + 1) * sizeof(wchar_t))),
                     ERROR_SUCCESS);
    RegCloseKey(key);
}

static int get_default(const wchar_t *path, wchar_t *buf, DWORD chars)
{
    DWORD size = chars * sizeof(wchar_t), type = 0;
    HKEY key;
    LONG rc;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_QUERY_VALUE | KEY_WOW64_64KEY, &key) != ERROR_SUCCESS)
        return 0;
    rc = RegQueryValueExW(key, NULL, NULL, &type, (BYTE *)buf, &size);
    RegCloseKey(key);
    return rc == ERROR_SUCCESS && type == REG_SZ;
}

static int group_setup(void **state)
{
    const char *dir = getenv("WSLNET_FAKES_DIR");
    wchar_t wdir[MAX_PATH], dll[MAX_PATH];
    size_t i;
    (void)state;
    if (!dir || !dir[0])
        return 0;
    MultiByteToWideChar(CP_UTF8, 0, dir, -1, wdir, MAX_PATH);
    if (wdir[0] == L'/') { /* a Linux path: Wine's Z: drive */
        for (i = 0; wdir[i]; i++)
            if (wdir[i] == L'/')
                wdir[i] = L'\\';
        _snwprintf(dll, MAX_PATH, L"Z:%ls\\fakenetfw.dll", wdir);
    } else {
        _snwprintf(dll, MAX_PATH, L"%ls\\fakenetfw.dll", wdir);
    }
    dll[MAX_PATH - 1] = 0;
    if (GetFileAttributesW(dll) == INVALID_FILE_ATTRIBUTES) {
        fprintf(stderr, "test_internal_hostfw: %ls does not exist\n", dll);
        return -1;
    }
    for (i = 0; i < 2; i++) {
        saved_ok[i] = get_default(clsid_keys[i], saved[i], MAX_PATH);
        set_value(clsid_keys[i], NULL, dll);
        set_value(clsid_keys[i], L"ThreadingModel", L"Both");
    }
    CreateDirectoryA(STATE_DIR, NULL);
    have_fake = 1;
    return 0;
}

static int group_teardown(void **state)
{
    size_t i;
    (void)state;
    if (!have_fake)
        return 0;
    for (i = 0; i < 2; i++)
        if (saved_ok[i])
            set_value(clsid_keys[i], NULL, saved[i]);
    DeleteFileA(STATE_FILE);
    DeleteFileA(CALLS_FILE);
    return 0;
}

/* Every test: skip without the fake, else start from no rules and no log. */
static int reset(void **state)
{
    (void)state;
    DeleteFileA(STATE_FILE);
    DeleteFileA(CALLS_FILE);
    return 0;
}

static void need_fake(void)
{
    if (!have_fake) {
        print_message("skipped: WSLNET_FAKES_DIR is not set (the directory of fakenetfw.dll); "
                      "tests/exe/suite-hostfw.sh runs these tests with the fake\n");
        skip();
    }
}

/* ---- the fake's state */

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = calloc(1, (size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    return buf;
}

static void seed(const char *json)
{
    FILE *f = fopen(STATE_FILE, "wb");
    assert_non_null(f);
    fputs(json, f);
    fclose(f);
}

static cJSON *load(void)
{
    char *text = read_file(STATE_FILE);
    cJSON *doc;
    assert_non_null(text);
    doc = cJSON_Parse(text);
    free(text);
    assert_non_null(doc);
    return doc;
}

static int rule_count(const cJSON *doc)
{
    return cJSON_GetArraySize(cJSON_GetObjectItem(doc, "rules"));
}

/* The i-th stored rule. */
static const cJSON *rule_at(const cJSON *doc, int i)
{
    const cJSON *r = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "rules"), i);
    assert_non_null(r);
    return r;
}

static const char *str(const cJSON *rule, const char *key)
{
    const cJSON *v = cJSON_GetObjectItem(rule, key);
    assert_non_null(v);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static double num(const cJSON *rule, const char *key)
{
    const cJSON *v = cJSON_GetObjectItem(rule, key);
    assert_true(cJSON_IsNumber(v));
    return v->valuedouble;
}

static int is_true(const cJSON *rule, const char *key)
{
    const cJSON *v = cJSON_GetObjectItem(rule, key);
    assert_true(cJSON_IsBool(v));
    return cJSON_IsTrue(v);
}

/* Lines of the fake's call log starting with "<method> ". */
static int calls(const char *method)
{
    char *log = read_file(CALLS_FILE), *p;
    size_t n = strlen(method);
    int count = 0;
    if (!log)
        return 0;
    for (p = log; *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p))
        if (strncmp(p, method, n) == 0 && p[n] == ' ')
            count++;
    free(log);
    return count;
}

static wn_hostfw_rule make_rule(const char *name, uint16_t port, unsigned profiles, const char *remote)
{
    wn_hostfw_rule r;
    memset(&r, 0, sizeof r);
    snprintf(r.name, sizeof r.name, "%s", name);
    snprintf(r.description, sizeof r.description, "Inbound TCP %u for the wslnet port proxy", port);
    r.port = port;
    r.profiles = profiles;
    snprintf(r.remote, sizeof r.remote, "%s", remote);
    return r;
}

/* Asserts the stored rule is exactly what wn_hostfw_put creates for r. */
static void assert_stored(const cJSON *s, const wn_hostfw_rule *r)
{
    char port[8];
    snprintf(port, sizeof port, "%u", r->port);
    assert_string_equal(str(s, "Name"), r->name);
    assert_string_equal(str(s, "Description"), r->description);
    assert_string_equal(str(s, "Grouping"), "wslnet");
    assert_int_equal((int)num(s, "Protocol"), 6);
    assert_string_equal(str(s, "LocalPorts"), port);
    assert_null(str(s, "RemotePorts"));
    assert_string_equal(str(s, "LocalAddresses"), "*");
    assert_string_equal(str(s, "RemoteAddresses"), r->remote);
    assert_int_equal((int)num(s, "Direction"), 1);
    assert_int_equal((int)num(s, "Action"), 1);
    assert_int_equal((unsigned)num(s, "Profiles"), r->profiles);
    assert_true(is_true(s, "Enabled"));
    assert_false(is_true(s, "EdgeTraversal"));
    assert_string_equal(str(s, "InterfaceTypes"), "All");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(s, "Interfaces")));
    assert_null(str(s, "ApplicationName"));
    assert_null(str(s, "ServiceName"));
}

#define FOREIGN(name) \
    "{\"Name\":\"" name "\",\"Grouping\":\"Contoso\",\"Protocol\":6,\"LocalPorts\":\"8080\"," \
    "\"Enabled\":true,\"Profiles\":4}"
#define OURS(name) \
    "{\"Name\":\"" name "\",\"Grouping\":\"wslnet\",\"Protocol\":6,\"LocalPorts\":\"8080\"," \
    "\"RemoteAddresses\":\"LocalSubnet\",\"Enabled\":true,\"Profiles\":3}"

/* Asserts a call's status, showing err's message when it differs. */
#define assert_status(call, want)                                                                \
    do {                                                                                         \
        wslnet_status st_ = (call);                                                              \
        if (st_ != (want))                                                                       \
            fail_msg("%s returned %d, expected %d: %s", #call, (int)st_, (int)(want), err.message); \
    } while (0)

/* ---- tests */

static void put_creates_rule(void **state)
{
    wn_hostfw_rule r = make_rule(NAME, 8080, 0x3, "LocalSubnet");
    wslnet_error err;
    cJSON *doc;
    (void)state;
    need_fake();
    assert_status(wn_hostfw_put(&r, &err), WSLNET_OK);
    doc = load();
    assert_int_equal(rule_count(doc), 1);
    assert_stored(rule_at(doc, 0), &r);
    cJSON_Delete(doc);
}

/* Appends the rules of a JSON array body ("{...},{...}") to the stored state. */
static void seed_append(const char *items)
{
    char buf[2048];
    cJSON *doc = load(), *more, *it;
    char *text;
    snprintf(buf, sizeof buf, "[%s]", items);
    more = cJSON_Parse(buf);
    assert_non_null(more);
    while ((it = cJSON_DetachItemFromArray(more, 0)) != NULL)
        cJSON_AddItemToArray(cJSON_GetObjectItem(doc, "rules"), it);
    text = cJSON_PrintUnformatted(doc);
    seed(text);
    free(text);
    cJSON_Delete(more);
    cJSON_Delete(doc);
}

static void put_scopes_local_address_and_service(void **state)
{
    wn_hostfw_rule r = make_rule(NAME, 8080, 0x3, "LocalSubnet"), bad;
    wn_hostfw_found *found = NULL;
    size_t count = 0;
    wslnet_error err;
    cJSON *doc;
    const cJSON *s;
    (void)state;
    need_fake();
    snprintf(r.local, sizeof r.local, "192.168.77.10");
    snprintf(r.service, sizeof r.service, "iphlpsvc");
    assert_status(wn_hostfw_put(&r, &err), WSLNET_OK);
    doc = load();
    s = rule_at(doc, 0);
    assert_string_equal(str(s, "LocalAddresses"), "192.168.77.10");
    assert_string_equal(str(s, "ServiceName"), "iphlpsvc");
    cJSON_Delete(doc);
    /* read back through the prefix reader: the scope, one entry per name */
    seed_append(FOREIGN("wslnet proxy v4tov4 0.0.0.0:9") "," FOREIGN("WSLNET PROXY v4tov4 0.0.0.0:9") ","
                FOREIGN("unrelated"));
    assert_status(wn_hostfw_find_prefix(WN_HOSTFW_PROXY_PREFIX, &found, &count, &err), WSLNET_OK);
    assert_int_equal(count, 2);
    assert_string_equal(found[0].rule.local, "192.168.77.10");
    assert_string_equal(found[0].rule.service, "iphlpsvc");
    assert_true(found[0].owned && found[0].canonical && found[0].count == 1);
    assert_int_equal(found[1].count, 2);
    assert_false(found[1].owned);
    free(found);
    /* a scope Windows would not take is refused before anything is read */
    bad = r;
    snprintf(bad.local, sizeof bad.local, "*");
    assert_status(wn_hostfw_put(&bad, &err), WSLNET_E_INVALID_INPUT);
    bad = r;
    snprintf(bad.service, sizeof bad.service, "a|b");
    assert_status(wn_hostfw_put(&bad, &err), WSLNET_E_INVALID_INPUT);
}

static void put_again_replaces(void **state)
{
    wn_hostfw_rule r = make_rule(NAME, 8080, 0x3, "LocalSubnet");
    wslnet_error err;
    cJSON *doc;
    (void)state;
    need_fake();
    seed("{\"rules\":[" FOREIGN("other rule") "]}");
    assert_status(wn_hostfw_put(&r, &err), WSLNET_OK);
    r = make_rule(NAME, 9090, 0x4, "10.0.0.0/8,fd00::/8");
    assert_status(wn_hostfw_put(&r, &err), WSLNET_OK);
    doc = load();
    assert_int_equal(rule_count(doc), 2);
    assert_string_equal(str(rule_at(doc, 0), "Name"), "other rule");
    assert_stored(rule_at(doc, 1), &r);
    cJSON_Delete(doc);
    assert_int_equal(calls("Add"), 2);
    assert_int_equal(calls("Remove"), 1);
}

static void put_same_rule_changes_nothing(void **state)
{
    wn_hostfw_rule r = make_rule(NAME, 8080, 0x3, "LocalSubnet");
    wslnet_error err;
    char *before, *after;
    (void)state;
    need_fake();
    assert_status(wn_hostfw_put(&r, &err), WSLNET_OK);
    before = read_file(STATE_FILE);
    assert_status(wn_hostfw_put(&r, &err), WSLNET_OK);
    after = read_file(STATE_FILE);
    assert_string_equal(before, after);
    assert_int_equal(calls("Add"), 1);
    assert_int_equal(calls("Remove"), 0);
    free(before);
    free(after);
}

static void put_replaces_duplicates_of_ours(void **state)
{
    wn_hostfw_rule r = make_rule(NAME, 8080, 0x3, "LocalSubnet");
    wslnet_error err;
    cJSON *doc;
    (void)state;
    need_fake();
    seed("{\"rules\":[" OURS(NAME) "," OURS(NAME) "]}");
    assert_status(wn_hostfw_put(&r, &err), WSLNET_OK);
    doc = load();
    assert_int_equal(rule_count(doc), 1);
    assert_stored(rule_at(doc, 0), &r);
    cJSON_Delete(doc);
}

static void foreign_rule_refused_and_untouched(void **state)
{
    static const char *const seeds[] = {
        "{\"rules\":[" FOREIGN(NAME) "]}",
        "{\"rules\":[" FOREIGN("WSLNET PROXY V4TOV4 0.0.0.0:8080") "]}", /* names are case-insensitive */
        "{\"rules\":[" OURS(NAME) "," FOREIGN(NAME) "]}",                /* one of the duplicates */
        "{\"rules\":[{\"Name\":\"" NAME "\"}]}",                         /* no grouping at all */
    };
    wn_hostfw_rule r = make_rule(NAME, 8080, 0x3, "LocalSubnet"), got;
    wslnet_error err;
    size_t i;
    int found, owned;
    (void)state;
    need_fake();
    for (i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        char *after;
        reset(NULL);
        seed(seeds[i]);
        memset(&err, 0, sizeof err);
        assert_status(wn_hostfw_put(&r, &err), WSLNET_E_INVALID_INPUT);
        assert_non_null(strstr(err.message, "not wslnet's"));
        assert_status(wn_hostfw_delete(NAME, &err), WSLNET_E_INVALID_INPUT);
        assert_non_null(strstr(err.message, "not wslnet's"));
        after = read_file(STATE_FILE);
        assert_string_equal(after, seeds[i]); /* never rewritten */
        free(after);
        assert_int_equal(calls("Add") + calls("Remove"), 0);
        assert_status(wn_hostfw_get(NAME, &got, &found, &owned, &err), WSLNET_OK);
        assert_int_equal(found, 1);
        assert_int_equal(owned, 0);
    }
}

static void delete_removes_only_ours(void **state)
{
    wslnet_error err;
    cJSON *doc;
    (void)state;
    need_fake();
    seed("{\"rules\":[" OURS("wslnet proxy v4tov4 *:80") "," FOREIGN("Contoso web") ","
         OURS(NAME) "," OURS(NAME) "," OURS("wslnet proxy v4tov4 *:81") "]}");
    assert_status(wn_hostfw_delete(NAME, &err), WSLNET_OK);
    doc = load();
    assert_int_equal(rule_count(doc), 3);
    assert_string_equal(str(rule_at(doc, 0), "Name"), "wslnet proxy v4tov4 *:80");
    assert_string_equal(str(rule_at(doc, 1), "Name"), "Contoso web");
    assert_string_equal(str(rule_at(doc, 2), "Name"), "wslnet proxy v4tov4 *:81");
    cJSON_Delete(doc);
}

static void delete_absent_is_ok(void **state)
{
    wslnet_error err;
    char *after;
    (void)state;
    need_fake();
    assert_status(wn_hostfw_delete(NAME, &err), WSLNET_OK);
    assert_null(read_file(STATE_FILE)); /* nothing written */
    seed("{\"rules\":[" FOREIGN("Contoso web") "]}");
    assert_status(wn_hostfw_delete(NAME, &err), WSLNET_OK);
    after = read_file(STATE_FILE);
    assert_string_equal(after, "{\"rules\":[" FOREIGN("Contoso web") "]}");
    free(after);
    assert_int_equal(calls("Remove"), 0);
}

static void profiles_and_remote_passed_through(void **state)
{
    static const struct {
        unsigned profiles;
        const char *remote;
    } cases[] = {
        {0x7FFFFFFFu, "*"},
        {0x4u, "LocalSubnet,192.168.1.0/24,fd00::/8,10.1.1.1-10.1.1.5"},
        {0x1u, "DNS,DHCP,WINS,DefaultGateway"},
        {0x7u, "10.0.0.0/255.0.0.0,fe80::1-fe80::9"},
    };
    wslnet_error err;
    size_t i;
    (void)state;
    need_fake();
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        wn_hostfw_rule r = make_rule(NAME, (uint16_t)(1000 + i), cases[i].profiles, cases[i].remote);
        cJSON *doc;
        assert_status(wn_hostfw_put(&r, &err), WSLNET_OK);
        doc = load();
        assert_int_equal(rule_count(doc), 1);
        assert_stored(rule_at(doc, 0), &r);
        cJSON_Delete(doc);
    }
}

static void get_reads_back(void **state)
{
    wn_hostfw_rule r = make_rule(NAME, 8080, 0x5, "LocalSubnet,10.0.0.1"), got;
    wslnet_error err;
    int found = -1, owned = -1;
    (void)state;
    need_fake();
    assert_status(wn_hostfw_get(NAME, &got, &found, &owned, &err), WSLNET_OK);
    assert_int_equal(found, 0);
    assert_int_equal(owned, 0);
    assert_status(wn_hostfw_put(&r, &err), WSLNET_OK);
    assert_status(wn_hostfw_get(NAME, &got, &found, &owned, &err), WSLNET_OK);
    assert_int_equal(found, 1);
    assert_int_equal(owned, 1);
    assert_string_equal(got.name, r.name);
    assert_string_equal(got.description, r.description);
    assert_int_equal(got.port, 8080);
    assert_int_equal(got.profiles, 0x5);
    assert_string_equal(got.remote, "LocalSubnet,10.0.0.1");
}

static void invalid_input_touches_nothing(void **state)
{
    wn_hostfw_rule bad[6];
    wslnet_error err;
    size_t i;
    (void)state;
    need_fake();
    bad[0] = make_rule("all", 8080, 0x3, "LocalSubnet");
    bad[1] = make_rule("a|b", 8080, 0x3, "LocalSubnet");
    bad[2] = make_rule(NAME, 0, 0x3, "LocalSubnet");
    bad[3] = make_rule(NAME, 8080, 0, "LocalSubnet");
    bad[4] = make_rule(NAME, 8080, 0x3, "LocalSubnet,bogus");
    bad[5] = make_rule(NAME, 8080, 0x3, "LocalSubnet");
    snprintf(bad[5].description, sizeof bad[5].description, "x|y");
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_status(wn_hostfw_put(&bad[i], &err), WSLNET_E_INVALID_INPUT);
    assert_status(wn_hostfw_put(NULL, &err), WSLNET_E_INVALID_INPUT);
    assert_status(wn_hostfw_delete("", &err), WSLNET_E_INVALID_INPUT);
    assert_status(wn_hostfw_delete(NULL, &err), WSLNET_E_INVALID_INPUT);
    assert_status(wn_hostfw_get("ALL", NULL, NULL, NULL, &err), WSLNET_E_INVALID_INPUT);
    assert_null(read_file(CALLS_FILE)); /* the firewall was never asked */
}

static void hresults_map_to_statuses(void **state)
{
    wn_hostfw_rule r = make_rule(NAME, 8080, 0x3, "LocalSubnet");
    wslnet_error err;
    cJSON *doc;
    (void)state;
    need_fake();
    seed("{\"fail\":{\"Add\":\"0x80070005\"}}");
    assert_status(wn_hostfw_put(&r, &err), WSLNET_E_ACCESS_DENIED);
    assert_int_equal(err.code, 0x80070005u);
    assert_non_null(strstr(err.message, "INetFwRules.Add failed: "));
    assert_non_null(strstr(err.message, "E_ACCESSDENIED (0x80070005)"));

    seed("{\"fail\":{\"get_Rules\":\"0x800706BA\"}}");
    assert_status(wn_hostfw_delete(NAME, &err), WSLNET_E_UNAVAILABLE);
    assert_int_equal(err.code, 0x800706BAu);
    assert_non_null(strstr(err.message, "INetFwPolicy2.get_Rules"));

    seed("{\"fail\":{\"Item\":\"0x8007000E\"}}");
    assert_status(wn_hostfw_get(NAME, NULL, NULL, NULL, &err), WSLNET_E_NO_MEMORY);
    assert_non_null(strstr(err.message, "INetFwRules.Item"));

    seed("{\"rules\":[" OURS(NAME) "],\"fail\":{\"get__NewEnum\":\"0x80004005\"}}");
    assert_status(wn_hostfw_delete(NAME, &err), WSLNET_E_SYSTEM);
    assert_non_null(strstr(err.message, "INetFwRules.get__NewEnum"));

    seed("not json");
    assert_status(wn_hostfw_put(&r, &err), WSLNET_E_SYSTEM);
    assert_int_equal(err.code, 0x8007000Du);

    /* replacing: the new rule cannot be added, and neither can the old one */
    seed("{\"rules\":[" OURS(NAME) "],\"fail\":{\"Add\":\"0x80070005\"}}");
    assert_status(wn_hostfw_put(&r, &err), WSLNET_E_ACCESS_DENIED);
    assert_non_null(strstr(err.message, "could not be put back"));
    doc = load();
    assert_int_equal(rule_count(doc), 0);
    cJSON_Delete(doc);
}

/* The fake refuses what Windows documents as refused, so the client's order
 * of calls is checked: ports need Protocol TCP/UDP first; "*" stands alone;
 * names are not "all" and hold no '|'; Item of an absent name is
 * HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND); Remove of an absent name is S_OK. */
static BSTR wide(const wchar_t *s)
{
    BSTR b = SysAllocString(s);
    assert_non_null(b);
    return b;
}

static void fake_refuses_what_windows_refuses(void **state)
{
    INetFwPolicy2 *policy = NULL;
    INetFwRules *rules = NULL;
    INetFwRule *rule = NULL, *item = (INetFwRule *)1;
    BSTR b;
    (void)state;
    need_fake();
    assert_int_equal(CoInitializeEx(NULL, COINIT_MULTITHREADED), S_OK);
    assert_int_equal(CoCreateInstance(&CLSID_NetFwRule, NULL, CLSCTX_INPROC_SERVER, &IID_INetFwRule,
                                      (void **)&rule), S_OK);
    b = wide(L"8080");
    assert_int_equal(INetFwRule_put_LocalPorts(rule, b), E_INVALIDARG);  /* protocol is "any" */
    assert_int_equal(INetFwRule_put_RemotePorts(rule, b), E_INVALIDARG);
    assert_int_equal(INetFwRule_put_Protocol(rule, 6), S_OK);
    assert_int_equal(INetFwRule_put_LocalPorts(rule, b), S_OK);
    assert_int_equal(INetFwRule_put_Protocol(rule, 1), E_INVALIDARG);    /* ICMP with ports */
    SysFreeString(b);
    b = wide(L"*,10.0.0.1");
    assert_int_equal(INetFwRule_put_RemoteAddresses(rule, b), E_INVALIDARG);
    SysFreeString(b);
    b = wide(L"LocalSubnet,10.0.0.0/8,fe80::1-fe80::9");
    assert_int_equal(INetFwRule_put_RemoteAddresses(rule, b), S_OK);
    SysFreeString(b);
    b = wide(L"all");
    assert_int_equal(INetFwRule_put_Name(rule, b), E_INVALIDARG);
    SysFreeString(b);
    b = wide(L"a|b");
    assert_int_equal(INetFwRule_put_Name(rule, b), E_INVALIDARG);
    assert_int_equal(INetFwRule_put_Description(rule, b), E_INVALIDARG);
    SysFreeString(b);

    assert_int_equal(CoCreateInstance(&CLSID_NetFwPolicy2, NULL, CLSCTX_INPROC_SERVER,
                                      &IID_INetFwPolicy2, (void **)&policy), S_OK);
    assert_int_equal(INetFwPolicy2_get_Rules(policy, &rules), S_OK);
    assert_int_equal(INetFwRules_Add(rules, rule), E_INVALIDARG);       /* no name */
    b = wide(L"absent");
    assert_int_equal(INetFwRules_Item(rules, b, &item), HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND));
    assert_null(item);
    assert_int_equal(INetFwRules_Remove(rules, b), S_OK);
    SysFreeString(b);
    INetFwRules_Release(rules);
    INetFwPolicy2_Release(policy);
    INetFwRule_Release(rule);
    CoUninitialize();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(put_creates_rule, reset),
        cmocka_unit_test_setup(put_again_replaces, reset),
        cmocka_unit_test_setup(put_same_rule_changes_nothing, reset),
        cmocka_unit_test_setup(put_replaces_duplicates_of_ours, reset),
        cmocka_unit_test_setup(foreign_rule_refused_and_untouched, reset),
        cmocka_unit_test_setup(delete_removes_only_ours, reset),
        cmocka_unit_test_setup(delete_absent_is_ok, reset),
        cmocka_unit_test_setup(profiles_and_remote_passed_through, reset),
        cmocka_unit_test_setup(get_reads_back, reset),
        cmocka_unit_test_setup(put_scopes_local_address_and_service, reset),
        cmocka_unit_test_setup(invalid_input_touches_nothing, reset),
        cmocka_unit_test_setup(hresults_map_to_statuses, reset),
        cmocka_unit_test_setup(fake_refuses_what_windows_refuses, reset),
    };
    const char *fakes = getenv("WSLNET_FAKES_DIR");
    if (!fakes || !fakes[0]) {
        /* Every test needs the fake: said as a skip (CTest's SKIP_RETURN_CODE 77),
         * never as a pass. tests/exe/suite-hostfw.sh runs them with the fake. */
        printf("skipped: WSLNET_FAKES_DIR is not set (the directory of fakenetfw.dll); "
               "tests/exe/suite-hostfw.sh runs these tests with the fake\n");
        return 77;
    }
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
