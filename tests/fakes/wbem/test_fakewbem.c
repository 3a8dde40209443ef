/*
 * test_fakewbem.c - tests of the fake WMI provider itself (fakewbem.dll),
 * through COM as a client sees it: CoCreateInstance(CLSID_WbemLocator) must
 * load the fake (tests/fakes/wbem/install.sh registers it). Each test seeds
 * C:\wslnet-fake\wmi.json and reads it back.
 *
 *   fakewbem-test.exe              run the tests (cmocka output)
 *   fakewbem-test.exe put-sample   only put the rule New-NetFirewallHyperVRule
 *                                  -Name X -DisplayName X -Direction Inbound
 *                                  -VMCreatorId '{40E0AC32-...}' -Protocol TCP
 *                                  -LocalPorts 80 documents, the way WSL's code
 *                                  puts rules (exit 0 on success)
 */
#define COBJMACROS
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <objbase.h>
#include <oleauto.h>
#include <wbemcli.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#define WSL_CREATOR L"{40E0AC32-46A5-438A-A0B2-2B479E8F2E90}"
#define RULE L"MSFT_NetFirewallHyperVRule"

/* HRESULTs compared as 32-bit values (cmocka widens a negative long). */
#define assert_hr(a, b) assert_int_equal((ULONG)(a), (ULONG)(b))

/* ------------------------------------------------------------ state files */

static void fake_file(char *buf, size_t size, const char *leaf)
{
    char dir[MAX_PATH];
    DWORD n = GetEnvironmentVariableA("WSLNET_FAKE_DIR", dir, sizeof dir);
    if (n == 0 || n >= sizeof dir)
        snprintf(dir, sizeof dir, "C:\\wslnet-fake");
    CreateDirectoryA(dir, NULL);
    snprintf(buf, size, "%s\\%s", dir, leaf);
}

static char *read_file(const char *leaf)
{
    char path[MAX_PATH];
    fake_file(path, sizeof path, leaf);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    size_t got = s ? fread(s, 1, (size_t)n, f) : 0;
    fclose(f);
    if (s)
        s[got] = 0;
    return s;
}

/* Replaces the state with json (NULL: no state file) and empties the log. */
static void seed(const char *json)
{
    char path[MAX_PATH];
    fake_file(path, sizeof path, "wmi-calls.log");
    DeleteFileA(path);
    fake_file(path, sizeof path, "wmi.json");
    DeleteFileA(path);
    if (!json)
        return;
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(json, f);
    fclose(f);
}

static cJSON *state(void)
{
    char *s = read_file("wmi.json");
    assert_non_null(s);
    cJSON *j = cJSON_Parse(s);
    free(s);
    assert_non_null(j);
    return j;
}

/* state.stores[store][cls] (borrowed from doc), or NULL. */
static cJSON *instances(cJSON *doc, const char *store, const char *cls)
{
    cJSON *stores = cJSON_GetObjectItemCaseSensitive(doc, "stores");
    cJSON *s = cJSON_GetObjectItemCaseSensitive(stores, store);
    return cJSON_GetObjectItemCaseSensitive(s, cls);
}

static int log_has(const char *text)
{
    char *s = read_file("wmi-calls.log");
    int found = s && strstr(s, text) != NULL;
    if (!found)
        print_message("log lacks [%s]; log:\n%s\n", text, s ? s : "(none)");
    free(s);
    return found;
}

/* ------------------------------------------------------------ COM helpers */

static HRESULT connect_ns(const WCHAR *ns, IWbemServices **svc)
{
    IWbemLocator *loc = NULL;
    *svc = NULL;
    HRESULT hr = CoCreateInstance(&CLSID_WbemLocator, NULL, CLSCTX_INPROC_SERVER, &IID_IWbemLocator,
                                  (void **)&loc);
    if (FAILED(hr))
        return hr;
    BSTR b = SysAllocString(ns);
    hr = IWbemLocator_ConnectServer(loc, b, NULL, NULL, NULL, 0, NULL, NULL, svc);
    SysFreeString(b);
    IWbemLocator_Release(loc);
    return hr;
}

static IWbemServices *connect_ok(void)
{
    IWbemServices *svc;
    assert_hr(connect_ns(L"ROOT\\StandardCimv2", &svc), S_OK);
    assert_int_equal(CoSetProxyBlanket((IUnknown *)svc, RPC_C_AUTHN_WINNT, RPC_C_AUTHZ_NONE, NULL,
                                       RPC_C_AUTHN_LEVEL_CALL, RPC_C_IMP_LEVEL_IMPERSONATE, NULL,
                                       EOAC_NONE),
                     S_OK);
    return svc;
}

static IWbemContext *store_ctx(const WCHAR *store)
{
    IWbemContext *ctx = NULL;
    assert_int_equal(CoCreateInstance(&CLSID_WbemContext, NULL, CLSCTX_INPROC_SERVER,
                                      &IID_IWbemContext, (void **)&ctx),
                     S_OK);
    VARIANT v;
    V_VT(&v) = VT_BSTR;
    V_BSTR(&v) = SysAllocString(store);
    assert_hr(IWbemContext_SetValue(ctx, L"PolicyStore", 0, &v), S_OK);
    VariantClear(&v);
    return ctx;
}

static IWbemClassObject *spawn(IWbemServices *svc, const WCHAR *cls)
{
    IWbemClassObject *def = NULL, *inst = NULL;
    BSTR b = SysAllocString(cls);
    assert_hr(IWbemServices_GetObject(svc, b, WBEM_FLAG_RETURN_WBEM_COMPLETE, NULL, &def, NULL), S_OK);
    SysFreeString(b);
    assert_hr(IWbemClassObject_SpawnInstance(def, 0, &inst), S_OK);
    IWbemClassObject_Release(def);
    return inst;
}

static HRESULT put_str(IWbemClassObject *o, const WCHAR *name, const WCHAR *value)
{
    VARIANT v;
    V_VT(&v) = VT_BSTR;
    V_BSTR(&v) = SysAllocString(value);
    HRESULT hr = IWbemClassObject_Put(o, name, 0, &v, 0);
    VariantClear(&v);
    return hr;
}

static HRESULT put_int(IWbemClassObject *o, const WCHAR *name, VARTYPE vt, LONG value)
{
    VARIANT v;
    VariantInit(&v);
    V_VT(&v) = vt;
    if (vt == VT_I2)
        V_I2(&v) = (SHORT)value;
    else
        V_I4(&v) = value;
    return IWbemClassObject_Put(o, name, 0, &v, 0);
}

static HRESULT put_strs(IWbemClassObject *o, const WCHAR *name, const WCHAR *const *values, int n)
{
    VARIANT v;
    V_VT(&v) = VT_ARRAY | VT_BSTR;
    V_ARRAY(&v) = SafeArrayCreateVector(VT_BSTR, 0, (ULONG)n);
    for (LONG i = 0; i < n; i++) {
        BSTR b = SysAllocString(values[i]);
        SafeArrayPutElement(V_ARRAY(&v), &i, b);
        SysFreeString(b);
    }
    HRESULT hr = IWbemClassObject_Put(o, name, 0, &v, 0);
    VariantClear(&v);
    return hr;
}

/* A rule as WSL's AddHyperVFirewallRule builds it: TCP port 80 inbound allow. */
static IWbemClassObject *sample_rule(IWbemServices *svc, const WCHAR *id)
{
    static const WCHAR *const ports[] = {L"80"};
    IWbemClassObject *r = spawn(svc, RULE);
    assert_hr(put_str(r, L"InstanceID", id), S_OK);
    assert_hr(put_str(r, L"ElementName", id), S_OK);
    assert_hr(put_int(r, L"Direction", VT_I4, 1), S_OK);
    assert_hr(put_str(r, L"VMCreatorId", WSL_CREATOR), S_OK);
    assert_hr(put_int(r, L"Action", VT_I4, 2), S_OK);
    assert_hr(put_int(r, L"Enabled", VT_I4, 1), S_OK);
    assert_hr(put_str(r, L"Protocol", L"TCP"), S_OK);
    assert_hr(put_strs(r, L"LocalPorts", ports, 1), S_OK);
    return r;
}

static HRESULT put(IWbemServices *svc, IWbemClassObject *o, LONG flags, IWbemContext *ctx)
{
    return IWbemServices_PutInstance(svc, o, flags, ctx, NULL);
}

static HRESULT query_count(IWbemServices *svc, const WCHAR *wql, IWbemContext *ctx, ULONG *count)
{
    IEnumWbemClassObject *e = NULL;
    BSTR lang = SysAllocString(L"WQL"), q = SysAllocString(wql);
    HRESULT hr = IWbemServices_ExecQuery(svc, lang, q, WBEM_FLAG_FORWARD_ONLY, ctx, &e);
    SysFreeString(lang);
    SysFreeString(q);
    *count = 0;
    if (FAILED(hr))
        return hr;
    IWbemClassObject *o;
    ULONG n;
    while (IEnumWbemClassObject_Next(e, WBEM_INFINITE, 1, &o, &n) == WBEM_S_NO_ERROR && n == 1) {
        (*count)++;
        IWbemClassObject_Release(o);
    }
    IEnumWbemClassObject_Release(e);
    return hr;
}

static const char *prop_field(cJSON *inst, const char *prop, const char *field)
{
    cJSON *p = cJSON_GetObjectItemCaseSensitive(inst, prop);
    cJSON *f = cJSON_GetObjectItemCaseSensitive(p, field);
    return cJSON_IsString(f) ? f->valuestring : NULL;
}

static double prop_number(cJSON *inst, const char *prop)
{
    cJSON *v = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(inst, prop), "value");
    assert_true(cJSON_IsNumber(v));
    return v->valuedouble;
}

/* ------------------------------------------------------------ tests */

static void test_connect_namespaces_and_blanket(void **unused)
{
    (void)unused;
    seed(NULL);
    IWbemServices *svc = connect_ok();
    IWbemServices_Release(svc);
    assert_true(log_has("ConnectServer ROOT\\StandardCimv2 store=- flags=0x0 -> 0x00000000"));
    assert_true(log_has("SetBlanket authn=10 authz=0 level=3 imp=3"));
    assert_hr(connect_ns(L"root/standardcimv2", &svc), S_OK);
    IWbemServices_Release(svc);
    assert_hr(connect_ns(L"ROOT\\CIMV2", &svc), WBEM_E_INVALID_NAMESPACE);
    assert_null(svc);
    IClientSecurity *sec = NULL;
    svc = connect_ok();
    assert_hr(IWbemServices_QueryInterface(svc, &IID_IClientSecurity, (void **)&sec), S_OK);
    IClientSecurity_Release(sec);
    IWbemServices_Release(svc);
}

static void test_put_get_round_trip_keeps_types(void **unused)
{
    (void)unused;
    seed("{}");
    IWbemServices *svc = connect_ok();
    IWbemClassObject *r = sample_rule(svc, L"X");
    assert_hr(put_int(r, L"Profiles", VT_I2, 2), S_OK); /* a client bug shows as VT_I2 */
    IWbemCallResult *res = NULL;
    assert_hr(IWbemServices_PutInstance(svc, r, WBEM_FLAG_CREATE_OR_UPDATE, NULL, &res), S_OK);
    LONG status = -1;
    assert_non_null(res);
    assert_hr(IWbemCallResult_GetCallStatus(res, WBEM_INFINITE, &status), S_OK);
    assert_hr(status, S_OK);
    IWbemCallResult_Release(res);
    IWbemClassObject_Release(r);

    cJSON *doc = state();
    cJSON *rules = instances(doc, "PersistentStore", "MSFT_NetFirewallHyperVRule");
    assert_int_equal(cJSON_GetArraySize(rules), 1);
    cJSON *x = cJSON_GetArrayItem(rules, 0);
    assert_string_equal(prop_field(x, "Direction", "vt"), "VT_I4");
    assert_string_equal(prop_field(x, "Direction", "cimtype"), "uint16");
    assert_true(prop_number(x, "Direction") == 1);
    assert_string_equal(prop_field(x, "Profiles", "vt"), "VT_I2");
    assert_string_equal(prop_field(x, "LocalPorts", "vt"), "VT_ARRAY|VT_BSTR");
    assert_string_equal(prop_field(x, "LocalPorts", "cimtype"), "string[]");
    cJSON *ports = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(x, "LocalPorts"), "value");
    assert_int_equal(cJSON_GetArraySize(ports), 1);
    assert_string_equal(cJSON_GetArrayItem(ports, 0)->valuestring, "80");
    assert_string_equal(prop_field(x, "VMCreatorId", "value"), "{40E0AC32-46A5-438A-A0B2-2B479E8F2E90}");
    assert_string_equal(prop_field(x, "DisplayName", "value"), "X");
    assert_string_equal(prop_field(x, "DisplayName", "by"), "provider");
    assert_true(prop_number(x, "RulePriority") == 2); /* Allow */
    assert_null(cJSON_GetObjectItemCaseSensitive(x, "RemotePorts"));
    cJSON_Delete(doc);

    IWbemClassObject *got = NULL;
    BSTR path = SysAllocString(L"MSFT_NetFirewallHyperVRule.InstanceID=\"X\"");
    assert_hr(IWbemServices_GetObject(svc, path, 0, NULL, &got, NULL), S_OK);
    SysFreeString(path);
    VARIANT v;
    CIMTYPE t;
    assert_hr(IWbemClassObject_Get(got, L"Direction", 0, &v, &t, NULL), S_OK);
    assert_int_equal(V_VT(&v), VT_I4);
    assert_int_equal(V_I4(&v), 1);
    assert_int_equal(t, CIM_UINT16);
    assert_hr(IWbemClassObject_Get(got, L"LocalPorts", 0, &v, &t, NULL), S_OK);
    assert_int_equal(V_VT(&v), VT_ARRAY | VT_BSTR);
    assert_int_equal(t, CIM_STRING | CIM_FLAG_ARRAY);
    VariantClear(&v);
    assert_hr(IWbemClassObject_Get(got, L"__RELPATH", 0, &v, NULL, NULL), S_OK);
    assert_true(wcscmp(V_BSTR(&v), L"MSFT_NetFirewallHyperVRule.InstanceID=\"X\"") == 0);
    VariantClear(&v);
    assert_hr(IWbemClassObject_Get(got, L"RemotePorts", 0, &v, NULL, NULL), S_OK);
    assert_int_equal(V_VT(&v), VT_NULL);
    IWbemClassObject_Release(got);
    path = SysAllocString(L"MSFT_NetFirewallHyperVRule.InstanceID=\"nope\"");
    got = NULL;
    assert_hr(IWbemServices_GetObject(svc, path, 0, NULL, &got, NULL), WBEM_E_NOT_FOUND);
    assert_null(got);
    SysFreeString(path);
    path = SysAllocString(L"NoSuchClass");
    assert_hr(IWbemServices_GetObject(svc, path, 0, NULL, &got, NULL), WBEM_E_NOT_FOUND);
    SysFreeString(path);
    assert_true(log_has("PutInstance MSFT_NetFirewallHyperVRule.InstanceID=\"X\" store=PersistentStore flags=0x0 -> 0x00000000"));
    IWbemServices_Release(svc);
}

static void test_put_rejects_bad_types(void **unused)
{
    (void)unused;
    seed("{}");
    IWbemServices *svc = connect_ok();
    IWbemClassObject *r = spawn(svc, RULE);
    assert_hr(put_str(r, L"Direction", L"1"), WBEM_E_TYPE_MISMATCH);
    assert_hr(put_int(r, L"Protocol", VT_I4, 6), WBEM_E_TYPE_MISMATCH);
    assert_hr(put_str(r, L"LocalPorts", L"80"), WBEM_E_TYPE_MISMATCH);
    assert_hr(put_str(r, L"NoSuchProperty", L"x"), WBEM_E_NOT_FOUND);
    VARIANT v;
    V_VT(&v) = VT_I4;
    V_I4(&v) = 1;
    assert_hr(IWbemClassObject_Put(r, L"Direction", 0, &v, CIM_STRING), WBEM_E_TYPE_MISMATCH);
    assert_hr(IWbemClassObject_Put(r, L"Direction", 0, &v, CIM_UINT16), S_OK);
    /* a spawned rule has the MOF default Enabled = 1 */
    assert_hr(IWbemClassObject_Get(r, L"Enabled", 0, &v, NULL, NULL), S_OK);
    assert_int_equal(V_VT(&v), VT_I4);
    assert_int_equal(V_I4(&v), 1);
    IWbemClassObject_Release(r);
    IWbemServices_Release(svc);
}

static const char *seeded_rules =
    "{\"stores\":{\"PersistentStore\":{\"MSFT_NetFirewallHyperVRule\":["
    "{\"InstanceID\":\"a\",\"VMCreatorId\":\"{40E0AC32-46A5-438A-A0B2-2B479E8F2E90}\",\"Direction\":1},"
    "{\"InstanceID\":\"b\",\"VMCreatorId\":\"{40e0ac32-46a5-438a-a0b2-2b479e8f2e90}\",\"Direction\":2},"
    "{\"InstanceID\":\"c\",\"VMCreatorId\":\"{00000000-0000-0000-0000-000000000000}\",\"Direction\":2}]}}}";

static void test_query_where_and_enumerator(void **unused)
{
    (void)unused;
    seed(seeded_rules);
    IWbemServices *svc = connect_ok();
    ULONG n;
    assert_hr(query_count(svc, L"SELECT * FROM MSFT_NetFirewallHyperVRule", NULL, &n), S_OK);
    assert_int_equal(n, 3);
    assert_hr(query_count(svc, L"select * from msft_netfirewallhypervrule where VMCreatorId = '" WSL_CREATOR L"'", NULL, &n), S_OK);
    assert_int_equal(n, 2);
    assert_hr(query_count(svc, L"SELECT * FROM MSFT_NetFirewallHyperVRule WHERE VMCreatorId=\"" WSL_CREATOR L"\" AND Direction = 2", NULL, &n), S_OK);
    assert_int_equal(n, 1);
    assert_hr(query_count(svc, L"SELECT * FROM MSFT_NetFirewallHyperVRule WHERE InstanceID = 'zz'", NULL, &n), S_OK);
    assert_int_equal(n, 0);
    assert_hr(query_count(svc, L"SELECT * FROM MSFT_NetFirewallHyperVRule WHERE Bogus = 'x'", NULL, &n), WBEM_E_INVALID_QUERY);
    assert_hr(query_count(svc, L"SELECT Name FROM MSFT_NetFirewallHyperVRule", NULL, &n), WBEM_E_INVALID_QUERY);
    assert_hr(query_count(svc, L"SELECT * FROM MSFT_NetFirewallHyperVRule WHERE Direction = 1 OR Direction = 2", NULL, &n), WBEM_E_INVALID_QUERY);
    assert_hr(query_count(svc, L"SELECT * FROM NoSuchClass", NULL, &n), WBEM_E_INVALID_CLASS);

    IEnumWbemClassObject *e = NULL, *clone = NULL;
    BSTR lang = SysAllocString(L"SQL"), q = SysAllocString(L"SELECT * FROM MSFT_NetFirewallHyperVRule");
    assert_hr(IWbemServices_ExecQuery(svc, lang, q, 0, NULL, &e), WBEM_E_INVALID_QUERY_TYPE);
    SysFreeString(lang);
    lang = SysAllocString(L"WQL");
    assert_hr(IWbemServices_ExecQuery(svc, lang, q, 0, NULL, &e), S_OK);
    IWbemClassObject *objs[5] = {0};
    assert_hr(IEnumWbemClassObject_Next(e, WBEM_INFINITE, 5, objs, &n), WBEM_S_FALSE);
    assert_int_equal(n, 3);
    for (ULONG i = 0; i < n; i++)
        IWbemClassObject_Release(objs[i]);
    assert_hr(IEnumWbemClassObject_Reset(e), S_OK);
    assert_hr(IEnumWbemClassObject_Skip(e, WBEM_INFINITE, 2), S_OK);
    assert_hr(IEnumWbemClassObject_Clone(e, &clone), S_OK);
    assert_hr(IEnumWbemClassObject_Next(clone, WBEM_INFINITE, 1, objs, &n), S_OK);
    VARIANT v;
    assert_hr(IWbemClassObject_Get(objs[0], L"InstanceID", 0, &v, NULL, NULL), S_OK);
    assert_true(wcscmp(V_BSTR(&v), L"c") == 0);
    VariantClear(&v);
    IWbemClassObject_Release(objs[0]);
    IEnumWbemClassObject_Release(clone);
    IEnumWbemClassObject_Release(e);
    assert_hr(IWbemServices_ExecQuery(svc, lang, q, WBEM_FLAG_FORWARD_ONLY, NULL, &e), S_OK);
    assert_hr(IEnumWbemClassObject_Clone(e, &clone), WBEM_E_INVALID_OPERATION);
    IEnumWbemClassObject_Release(e);
    SysFreeString(lang);
    SysFreeString(q);
    IWbemServices_Release(svc);
}

static void test_delete(void **unused)
{
    (void)unused;
    seed(seeded_rules);
    IWbemServices *svc = connect_ok();
    BSTR path = SysAllocString(L"MSFT_NetFirewallHyperVRule.InstanceId=\"a\""); /* WSL's spelling */
    assert_hr(IWbemServices_DeleteInstance(svc, path, 0, NULL, NULL), S_OK);
    cJSON *doc = state();
    cJSON *rules = instances(doc, "PersistentStore", "MSFT_NetFirewallHyperVRule");
    assert_int_equal(cJSON_GetArraySize(rules), 2);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(rules, 0), "InstanceID")->valuestring, "b");
    cJSON_Delete(doc);
    assert_hr(IWbemServices_DeleteInstance(svc, path, 0, NULL, NULL), WBEM_E_NOT_FOUND);
    IWbemCallResult *res = NULL;
    LONG status = 0;
    assert_hr(IWbemServices_DeleteInstance(svc, path, WBEM_FLAG_RETURN_IMMEDIATELY, NULL, &res), S_OK);
    assert_hr(IWbemCallResult_GetCallStatus(res, WBEM_INFINITE, &status), S_OK);
    assert_hr(status, WBEM_E_NOT_FOUND);
    IWbemCallResult_Release(res);
    SysFreeString(path);
    path = SysAllocString(L"MSFT_NetFirewallHyperVRule.InstanceID=");
    assert_hr(IWbemServices_DeleteInstance(svc, path, 0, NULL, NULL), WBEM_E_INVALID_OBJECT_PATH);
    SysFreeString(path);
    assert_true(log_has("DeleteInstance MSFT_NetFirewallHyperVRule.InstanceId=\"a\" store=PersistentStore flags=0x10 -> 0x80041002"));
    IWbemServices_Release(svc);
}

static void test_policy_stores_are_separate(void **unused)
{
    (void)unused;
    seed("{}");
    IWbemServices *svc = connect_ok();
    IWbemContext *active = store_ctx(L"ActiveStore"), *defaults = store_ctx(L"SystemDefaults"),
                 *persistent = store_ctx(L"persistentstore"), *bogus = store_ctx(L"Bogus");
    IWbemClassObject *r = sample_rule(svc, L"only-active");
    assert_hr(put(svc, r, 0, active), S_OK);
    assert_hr(put(svc, r, 0, bogus), WBEM_E_INVALID_PARAMETER);
    IWbemClassObject_Release(r);
    ULONG n;
    const WCHAR *all = L"SELECT * FROM MSFT_NetFirewallHyperVRule";
    assert_hr(query_count(svc, all, active, &n), S_OK);
    assert_int_equal(n, 1);
    assert_hr(query_count(svc, all, NULL, &n), S_OK);
    assert_int_equal(n, 0);
    assert_hr(query_count(svc, all, persistent, &n), S_OK);
    assert_int_equal(n, 0);
    assert_hr(query_count(svc, all, defaults, &n), S_OK);
    assert_int_equal(n, 0);
    cJSON *doc = state();
    assert_int_equal(cJSON_GetArraySize(instances(doc, "ActiveStore", "MSFT_NetFirewallHyperVRule")), 1);
    assert_null(instances(doc, "PersistentStore", "MSFT_NetFirewallHyperVRule"));
    cJSON_Delete(doc);
    assert_true(log_has("store=ActiveStore"));
    IWbemContext_Release(active);
    IWbemContext_Release(defaults);
    IWbemContext_Release(persistent);
    IWbemContext_Release(bogus);
    IWbemServices_Release(svc);
}

static void test_put_flags(void **unused)
{
    (void)unused;
    seed("{}");
    IWbemServices *svc = connect_ok();
    IWbemClassObject *r = sample_rule(svc, L"r1");
    assert_hr(put(svc, r, WBEM_FLAG_UPDATE_ONLY, NULL), WBEM_E_NOT_FOUND);
    assert_hr(put(svc, r, WBEM_FLAG_CREATE_ONLY, NULL), S_OK);
    assert_hr(put(svc, r, WBEM_FLAG_CREATE_ONLY, NULL), WBEM_E_ALREADY_EXISTS);
    assert_hr(put_int(r, L"Action", VT_I4, 4), S_OK);
    assert_hr(put(svc, r, WBEM_FLAG_UPDATE_ONLY, NULL), S_OK);
    IWbemClassObject_Release(r);
    cJSON *doc = state();
    cJSON *rules = instances(doc, "PersistentStore", "MSFT_NetFirewallHyperVRule");
    assert_int_equal(cJSON_GetArraySize(rules), 1);
    assert_true(prop_number(cJSON_GetArrayItem(rules, 0), "Action") == 4);
    assert_true(prop_number(cJSON_GetArrayItem(rules, 0), "RulePriority") == 1); /* Block */
    cJSON_Delete(doc);
    /* a class object is not an instance */
    IWbemClassObject *def = NULL;
    BSTR b = SysAllocString(RULE);
    assert_hr(IWbemServices_GetObject(svc, b, 0, NULL, &def, NULL), S_OK);
    assert_hr(put(svc, def, 0, NULL), WBEM_E_INVALID_OBJECT);
    IWbemClassObject_Release(def);
    SysFreeString(b);
    IWbemServices_Release(svc);
}

struct bad_rule {
    const WCHAR *prop;
    VARTYPE vt; /* VT_BSTR, VT_I4, or VT_ARRAY|VT_BSTR (value: one element) */
    const WCHAR *str;
    LONG num;
};

static HRESULT put_bad(IWbemServices *svc, const struct bad_rule *b)
{
    IWbemClassObject *r = sample_rule(svc, L"bad");
    HRESULT hr = S_OK;
    if (b->vt == VT_BSTR)
        hr = put_str(r, b->prop, b->str);
    else if (b->vt == VT_I4)
        hr = put_int(r, b->prop, VT_I4, b->num);
    else if (b->vt == VT_NULL) {
        VARIANT v;
        V_VT(&v) = VT_NULL;
        hr = IWbemClassObject_Put(r, b->prop, 0, &v, 0);
    } else
        hr = put_strs(r, b->prop, &b->str, 1);
    assert_hr(hr, S_OK);
    hr = put(svc, r, 0, NULL);
    IWbemClassObject_Release(r);
    return hr;
}

static void test_rule_validation(void **unused)
{
    (void)unused;
    static const struct bad_rule bad[] = {
        {L"Protocol", VT_BSTR, L"ICMPv4", 0},          /* LocalPorts 80 without TCP/UDP */
        {L"Protocol", VT_BSTR, L"1", 0},
        {L"Protocol", VT_BSTR, L"SCTP", 0},
        {L"Protocol", VT_BSTR, L"256", 0},
        {L"Protocol", VT_NULL, NULL, 0},                 /* ports with "any" protocol */
        {L"VMCreatorId", VT_BSTR, L"40E0AC32-46A5-438A-A0B2-2B479E8F2E90", 0},
        {L"VMCreatorId", VT_BSTR, L"{40E0AC32-46A5-438A-A0B2-2B479E8F2E9}", 0},
        {L"Direction", VT_I4, NULL, 3},
        {L"Direction", VT_I4, NULL, 0},
        {L"Action", VT_I4, NULL, 1},
        {L"Action", VT_I4, NULL, 3},
        {L"Enabled", VT_I4, NULL, 0},
        {L"Profiles", VT_I4, NULL, 8},
        {L"LocalPorts", VT_ARRAY | VT_BSTR, L"70000", 0},
        {L"LocalPorts", VT_ARRAY | VT_BSTR, L"90-80", 0},
        {L"LocalPorts", VT_ARRAY | VT_BSTR, L"80,81", 0},
        {L"RemotePorts", VT_ARRAY | VT_BSTR, L"RPC", 0},
        {L"RemoteAddresses", VT_ARRAY | VT_BSTR, L"10.0.0", 0},
        {L"RemoteAddresses", VT_ARRAY | VT_BSTR, L"10.0.0.0/33", 0},
        {L"LocalAddresses", VT_ARRAY | VT_BSTR, L"10.0.0.1-fe80::1", 0},
        {L"InstanceID", VT_BSTR, L"", 0},
    };
    static const struct bad_rule good[] = {
        {L"Protocol", VT_BSTR, L"udp", 0},
        {L"Protocol", VT_BSTR, L"6", 0},
        {L"LocalPorts", VT_ARRAY | VT_BSTR, L"1000-2000", 0},
        {L"LocalPorts", VT_ARRAY | VT_BSTR, L"RPC-EPMap", 0},
        {L"RemoteAddresses", VT_ARRAY | VT_BSTR, L"192.168.0.0/255.255.0.0", 0},
        {L"RemoteAddresses", VT_ARRAY | VT_BSTR, L"fe80::1-fe80::9", 0},
        {L"LocalAddresses", VT_ARRAY | VT_BSTR, L"2001:db8::/64", 0},
        {L"Profiles", VT_I4, NULL, 6},
        {L"Enabled", VT_I4, NULL, 2},
    };
    seed("{}");
    IWbemServices *svc = connect_ok();
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        HRESULT hr = put_bad(svc, &bad[i]);
        if (hr != (HRESULT)WBEM_E_INVALID_PARAMETER)
            fail_msg("bad %ls=%ls/%ld: 0x%08lx", bad[i].prop, bad[i].str ? bad[i].str : L"",
                     (long)bad[i].num, (unsigned long)hr);
    }
    char *s = read_file("wmi.json");
    assert_true(s == NULL || strstr(s, "\"bad\"") == NULL); /* nothing stored */
    free(s);
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        HRESULT hr = put_bad(svc, &good[i]);
        if (hr != S_OK)
            fail_msg("good %ls=%ls/%ld: 0x%08lx", good[i].prop, good[i].str ? good[i].str : L"",
                     (long)good[i].num, (unsigned long)hr);
    }
    /* the key NULL: WBEM_E_ILLEGAL_NULL */
    static const struct bad_rule no_id = {L"InstanceID", VT_NULL, NULL, 0};
    assert_hr(put_bad(svc, &no_id), WBEM_E_ILLEGAL_NULL);
    /* the state can make rejections use another HRESULT (WFasCim's E_INVALIDARG) */
    seed("{\"invalidParameter\": \"0x80070057\"}");
    assert_hr(put_bad(svc, &bad[0]), E_INVALIDARG);
    IWbemServices_Release(svc);
}

static void test_vm_setting(void **unused)
{
    (void)unused;
    seed("{}");
    IWbemServices *svc = connect_ok();
    IWbemClassObject *s = spawn(svc, L"MSFT_NetFirewallHyperVVMSetting");
    assert_hr(put_str(s, L"InstanceID", WSL_CREATOR), S_OK);
    assert_hr(put_str(s, L"Name", WSL_CREATOR), S_OK);
    assert_hr(put_int(s, L"LoopbackEnabled", VT_I4, 1), S_OK);
    assert_hr(put_int(s, L"DefaultInboundAction", VT_I4, 2), S_OK);
    assert_hr(put(svc, s, WBEM_FLAG_CREATE_OR_UPDATE, NULL), S_OK);
    assert_hr(put_int(s, L"DefaultInboundAction", VT_I4, 3), S_OK);
    assert_hr(put(svc, s, 0, NULL), WBEM_E_INVALID_PARAMETER);
    assert_hr(put_int(s, L"DefaultInboundAction", VT_I4, 4), S_OK);
    assert_hr(put_int(s, L"Enabled", VT_I4, 3), S_OK);
    assert_hr(put(svc, s, 0, NULL), WBEM_E_INVALID_PARAMETER);
    assert_hr(put_int(s, L"Enabled", VT_I4, 0), S_OK);
    assert_hr(put_str(s, L"Name", L"40E0AC32-46A5-438A-A0B2-2B479E8F2E90"), S_OK);
    assert_hr(put(svc, s, 0, NULL), WBEM_E_INVALID_PARAMETER);
    IWbemClassObject_Release(s);
    cJSON *doc = state();
    cJSON *list = instances(doc, "PersistentStore", "MSFT_NetFirewallHyperVVMSetting");
    assert_int_equal(cJSON_GetArraySize(list), 1);
    assert_string_equal(prop_field(cJSON_GetArrayItem(list, 0), "LoopbackEnabled", "vt"), "VT_I4");
    assert_true(prop_number(cJSON_GetArrayItem(list, 0), "DefaultInboundAction") == 2);
    cJSON_Delete(doc);
    ULONG n;
    assert_hr(query_count(svc, L"SELECT * FROM MSFT_NetFirewallHyperVVMSetting WHERE Name = '" WSL_CREATOR L"'", NULL, &n), S_OK);
    assert_int_equal(n, 1);
    IWbemServices_Release(svc);
}

static void test_modes(void **unused)
{
    (void)unused;
    IWbemServices *svc;
    IWbemClassObject *o = NULL;
    BSTR creator = SysAllocString(L"MSFT_NetFirewallHyperVVMCreator");
    ULONG n;
    const WCHAR *profiles = L"SELECT * FROM MSFT_NetFirewallHyperVProfile";

    seed("{\"mode\":\"v2\"}");
    svc = connect_ok();
    assert_hr(IWbemServices_GetObject(svc, creator, 0, NULL, &o, NULL), S_OK);
    IWbemClassObject_Release(o);
    assert_hr(query_count(svc, profiles, NULL, &n), S_OK);
    IWbemServices_Release(svc);

    seed("{\"mode\":\"v1\"}");
    svc = connect_ok();
    assert_hr(IWbemServices_GetObject(svc, creator, 0, NULL, &o, NULL), S_OK);
    IWbemClassObject_Release(o);
    assert_hr(query_count(svc, profiles, NULL, &n), WBEM_E_INVALID_CLASS);
    assert_hr(query_count(svc, L"SELECT * FROM MSFT_NetFirewallHyperVRule", NULL, &n), S_OK);
    IWbemServices_Release(svc);

    seed("{\"mode\":\"unsupported\"}");
    svc = connect_ok();
    o = NULL;
    assert_hr(IWbemServices_GetObject(svc, creator, 0, NULL, &o, NULL), WBEM_E_NOT_FOUND);
    assert_null(o);
    assert_hr(query_count(svc, L"SELECT * FROM MSFT_NetFirewallHyperVRule", NULL, &n), WBEM_E_INVALID_CLASS);
    IWbemServices_Release(svc);

    seed("{\"mode\":\"nonamespace\"}");
    assert_hr(connect_ns(L"ROOT\\StandardCimv2", &svc), WBEM_E_INVALID_NAMESPACE);

    seed("{not json");
    assert_hr(connect_ns(L"ROOT\\StandardCimv2", &svc), (HRESULT)0x8007000D);
    SysFreeString(creator);
}

static void test_fail_injection(void **unused)
{
    (void)unused;
    seed("{\"fail\":{\"PutInstance\":\"0x80041003\",\"ConnectServer\":\"0x80041008\"}}");
    IWbemServices *svc;
    assert_hr(connect_ns(L"ROOT\\StandardCimv2", &svc), WBEM_E_INVALID_PARAMETER);
    svc = connect_ok();
    IWbemClassObject *r = sample_rule(svc, L"X");
    assert_hr(put(svc, r, 0, NULL), WBEM_E_ACCESS_DENIED);
    cJSON *doc = state();
    assert_null(instances(doc, "PersistentStore", "MSFT_NetFirewallHyperVRule"));
    assert_null(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(doc, "fail"), "PutInstance"));
    cJSON_Delete(doc);
    assert_true(log_has("PutInstance MSFT_NetFirewallHyperVRule.InstanceID=\"X\" store=- flags=0x0 -> 0x80041003"));
    assert_hr(put(svc, r, 0, NULL), S_OK);
    IWbemClassObject_Release(r);
    IWbemServices_Release(svc);
}

static void test_register_vm_creator(void **unused)
{
    (void)unused;
    seed("{}");
    IWbemServices *svc = connect_ok();
    BSTR cls = SysAllocString(L"MSFT_NetFirewallHyperVVMCreator");
    BSTR method = SysAllocString(L"RegisterHyperVVMCreator");
    IWbemClassObject *def = NULL, *in = NULL, *args = NULL, *out = NULL;
    assert_hr(IWbemServices_GetObject(svc, cls, 0, NULL, &def, NULL), S_OK);
    assert_hr(IWbemClassObject_GetMethod(def, method, 0, &in, NULL), S_OK);
    assert_hr(IWbemClassObject_SpawnInstance(in, 0, &args), S_OK);
    assert_hr(put_str(args, L"VMCreatorId", WSL_CREATOR), S_OK);
    assert_hr(put_str(args, L"FriendlyName", L"WSL"), S_OK);
    IWbemCallResult *res = NULL;
    assert_hr(IWbemServices_ExecMethod(svc, cls, method, WBEM_FLAG_RETURN_IMMEDIATELY, NULL, args, NULL, &res), S_OK);
    assert_hr(IWbemCallResult_GetResultObject(res, WBEM_INFINITE, &out), S_OK);
    VARIANT v;
    assert_hr(IWbemClassObject_Get(out, L"ReturnValue", 0, &v, NULL, NULL), S_OK);
    assert_int_equal(V_VT(&v), VT_I4);
    assert_int_equal(V_I4(&v), 0);
    IWbemClassObject_Release(out);
    IWbemCallResult_Release(res);
    assert_hr(IWbemServices_ExecMethod(svc, cls, method, WBEM_FLAG_RETURN_IMMEDIATELY, NULL, args, NULL, &res), S_OK);
    out = NULL;
    assert_hr(IWbemCallResult_GetResultObject(res, WBEM_INFINITE, &out), WBEM_E_ALREADY_EXISTS);
    IWbemCallResult_Release(res);
    cJSON *doc = state();
    cJSON *list = instances(doc, "PersistentStore", "MSFT_NetFirewallHyperVVMCreator");
    assert_int_equal(cJSON_GetArraySize(list), 1);
    assert_string_equal(prop_field(cJSON_GetArrayItem(list, 0), "FriendlyName", "value"), "WSL");
    cJSON_Delete(doc);
    BSTR bogus = SysAllocString(L"NoSuchMethod");
    assert_hr(IWbemServices_ExecMethod(svc, cls, bogus, 0, NULL, args, &out, NULL), WBEM_E_INVALID_METHOD);
    SysFreeString(bogus);
    IWbemClassObject_Release(args);
    IWbemClassObject_Release(in);
    IWbemClassObject_Release(def);
    SysFreeString(method);
    SysFreeString(cls);
    IWbemServices_Release(svc);
}

static int com_up(void **unused)
{
    (void)unused;
    return FAILED(CoInitializeEx(NULL, COINIT_MULTITHREADED));
}

static int com_down(void **unused)
{
    (void)unused;
    CoUninitialize();
    return 0;
}

/* put-sample: the New-NetFirewallHyperVRule -Name X ... -Protocol TCP -LocalPorts 80 rule. */
static int put_sample(void)
{
    if (FAILED(CoInitializeEx(NULL, COINIT_MULTITHREADED)))
        return 1;
    IWbemServices *svc;
    HRESULT hr = connect_ns(L"ROOT\\StandardCimv2", &svc);
    if (SUCCEEDED(hr)) {
        IWbemClassObject *r = sample_rule(svc, L"X");
        hr = put(svc, r, WBEM_FLAG_CREATE_OR_UPDATE, NULL);
        IWbemClassObject_Release(r);
        IWbemServices_Release(svc);
    }
    CoUninitialize();
    printf("put-sample: 0x%08lx\n", (unsigned long)hr);
    return FAILED(hr);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "put-sample") == 0)
        return put_sample();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_connect_namespaces_and_blanket),
        cmocka_unit_test(test_put_get_round_trip_keeps_types),
        cmocka_unit_test(test_put_rejects_bad_types),
        cmocka_unit_test(test_query_where_and_enumerator),
        cmocka_unit_test(test_delete),
        cmocka_unit_test(test_policy_stores_are_separate),
        cmocka_unit_test(test_put_flags),
        cmocka_unit_test(test_rule_validation),
        cmocka_unit_test(test_vm_setting),
        cmocka_unit_test(test_modes),
        cmocka_unit_test(test_fail_injection),
        cmocka_unit_test(test_register_vm_creator),
    };
    return cmocka_run_group_tests(tests, com_up, com_down);
}
