/* wmi.c - the small WMI client (see wmi.h). */
#define COBJMACROS
#include "wmi.h"

#include "hvfw_plan.h"
#include "status.h"
#include "winutil.h"

#include <oleauto.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ connection */

static BSTR bstr_from_utf8(const char *utf8)
{
    wchar_t *wide = wn_wide_from_utf8(utf8);
    BSTR b = wide ? SysAllocString(wide) : NULL;
    free(wide);
    return b;
}

static wslnet_status make_context(wn_wmi *w, const wchar_t *policy_store, wslnet_error *err)
{
    VARIANT v;
    HRESULT hr = CoCreateInstance(&CLSID_WbemContext, NULL, CLSCTX_INPROC_SERVER, &IID_IWbemContext,
                                  (void **)&w->context);
    if (FAILED(hr))
        return wn_fail_hr(err, hr, "CoCreateInstance(WbemContext)");
    VariantInit(&v);
    v.vt = VT_BSTR;
    if (!(v.bstrVal = SysAllocString(policy_store)))
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    hr = IWbemContext_SetValue(w->context, L"PolicyStore", 0, &v);
    VariantClear(&v);
    return FAILED(hr) ? wn_fail_hr(err, hr, "IWbemContext.SetValue(PolicyStore)") : WSLNET_OK;
}

wslnet_status wn_wmi_open(wn_wmi *w, const wchar_t *policy_store, wslnet_error *err)
{
    IWbemLocator *locator = NULL;
    BSTR ns = NULL;
    HRESULT hr;
    wslnet_status st = WSLNET_OK;
    memset(w, 0, sizeof *w);
    if (FAILED(hr = wn_com_enter(&w->uninitialize)))
        return wn_fail_hr(err, hr, "CoInitializeEx");
    if (policy_store && (st = make_context(w, policy_store, err)) != WSLNET_OK)
        goto done;
    hr = CoCreateInstance(&CLSID_WbemLocator, NULL, CLSCTX_INPROC_SERVER, &IID_IWbemLocator, (void **)&locator);
    if (FAILED(hr)) {
        st = wn_fail_hr(err, hr, "WMI is not available: CoCreateInstance(WbemLocator)");
        goto done;
    }
    if (!(ns = SysAllocString(WN_WMI_NAMESPACE))) {
        st = wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
        goto done;
    }
    hr = IWbemLocator_ConnectServer(locator, ns, NULL, NULL, NULL, 0, NULL, w->context, &w->services);
    if (FAILED(hr)) {
        st = wn_fail_hr(err, hr, "connecting to WMI namespace ROOT\\StandardCimv2");
        goto done;
    }
    /* As WSL does: impersonate the caller so the provider checks its rights. */
    hr = CoSetProxyBlanket((IUnknown *)w->services, RPC_C_AUTHN_WINNT, RPC_C_AUTHZ_NONE, NULL,
                           RPC_C_AUTHN_LEVEL_CALL, RPC_C_IMP_LEVEL_IMPERSONATE, NULL, EOAC_NONE);
    if (FAILED(hr))
        st = wn_fail_hr(err, hr, "CoSetProxyBlanket on ROOT\\StandardCimv2");
done:
    SysFreeString(ns);
    if (locator)
        IWbemLocator_Release(locator);
    if (st != WSLNET_OK)
        wn_wmi_close(w);
    return st;
}

void wn_wmi_close(wn_wmi *w)
{
    if (w->services)
        IWbemServices_Release(w->services);
    if (w->context)
        IWbemContext_Release(w->context);
    wn_com_leave(w->uninitialize);
    memset(w, 0, sizeof *w);
}

/* ------------------------------------------------------------ operations */

/* "<op>(<what>)" for messages, UTF-8. */
static void describe(char *buf, size_t size, const char *op, const wchar_t *what)
{
    char utf8[160];
    wn_utf8_from_wide(what, utf8, sizeof utf8);
    wn_snprintf(buf, size, "%s(%s)", op, utf8);
}

wslnet_status wn_wmi_get_object(wn_wmi *w, const wchar_t *path, IWbemClassObject **out, wslnet_error *err)
{
    BSTR b = SysAllocString(path);
    HRESULT hr;
    char what[200];
    *out = NULL;
    if (!b)
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    hr = IWbemServices_GetObject(w->services, b, WBEM_FLAG_RETURN_WBEM_COMPLETE, w->context, out, NULL);
    SysFreeString(b);
    if (FAILED(hr) || !*out) {
        describe(what, sizeof what, "GetObject", path);
        return wn_fail_hr(err, FAILED(hr) ? hr : (HRESULT)WBEM_E_FAILED, what);
    }
    return WSLNET_OK;
}

void wn_wmi_objects_free(IWbemClassObject **objects, size_t count)
{
    size_t i;
    for (i = 0; i < count; i++)
        IWbemClassObject_Release(objects[i]);
    free(objects);
}

wslnet_status wn_wmi_query(wn_wmi *w, const wchar_t *wql, IWbemClassObject ***out, size_t *count,
                           wslnet_error *err)
{
    BSTR lang = SysAllocString(L"WQL"), query = SysAllocString(wql);
    IEnumWbemClassObject *e = NULL;
    IWbemClassObject **items = NULL;
    size_t n = 0;
    HRESULT hr;
    char what[200];
    wslnet_status st = WSLNET_OK;
    *out = NULL;
    *count = 0;
    describe(what, sizeof what, "ExecQuery", wql);
    if (!lang || !query) {
        st = wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
        goto done;
    }
    hr = IWbemServices_ExecQuery(w->services, lang, query, WBEM_FLAG_FORWARD_ONLY | WBEM_FLAG_RETURN_WBEM_COMPLETE,
                                 w->context, &e);
    if (FAILED(hr) || !e) {
        st = wn_fail_hr(err, FAILED(hr) ? hr : (HRESULT)WBEM_E_FAILED, what);
        goto done;
    }
    for (;;) {
        IWbemClassObject *obj = NULL, **grown;
        ULONG got = 0;
        hr = IEnumWbemClassObject_Next(e, WBEM_INFINITE, 1, &obj, &got);
        if (FAILED(hr)) {
            st = wn_fail_hr(err, hr, what);
            break;
        }
        if (got == 0 || !obj)
            break;
        if (!(grown = realloc(items, (n + 1) * sizeof *items))) {
            IWbemClassObject_Release(obj);
            st = wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
            break;
        }
        items = grown;
        items[n++] = obj;
    }
done:
    if (e)
        IEnumWbemClassObject_Release(e);
    SysFreeString(lang);
    SysFreeString(query);
    if (st != WSLNET_OK) {
        wn_wmi_objects_free(items, n);
        return st;
    }
    *out = items;
    *count = n;
    return WSLNET_OK;
}

wslnet_status wn_wmi_spawn(wn_wmi *w, const wchar_t *class_name, IWbemClassObject **out, wslnet_error *err)
{
    IWbemClassObject *cls;
    wslnet_status st = wn_wmi_get_object(w, class_name, &cls, err);
    HRESULT hr;
    char what[200];
    if (st != WSLNET_OK)
        return st;
    hr = IWbemClassObject_SpawnInstance(cls, 0, out);
    IWbemClassObject_Release(cls);
    if (FAILED(hr) || !*out) {
        describe(what, sizeof what, "SpawnInstance", class_name);
        return wn_fail_hr(err, FAILED(hr) ? hr : (HRESULT)WBEM_E_FAILED, what);
    }
    return WSLNET_OK;
}

wslnet_status wn_wmi_put_instance(wn_wmi *w, IWbemClassObject *instance, wslnet_error *err)
{
    HRESULT hr = IWbemServices_PutInstance(w->services, instance, WBEM_FLAG_CREATE_OR_UPDATE, w->context, NULL);
    return FAILED(hr) ? wn_fail_hr(err, hr, "PutInstance") : WSLNET_OK;
}

wslnet_status wn_wmi_delete(wn_wmi *w, const char *path, wslnet_error *err)
{
    BSTR b = bstr_from_utf8(path);
    HRESULT hr;
    if (!b)
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    hr = IWbemServices_DeleteInstance(w->services, b, 0, w->context, NULL);
    SysFreeString(b);
    return FAILED(hr) ? wn_fail_hr(err, hr, "DeleteInstance") : WSLNET_OK;
}

wslnet_status wn_wmi_method_params(wn_wmi *w, const wchar_t *class_name, const wchar_t *method,
                                   IWbemClassObject **out, wslnet_error *err)
{
    IWbemClassObject *cls, *in = NULL;
    wslnet_status st = wn_wmi_get_object(w, class_name, &cls, err);
    HRESULT hr;
    char what[200];
    *out = NULL;
    if (st != WSLNET_OK)
        return st;
    hr = IWbemClassObject_GetMethod(cls, method, 0, &in, NULL);
    if (SUCCEEDED(hr) && in) {
        hr = IWbemClassObject_SpawnInstance(in, 0, out);
        IWbemClassObject_Release(in);
    }
    IWbemClassObject_Release(cls);
    if (FAILED(hr) || !*out) {
        describe(what, sizeof what, "GetMethod", method);
        return wn_fail_hr(err, FAILED(hr) ? hr : (HRESULT)WBEM_E_INVALID_METHOD, what);
    }
    return WSLNET_OK;
}

wslnet_status wn_wmi_exec_static(wn_wmi *w, const wchar_t *class_name, const wchar_t *method,
                                 IWbemClassObject *params, IWbemClassObject **out, wslnet_error *err)
{
    BSTR cls = SysAllocString(class_name), m = SysAllocString(method);
    IWbemClassObject *result = NULL;
    HRESULT hr = E_OUTOFMEMORY;
    char what[200];
    int rv = 0;
    wslnet_status st = WSLNET_OK;
    if (out)
        *out = NULL;
    describe(what, sizeof what, "ExecMethod", method);
    if (cls && m)
        hr = IWbemServices_ExecMethod(w->services, cls, m, 0, w->context, params, &result, NULL);
    SysFreeString(cls);
    SysFreeString(m);
    if (FAILED(hr))
        return wn_fail_hr(err, hr, what);
    if (result && (st = wn_wmi_get_int(result, L"ReturnValue", &rv, err)) == WSLNET_OK && rv != WSLNET_HVFW_UNSET &&
        rv != 0)
        st = wn_fail_hr(err, (HRESULT)rv, what);
    if (st == WSLNET_OK && out)
        *out = result;
    else if (result)
        IWbemClassObject_Release(result);
    return st;
}

/* ------------------------------------------------------------ properties */

static wslnet_status put(IWbemClassObject *o, const wchar_t *name, VARIANT *v, wslnet_error *err)
{
    HRESULT hr = IWbemClassObject_Put(o, name, 0, v, 0);
    char what[200];
    if (FAILED(hr)) {
        describe(what, sizeof what, "Put", name);
        return wn_fail_hr(err, hr, what);
    }
    return WSLNET_OK;
}

wslnet_status wn_wmi_put_string(IWbemClassObject *o, const wchar_t *name, const char *value, wslnet_error *err)
{
    VARIANT v;
    wslnet_status st;
    VariantInit(&v);
    v.vt = VT_BSTR;
    if (!(v.bstrVal = bstr_from_utf8(value)))
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    st = put(o, name, &v, err);
    VariantClear(&v);
    return st;
}

wslnet_status wn_wmi_put_i4(IWbemClassObject *o, const wchar_t *name, long value, wslnet_error *err)
{
    VARIANT v;
    VariantInit(&v);
    v.vt = VT_I4;
    v.lVal = value;
    return put(o, name, &v, err);
}

wslnet_status wn_wmi_put_null(IWbemClassObject *o, const wchar_t *name, wslnet_error *err)
{
    VARIANT v;
    VariantInit(&v);
    v.vt = VT_NULL;
    return put(o, name, &v, err);
}

wslnet_status wn_wmi_put_strings(IWbemClassObject *o, const wchar_t *name, char *const *items, size_t count,
                                 wslnet_error *err)
{
    SAFEARRAY *sa = SafeArrayCreateVector(VT_BSTR, 0, (ULONG)count);
    VARIANT v;
    LONG i;
    wslnet_status st;
    if (!sa)
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    for (i = 0; i < (LONG)count; i++) {
        BSTR b = bstr_from_utf8(items[i]);
        HRESULT hr = b ? SafeArrayPutElement(sa, &i, b) : E_OUTOFMEMORY; /* copies b */
        SysFreeString(b);
        if (FAILED(hr)) {
            SafeArrayDestroy(sa);
            return wn_fail_hr(err, hr, "SafeArrayPutElement");
        }
    }
    VariantInit(&v);
    v.vt = VT_ARRAY | VT_BSTR;
    v.parray = sa;
    st = put(o, name, &v, err);
    VariantClear(&v);   /* destroys the array and its BSTRs */
    return st;
}

/* Get(name) into v; 0 when the property is NULL or not in the object. */
static int get(IWbemClassObject *o, const wchar_t *name, VARIANT *v, wslnet_status *st, wslnet_error *err)
{
    HRESULT hr;
    char what[200];
    VariantInit(v);
    *st = WSLNET_OK;
    hr = IWbemClassObject_Get(o, name, 0, v, NULL, NULL);
    if (hr == (HRESULT)WBEM_E_NOT_FOUND)
        return 0;
    if (FAILED(hr)) {
        describe(what, sizeof what, "Get", name);
        *st = wn_fail_hr(err, hr, what);
        return 0;
    }
    if (v->vt == VT_NULL || v->vt == VT_EMPTY) {
        VariantClear(v);
        return 0;
    }
    return 1;
}

static wslnet_status bad_type(wslnet_error *err, const wchar_t *name, VARTYPE vt)
{
    char utf8[64];
    wn_utf8_from_wide(name, utf8, sizeof utf8);
    return wn_fail(err, WSLNET_E_BAD_DATA, 0, "WMI property %s has an unexpected type (VARTYPE 0x%x)", utf8, vt);
}

wslnet_status wn_wmi_get_string(IWbemClassObject *o, const wchar_t *name, char **out, wslnet_error *err)
{
    VARIANT v;
    wslnet_status st;
    *out = NULL;
    if (!get(o, name, &v, &st, err)) {
        if (st != WSLNET_OK)
            return st;
        *out = calloc(1, 1);
        return *out ? WSLNET_OK : wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    }
    if (v.vt != VT_BSTR) {
        VariantClear(&v);
        return bad_type(err, name, v.vt);
    }
    *out = wn_utf8_dup_from_wide(v.bstrVal ? v.bstrVal : L"");
    VariantClear(&v);
    return *out ? WSLNET_OK : wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
}

wslnet_status wn_wmi_get_int(IWbemClassObject *o, const wchar_t *name, int *out, wslnet_error *err)
{
    VARIANT v;
    wslnet_status st;
    *out = WSLNET_HVFW_UNSET;
    if (!get(o, name, &v, &st, err))
        return st;
    switch (v.vt) {
    case VT_I4: *out = (int)v.lVal; break;
    case VT_UI4: *out = (int)v.ulVal; break;
    case VT_I2: *out = v.iVal; break;
    case VT_UI2: *out = v.uiVal; break;
    case VT_UI1: *out = v.bVal; break;
    case VT_I1: *out = v.cVal; break;
    default:
        VariantClear(&v);
        return bad_type(err, name, v.vt);
    }
    VariantClear(&v);
    return WSLNET_OK;
}

wslnet_status wn_wmi_get_strings(IWbemClassObject *o, const wchar_t *name, wslnet_hvfw_strings *out,
                                 wslnet_error *err)
{
    VARIANT v;
    wslnet_status st;
    LONG lo, hi, i;
    out->count = 0;
    out->items = NULL;
    if (!get(o, name, &v, &st, err))
        return st;
    if (v.vt != (VT_ARRAY | VT_BSTR) || !v.parray || SafeArrayGetDim(v.parray) != 1 ||
        FAILED(SafeArrayGetLBound(v.parray, 1, &lo)) || FAILED(SafeArrayGetUBound(v.parray, 1, &hi))) {
        VARTYPE vt = v.vt;
        VariantClear(&v);
        return bad_type(err, name, vt);
    }
    for (i = lo; i <= hi && st == WSLNET_OK; i++) {
        BSTR b = NULL;
        char *utf8;
        if (FAILED(SafeArrayGetElement(v.parray, &i, &b))) {
            st = bad_type(err, name, v.vt);
            break;
        }
        utf8 = wn_utf8_dup_from_wide(b ? b : L"");
        SysFreeString(b);
        st = utf8 ? wn_hvfw_strings_push(out, utf8, strlen(utf8), err) : wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
        free(utf8);
    }
    VariantClear(&v);
    if (st != WSLNET_OK)
        wn_hvfw_strings_clear(out);
    return st;
}
