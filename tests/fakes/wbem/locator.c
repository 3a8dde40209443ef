/*
 * locator.c - fakewbem.dll: a test double of Windows' WMI for the Hyper-V
 * firewall classes, registered in a throwaway Wine prefix as the WbemLocator
 * COM class (install.sh), so CoCreateInstance(CLSID_WbemLocator) loads it.
 * Wine's own WMI has no ROOT\StandardCimv2. IWbemContext is Wine's own
 * (CLSID_WbemContext from wbemprox.dll: SetValue/GetValue work).
 *
 * README
 * ------
 * Namespace: ConnectServer accepts ROOT\StandardCimv2 (any case, '/' or '\',
 * optional \\.\ prefix); any other -> WBEM_E_INVALID_NAMESPACE; a user name
 * for this local connection -> WBEM_E_LOCAL_CREDENTIALS. The services object
 * answers IClientSecurity (SetBlanket/QueryBlanket/CopyProxy: S_OK).
 *
 * State: C:\wslnet-fake\wmi.json (directory: env WSLNET_FAKE_DIR), read at
 * every call and written after every change. No file: mode v2, no instances.
 * Malformed file: every call fails with 0x8007000D.
 *   {"mode": "v2" | "v1" | "unsupported" | "nonamespace",
 *    "stores": {"PersistentStore": {"MSFT_NetFirewallHyperVRule": [inst...],
 *                                   "MSFT_NetFirewallHyperVVMSetting": [...],
 *                                   "MSFT_NetFirewallHyperVProfile": [...],
 *                                   "MSFT_NetFirewallHyperVVMCreator": [...]},
 *               "ActiveStore": {...}, "SystemDefaults": {...}},
 *    "fail": {"PutInstance": "0x80041003"},   optional, one shot
 *    "invalidParameter": "0x80070057"}        optional, see below
 *  mode  v2: all four classes. v1: no MSFT_NetFirewallHyperVProfile.
 *        unsupported: none of them. nonamespace: ConnectServer fails with
 *        WBEM_E_INVALID_NAMESPACE. A class not served: GetObject ->
 *        WBEM_E_NOT_FOUND; ExecQuery, CreateInstanceEnum, PutInstance,
 *        DeleteInstance, ExecMethod -> WBEM_E_INVALID_CLASS.
 *  inst  {"<Property>": {"value": <json>, "cimtype": "uint16", "vt": "VT_I4"}, ...}
 *        value: number, string, bool, array or null; cimtype from the class
 *        (uint16, uint32, string, string[]); vt exactly what the client Put
 *        (VT_I4, VT_I2, VT_BSTR, VT_ARRAY|VT_BSTR, ...). Unset properties are
 *        absent. Seeds may write a plain value ("Direction": 1) instead: it is
 *        served with the VT Windows uses (uint16/uint32 VT_I4, string VT_BSTR,
 *        string[] VT_ARRAY|VT_BSTR). Values the provider computes carry
 *        "by": "provider" (rule DisplayName = ElementName; RulePriority 1 for
 *        Block, 2 for Allow when unset or 0, as documented).
 *  stores Each policy store is independent; the store of a call is the
 *        IWbemContext value "PolicyStore" (BSTR; PersistentStore, ActiveStore,
 *        SystemDefaults, any case) of THAT call (the ConnectServer context is
 *        not used); none -> PersistentStore; another name -> the invalid
 *        parameter HRESULT.
 *  fail  {"<Method>": HRESULT} makes the next call of that method return it,
 *        once (the entry is removed): ConnectServer, GetObject, ExecQuery,
 *        CreateInstanceEnum, PutInstance, DeleteInstance, ExecMethod.
 *  invalidParameter  the HRESULT for rejected values (validate.c); default
 *        WBEM_E_INVALID_PARAMETER (0x80041008).
 *
 * Calls: GetObject(class) -> class object (SpawnInstance, GetMethod);
 * GetObject(Class.InstanceID="x") -> instance or WBEM_E_NOT_FOUND; bad path
 * -> WBEM_E_INVALID_OBJECT_PATH. ExecQuery("WQL", subset in query.c) ->
 * enumerator (Next/Reset/Skip; Clone unless WBEM_FLAG_FORWARD_ONLY); other
 * language -> WBEM_E_INVALID_QUERY_TYPE; bad query or unknown property ->
 * WBEM_E_INVALID_QUERY. PutInstance: WBEM_FLAG_CREATE_OR_UPDATE (0),
 * WBEM_FLAG_CREATE_ONLY (exists -> WBEM_E_ALREADY_EXISTS), WBEM_FLAG_UPDATE_ONLY
 * (absent -> WBEM_E_NOT_FOUND); validation in validate.c; an update replaces
 * the whole instance. DeleteInstance(path) -> WBEM_E_NOT_FOUND when absent.
 * ExecMethod(MSFT_NetFirewallHyperVVMCreator, RegisterHyperVVMCreator |
 * UnregisterHyperVVMCreator): registered twice -> WBEM_E_ALREADY_EXISTS,
 * unregistering an unknown one -> WBEM_E_NOT_FOUND; out parameters
 * ReturnValue 0. WBEM_FLAG_RETURN_IMMEDIATELY: S_OK and an IWbemCallResult
 * holding the status (and the object); synchronous calls return the status
 * and, when ppCallResult is given and the call succeeded, a call result too.
 * Anything else: WBEM_E_NOT_SUPPORTED. IWbemClassObject::Put keeps the
 * VARIANT as passed (a type that cannot fit the property's CIM type ->
 * WBEM_E_TYPE_MISMATCH; unknown property -> WBEM_E_NOT_FOUND).
 *
 * Log: one line per call appended to C:\wslnet-fake\wmi-calls.log:
 *   <Method> <path|query|namespace> store=<store> flags=0x<hex> -> 0x<HRESULT>
 *   SetBlanket authn=<n> authz=<n> level=<n> imp=<n> caps=0x<hex> -> 0x00000000
 */
#include "fakewbem.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ IWbemLocator */

struct wb_locator {
    IWbemLocator iface;
    LONG ref;
};

static struct wb_locator *limpl(IWbemLocator *i)
{
    return CONTAINING_RECORD(i, struct wb_locator, iface);
}

static HRESULT STDMETHODCALLTYPE l_QueryInterface(IWbemLocator *This, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IWbemLocator)) {
        *ppv = This;
        IWbemLocator_AddRef(This);
        return S_OK;
    }
    *ppv = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE l_AddRef(IWbemLocator *This)
{
    return (ULONG)InterlockedIncrement(&limpl(This)->ref);
}

static ULONG STDMETHODCALLTYPE l_Release(IWbemLocator *This)
{
    LONG r = InterlockedDecrement(&limpl(This)->ref);
    if (r == 0)
        free(limpl(This));
    return (ULONG)r;
}

/* 1 when ns names ROOT\StandardCimv2 on this machine. */
static int is_standardcimv2(const WCHAR *ns)
{
    WCHAR buf[128];
    if (!ns || wcslen(ns) >= 128)
        return 0;
    size_t n = 0;
    for (; ns[n]; n++)
        buf[n] = ns[n] == L'/' ? L'\\' : ns[n];
    buf[n] = 0;
    const WCHAR *p = buf;
    if (wcsncmp(p, L"\\\\.\\", 4) == 0)
        p += 4;
    return _wcsicmp(p, L"ROOT\\StandardCimv2") == 0;
}

static HRESULT STDMETHODCALLTYPE l_ConnectServer(IWbemLocator *This, const BSTR ns, const BSTR user,
                                                 const BSTR password, const BSTR locale,
                                                 LONG secflags, const BSTR authority,
                                                 IWbemContext *ctx, IWbemServices **out)
{
    (void)This; (void)password; (void)locale; (void)secflags; (void)authority; (void)ctx;
    if (!out)
        return WBEM_E_INVALID_PARAMETER;
    *out = NULL;
    cJSON *doc = NULL;
    HRESULT hr = wb_state_load(&doc);
    if (SUCCEEDED(hr))
        hr = wb_state_take_fail(doc, "ConnectServer");
    if (SUCCEEDED(hr) && strcmp(wb_state_mode(doc), "nonamespace") == 0)
        hr = WBEM_E_INVALID_NAMESPACE;
    if (SUCCEEDED(hr) && !is_standardcimv2(ns))
        hr = WBEM_E_INVALID_NAMESPACE;
    if (SUCCEEDED(hr) && user && user[0])
        hr = WBEM_E_LOCAL_CREDENTIALS;
    if (SUCCEEDED(hr))
        hr = wb_services_new(out);
    char *n = wb_utf8(ns ? ns : L"(null)");
    wb_log("ConnectServer %s store=- flags=0x%lx -> 0x%08lx", n ? n : "?",
           (unsigned long)secflags, (unsigned long)hr);
    free(n);
    cJSON_Delete(doc);
    return hr;
}

static const IWbemLocatorVtbl locator_vtbl = {
    l_QueryInterface, l_AddRef, l_Release, l_ConnectServer,
};

/* ------------------------------------------------------------ class factory */

static HRESULT STDMETHODCALLTYPE f_QueryInterface(IClassFactory *This, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IClassFactory)) {
        *ppv = This;
        return S_OK;
    }
    *ppv = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE f_AddRef(IClassFactory *This)
{
    (void)This;
    return 2; /* static object */
}

static ULONG STDMETHODCALLTYPE f_Release(IClassFactory *This)
{
    (void)This;
    return 1;
}

static HRESULT STDMETHODCALLTYPE f_CreateInstance(IClassFactory *This, IUnknown *outer, REFIID riid,
                                                  void **ppv)
{
    (void)This;
    if (!ppv)
        return E_POINTER;
    *ppv = NULL;
    if (outer)
        return CLASS_E_NOAGGREGATION;
    struct wb_locator *l = calloc(1, sizeof *l);
    if (!l)
        return E_OUTOFMEMORY;
    l->iface.lpVtbl = (IWbemLocatorVtbl *)&locator_vtbl;
    l->ref = 1;
    HRESULT hr = IWbemLocator_QueryInterface(&l->iface, riid, ppv);
    IWbemLocator_Release(&l->iface);
    return hr;
}

static HRESULT STDMETHODCALLTYPE f_LockServer(IClassFactory *This, BOOL lock)
{
    (void)This; (void)lock;
    return S_OK;
}

static const IClassFactoryVtbl factory_vtbl = {
    f_QueryInterface, f_AddRef, f_Release, f_CreateInstance, f_LockServer,
};

static IClassFactory factory = {(IClassFactoryVtbl *)&factory_vtbl};

HRESULT WINAPI DllGetClassObject(REFCLSID rclsid, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    *ppv = NULL;
    if (!IsEqualCLSID(rclsid, &CLSID_WbemLocator))
        return CLASS_E_CLASSNOTAVAILABLE;
    return IClassFactory_QueryInterface(&factory, riid, ppv);
}

/* Never unloaded: objects handed out keep no module count. */
HRESULT WINAPI DllCanUnloadNow(void)
{
    return S_FALSE;
}
