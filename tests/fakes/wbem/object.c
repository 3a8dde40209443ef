/*
 * object.c - IWbemClassObject of the fake: a class definition or an instance
 * of one of schema.c's classes. Put keeps the VARIANT exactly as passed (a
 * VariantCopy); Get returns a copy of it with the class's CIMTYPE.
 */
#include "fakewbem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const IWbemClassObjectVtbl obj_vtbl;

static struct wb_obj *impl(IWbemClassObject *iface)
{
    return CONTAINING_RECORD(iface, struct wb_obj, iface);
}

struct wb_obj *wb_obj_from_iface(IWbemClassObject *iface)
{
    return iface && iface->lpVtbl == &obj_vtbl ? impl(iface) : NULL;
}

struct wb_obj *wb_obj_new(const struct wb_class *cls, int is_instance)
{
    struct wb_obj *o = calloc(1, sizeof *o);
    if (!o)
        return NULL;
    o->vals = calloc((size_t)cls->nprops, sizeof(VARIANT));
    if (!o->vals) {
        free(o);
        return NULL;
    }
    o->iface.lpVtbl = (IWbemClassObjectVtbl *)&obj_vtbl;
    o->ref = 1;
    o->cls = cls;
    o->is_instance = is_instance;
    o->enum_pos = -1;
    for (int i = 0; i < cls->nprops; i++) {
        VariantInit(&o->vals[i]);
        V_VT(&o->vals[i]) = VT_NULL;
        if (is_instance && cls->props[i].has_default) {
            V_VT(&o->vals[i]) = VT_I4;
            V_I4(&o->vals[i]) = cls->props[i].default_i4;
        }
    }
    return o;
}

HRESULT wb_obj_from_json(const struct wb_class *cls, const cJSON *inst, struct wb_obj **out)
{
    *out = wb_obj_new(cls, 1);
    if (!*out)
        return E_OUTOFMEMORY;
    const cJSON *p;
    cJSON_ArrayForEach(p, inst) {
        int i = wb_prop_index8(cls, p->string);
        if (i < 0)
            continue; /* not a property of the class: ignored, as WMI would not have it */
        VARIANT v;
        HRESULT hr = wb_variant_from_json(p, cls->props[i].type, &v);
        if (FAILED(hr)) {
            IWbemClassObject_Release(&(*out)->iface);
            *out = NULL;
            return hr;
        }
        VariantClear(&(*out)->vals[i]);
        (*out)->vals[i] = v;
    }
    return S_OK;
}

cJSON *wb_obj_to_json(const struct wb_obj *obj)
{
    cJSON *j = cJSON_CreateObject();
    for (int i = 0; j && i < obj->cls->nprops; i++) {
        cJSON *p = wb_json_from_variant(&obj->vals[i], obj->cls->props[i].type);
        if (p) {
            char *name = wb_utf8(obj->cls->props[i].name);
            cJSON_AddItemToObject(j, name ? name : "?", p);
            free(name);
        }
    }
    return j;
}

const VARIANT *wb_obj_value(const struct wb_obj *obj, const WCHAR *name)
{
    int i = wb_prop_index(obj->cls, name);
    if (i < 0 || V_VT(&obj->vals[i]) == VT_NULL || V_VT(&obj->vals[i]) == VT_EMPTY)
        return NULL;
    return &obj->vals[i];
}

/* __RELPATH of an instance: Class.InstanceID="id" (quotes and backslashes escaped). */
BSTR wb_obj_relpath(const struct wb_obj *o)
{
    const VARIANT *id = wb_obj_value(o, L"InstanceID");
    if (!o->is_instance || !o->cls->keyed)
        return SysAllocString(o->cls->name);
    if (!id || V_VT(id) != VT_BSTR)
        return NULL;
    size_t n = wcslen(o->cls->name) + 2 * SysStringLen(V_BSTR(id)) + 32;
    WCHAR *buf = calloc(n, sizeof(WCHAR));
    if (!buf)
        return NULL;
    size_t k = (size_t)swprintf(buf, n, L"%ls.InstanceID=\"", o->cls->name);
    for (const WCHAR *s = V_BSTR(id); *s; s++) {
        if (*s == L'"' || *s == L'\\')
            buf[k++] = L'\\';
        buf[k++] = *s;
    }
    buf[k++] = L'"';
    BSTR b = SysAllocStringLen(buf, (UINT)k);
    free(buf);
    return b;
}

static HRESULT system_prop(struct wb_obj *o, const WCHAR *name, VARIANT *v, CIMTYPE *type)
{
    VariantInit(v);
    if (_wcsicmp(name, L"__CLASS") == 0) {
        V_VT(v) = VT_BSTR;
        V_BSTR(v) = SysAllocString(o->cls->name);
    } else if (_wcsicmp(name, L"__RELPATH") == 0 || _wcsicmp(name, L"__PATH") == 0) {
        BSTR r = wb_obj_relpath(o);
        V_VT(v) = r ? VT_BSTR : VT_NULL;
        V_BSTR(v) = r;
    } else if (_wcsicmp(name, L"__GENUS") == 0) {
        V_VT(v) = VT_I4;
        V_I4(v) = o->is_instance ? WBEM_GENUS_INSTANCE : WBEM_GENUS_CLASS;
        if (type)
            *type = CIM_SINT32;
        return S_OK;
    } else {
        return WBEM_E_NOT_FOUND;
    }
    if (type)
        *type = CIM_STRING;
    return S_OK;
}

/* ------------------------------------------------------------ IUnknown */

static HRESULT STDMETHODCALLTYPE o_QueryInterface(IWbemClassObject *This, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IWbemClassObject)) {
        *ppv = This;
        IWbemClassObject_AddRef(This);
        return S_OK;
    }
    *ppv = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE o_AddRef(IWbemClassObject *This)
{
    return (ULONG)InterlockedIncrement(&impl(This)->ref);
}

static ULONG STDMETHODCALLTYPE o_Release(IWbemClassObject *This)
{
    struct wb_obj *o = impl(This);
    LONG r = InterlockedDecrement(&o->ref);
    if (r == 0) {
        for (int i = 0; i < o->cls->nprops; i++)
            VariantClear(&o->vals[i]);
        free(o->vals);
        free(o);
    }
    return (ULONG)r;
}

/* ------------------------------------------------------------ properties */

static HRESULT STDMETHODCALLTYPE o_Get(IWbemClassObject *This, LPCWSTR name, LONG flags,
                                       VARIANT *val, CIMTYPE *type, LONG *flavor)
{
    struct wb_obj *o = impl(This);
    (void)flags;
    if (!name)
        return WBEM_E_INVALID_PARAMETER;
    if (flavor)
        *flavor = WBEM_FLAVOR_ORIGIN_LOCAL;
    if (name[0] == L'_' && name[1] == L'_') {
        VARIANT tmp;
        HRESULT hr = system_prop(o, name, &tmp, type);
        if (SUCCEEDED(hr) && flavor)
            *flavor = WBEM_FLAVOR_ORIGIN_SYSTEM;
        if (SUCCEEDED(hr) && val)
            *val = tmp;
        else if (SUCCEEDED(hr))
            VariantClear(&tmp);
        return hr;
    }
    int i = wb_prop_index(o->cls, name);
    if (i < 0)
        return WBEM_E_NOT_FOUND;
    if (type)
        *type = o->cls->props[i].type;
    if (val) {
        VariantInit(val);
        return VariantCopy(val, &o->vals[i]);
    }
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE o_Put(IWbemClassObject *This, LPCWSTR name, LONG flags,
                                       VARIANT *val, CIMTYPE type)
{
    struct wb_obj *o = impl(This);
    (void)flags;
    if (!name)
        return WBEM_E_INVALID_PARAMETER;
    if (name[0] == L'_' && name[1] == L'_')
        return WBEM_E_READ_ONLY;
    int i = wb_prop_index(o->cls, name);
    if (i < 0)
        return o->is_instance ? WBEM_E_NOT_FOUND : WBEM_E_NOT_SUPPORTED;
    if (type != 0 && type != o->cls->props[i].type)
        return WBEM_E_TYPE_MISMATCH;
    VARIANT copy;
    VariantInit(&copy);
    if (val && V_VT(val) != VT_EMPTY) {
        HRESULT hr = wb_vt_fits(V_VT(val), o->cls->props[i].type);
        if (FAILED(hr))
            return hr;
        hr = VariantCopy(&copy, val);
        if (FAILED(hr))
            return hr;
    } else {
        V_VT(&copy) = VT_NULL;
    }
    VariantClear(&o->vals[i]);
    o->vals[i] = copy;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE o_Delete(IWbemClassObject *This, LPCWSTR name)
{
    struct wb_obj *o = impl(This);
    int i = wb_prop_index(o->cls, name);
    if (i < 0)
        return WBEM_E_NOT_FOUND;
    VariantClear(&o->vals[i]);
    V_VT(&o->vals[i]) = VT_NULL;
    return WBEM_S_RESET_TO_DEFAULT;
}

static HRESULT STDMETHODCALLTYPE o_GetNames(IWbemClassObject *This, LPCWSTR qualifier, LONG flags,
                                            VARIANT *qval, SAFEARRAY **names)
{
    struct wb_obj *o = impl(This);
    (void)qualifier; (void)flags; (void)qval;
    if (!names)
        return WBEM_E_INVALID_PARAMETER;
    *names = SafeArrayCreateVector(VT_BSTR, 0, (ULONG)o->cls->nprops);
    if (!*names)
        return WBEM_E_OUT_OF_MEMORY;
    for (LONG i = 0; i < o->cls->nprops; i++) {
        BSTR b = SysAllocString(o->cls->props[i].name);
        SafeArrayPutElement(*names, &i, b);
        SysFreeString(b);
    }
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE o_BeginEnumeration(IWbemClassObject *This, LONG flags)
{
    (void)flags;
    impl(This)->enum_pos = 0;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE o_Next(IWbemClassObject *This, LONG flags, BSTR *name,
                                        VARIANT *val, CIMTYPE *type, LONG *flavor)
{
    struct wb_obj *o = impl(This);
    (void)flags;
    if (o->enum_pos < 0)
        return WBEM_E_UNEXPECTED;
    if (o->enum_pos >= o->cls->nprops)
        return WBEM_S_NO_MORE_DATA;
    int i = o->enum_pos++;
    if (name)
        *name = SysAllocString(o->cls->props[i].name);
    if (type)
        *type = o->cls->props[i].type;
    if (flavor)
        *flavor = WBEM_FLAVOR_ORIGIN_LOCAL;
    if (val) {
        VariantInit(val);
        return VariantCopy(val, &o->vals[i]);
    }
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE o_EndEnumeration(IWbemClassObject *This)
{
    impl(This)->enum_pos = -1;
    return S_OK;
}

/* ------------------------------------------------------------ objects */

static HRESULT copy_obj(struct wb_obj *src, int is_instance, IWbemClassObject **out)
{
    if (!out)
        return WBEM_E_INVALID_PARAMETER;
    struct wb_obj *o = wb_obj_new(src->cls, is_instance);
    if (!o)
        return WBEM_E_OUT_OF_MEMORY;
    if (is_instance == src->is_instance)
        for (int i = 0; i < src->cls->nprops; i++) {
            VariantClear(&o->vals[i]);
            VariantCopy(&o->vals[i], &src->vals[i]);
        }
    *out = &o->iface;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE o_Clone(IWbemClassObject *This, IWbemClassObject **copy)
{
    return copy_obj(impl(This), impl(This)->is_instance, copy);
}

static HRESULT STDMETHODCALLTYPE o_SpawnInstance(IWbemClassObject *This, LONG flags,
                                                 IWbemClassObject **inst)
{
    (void)flags;
    if (impl(This)->is_instance)
        return WBEM_E_INVALID_OPERATION;
    return copy_obj(impl(This), 1, inst);
}

static HRESULT STDMETHODCALLTYPE o_GetObjectText(IWbemClassObject *This, LONG flags, BSTR *text)
{
    struct wb_obj *o = impl(This);
    (void)flags;
    if (!text)
        return WBEM_E_INVALID_PARAMETER;
    cJSON *j = wb_obj_to_json(o);
    char *body = j ? cJSON_PrintUnformatted(j) : NULL;
    char *cls = wb_utf8(o->cls->name);
    size_t n = (body ? strlen(body) : 0) + (cls ? strlen(cls) : 0) + 32;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s of %s %s", o->is_instance ? "instance" : "class", cls ? cls : "?",
                 body ? body : "{}");
    *text = s ? wb_bstr(s) : NULL;
    free(s);
    free(cls);
    free(body);
    cJSON_Delete(j);
    return *text ? S_OK : WBEM_E_OUT_OF_MEMORY;
}

static HRESULT STDMETHODCALLTYPE o_GetMethod(IWbemClassObject *This, LPCWSTR name, LONG flags,
                                             IWbemClassObject **in, IWbemClassObject **out)
{
    const struct wb_class *inc, *outc;
    (void)flags;
    if (in)
        *in = NULL;
    if (out)
        *out = NULL;
    HRESULT hr = wb_method_params(impl(This)->cls, name, &inc, &outc);
    if (FAILED(hr))
        return hr;
    struct wb_obj *i = in ? wb_obj_new(inc, 0) : NULL;
    struct wb_obj *o = out ? wb_obj_new(outc, 0) : NULL;
    if ((in && !i) || (out && !o)) {
        if (i)
            IWbemClassObject_Release(&i->iface);
        if (o)
            IWbemClassObject_Release(&o->iface);
        return WBEM_E_OUT_OF_MEMORY;
    }
    if (in)
        *in = &i->iface;
    if (out)
        *out = &o->iface;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE o_InheritsFrom(IWbemClassObject *This, LPCWSTR ancestor)
{
    (void)This;
    (void)ancestor;
    return WBEM_S_FALSE;
}

/* The rest is not needed by wslnet: WBEM_E_NOT_SUPPORTED. */
#define NS_BODY { return WBEM_E_NOT_SUPPORTED; }
static HRESULT STDMETHODCALLTYPE o_GetQualifierSet(IWbemClassObject *T, IWbemQualifierSet **q)
{ (void)T; if (q) *q = NULL; return WBEM_E_NOT_SUPPORTED; }
static HRESULT STDMETHODCALLTYPE o_GetPropertyQualifierSet(IWbemClassObject *T, LPCWSTR p,
                                                           IWbemQualifierSet **q)
{ (void)T; (void)p; if (q) *q = NULL; return WBEM_E_NOT_SUPPORTED; }
static HRESULT STDMETHODCALLTYPE o_SpawnDerivedClass(IWbemClassObject *T, LONG f, IWbemClassObject **c)
{ (void)T; (void)f; (void)c; NS_BODY }
static HRESULT STDMETHODCALLTYPE o_CompareTo(IWbemClassObject *T, LONG f, IWbemClassObject *c)
{ (void)T; (void)f; (void)c; NS_BODY }
static HRESULT STDMETHODCALLTYPE o_GetPropertyOrigin(IWbemClassObject *T, LPCWSTR n, BSTR *c)
{ (void)T; (void)n; (void)c; NS_BODY }
static HRESULT STDMETHODCALLTYPE o_PutMethod(IWbemClassObject *T, LPCWSTR n, LONG f,
                                             IWbemClassObject *i, IWbemClassObject *o)
{ (void)T; (void)n; (void)f; (void)i; (void)o; NS_BODY }
static HRESULT STDMETHODCALLTYPE o_DeleteMethod(IWbemClassObject *T, LPCWSTR n)
{ (void)T; (void)n; NS_BODY }
static HRESULT STDMETHODCALLTYPE o_BeginMethodEnumeration(IWbemClassObject *T, LONG f)
{ (void)T; (void)f; NS_BODY }
static HRESULT STDMETHODCALLTYPE o_NextMethod(IWbemClassObject *T, LONG f, BSTR *n,
                                              IWbemClassObject **i, IWbemClassObject **o)
{ (void)T; (void)f; (void)n; (void)i; (void)o; NS_BODY }
static HRESULT STDMETHODCALLTYPE o_EndMethodEnumeration(IWbemClassObject *T)
{ (void)T; NS_BODY }
static HRESULT STDMETHODCALLTYPE o_GetMethodQualifierSet(IWbemClassObject *T, LPCWSTR m,
                                                         IWbemQualifierSet **q)
{ (void)T; (void)m; if (q) *q = NULL; return WBEM_E_NOT_SUPPORTED; }
static HRESULT STDMETHODCALLTYPE o_GetMethodOrigin(IWbemClassObject *T, LPCWSTR m, BSTR *c)
{ (void)T; (void)m; (void)c; NS_BODY }

static const IWbemClassObjectVtbl obj_vtbl = {
    o_QueryInterface, o_AddRef, o_Release, o_GetQualifierSet, o_Get, o_Put, o_Delete,
    o_GetNames, o_BeginEnumeration, o_Next, o_EndEnumeration, o_GetPropertyQualifierSet,
    o_Clone, o_GetObjectText, o_SpawnDerivedClass, o_SpawnInstance, o_CompareTo,
    o_GetPropertyOrigin, o_InheritsFrom, o_GetMethod, o_PutMethod, o_DeleteMethod,
    o_BeginMethodEnumeration, o_NextMethod, o_EndMethodEnumeration, o_GetMethodQualifierSet,
    o_GetMethodOrigin,
};
