/*
 * services.c - IWbemServices (and IClientSecurity, so that CoSetProxyBlanket
 * works on it) for ROOT\StandardCimv2. Every call loads the state file,
 * applies an injected failure, does its work, saves when it changed
 * something, and logs one line.
 */
#include "fakewbem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct wb_services {
    IWbemServices iface;
    IClientSecurity sec;
    LONG ref;
};

static struct wb_services *simpl(IWbemServices *i)
{
    return CONTAINING_RECORD(i, struct wb_services, iface);
}

static struct wb_services *secimpl(IClientSecurity *i)
{
    return CONTAINING_RECORD(i, struct wb_services, sec);
}

/* ------------------------------------------------------------ one call */

struct call {
    const char *method;
    LONG flags;
    cJSON *doc;
    char store[32];
    char target[700];
    HRESULT bad; /* what invalid values get */
    int dirty;
};

static const char *const stores[] = {"PersistentStore", "ActiveStore", "SystemDefaults"};

/* The policy store the context names (IWbemContext value "PolicyStore", a
 * BSTR); PersistentStore without one. Unknown names: c->bad. */
static HRESULT ctx_store(struct call *c, IWbemContext *ctx)
{
    snprintf(c->store, sizeof c->store, "%s", stores[0]);
    if (!ctx)
        return S_OK;
    VARIANT v;
    VariantInit(&v);
    if (FAILED(IWbemContext_GetValue(ctx, L"PolicyStore", 0, &v)) || V_VT(&v) == VT_EMPTY ||
        V_VT(&v) == VT_NULL)
        return S_OK;
    HRESULT hr = c->bad;
    char *name = V_VT(&v) == VT_BSTR ? wb_utf8(V_BSTR(&v)) : NULL;
    for (int i = 0; name && i < 3; i++)
        if (_stricmp(name, stores[i]) == 0) {
            snprintf(c->store, sizeof c->store, "%s", stores[i]);
            hr = S_OK;
        }
    if (FAILED(hr))
        snprintf(c->store, sizeof c->store, "?%.28s", name ? name : "non-BSTR");
    free(name);
    VariantClear(&v);
    return hr;
}

static HRESULT call_begin(struct call *c, const char *method, LONG flags, IWbemContext *ctx,
                          const WCHAR *target)
{
    memset(c, 0, sizeof *c);
    c->method = method;
    c->flags = flags;
    char *t = wb_utf8(target ? target : L"-");
    snprintf(c->target, sizeof c->target, "%s", t ? t : "?");
    free(t);
    snprintf(c->store, sizeof c->store, "-");
    HRESULT hr = wb_state_load(&c->doc);
    if (FAILED(hr))
        return hr;
    c->bad = wb_state_invalid_hr(c->doc);
    hr = wb_state_take_fail(c->doc, method);
    if (FAILED(hr))
        return hr;
    return ctx_store(c, ctx);
}

/* Saves (when changed and hr succeeded), logs, frees; then the HRESULT and
 * call result by the flags: WBEM_FLAG_RETURN_IMMEDIATELY returns
 * WBEM_S_NO_ERROR with the status in *ppCallResult; a synchronous call
 * returns hr and, when asked and hr succeeded, a call result as well. */
static HRESULT call_end(struct call *c, HRESULT hr, IWbemCallResult **ppCallResult,
                        IWbemClassObject *result)
{
    if (SUCCEEDED(hr) && c->dirty) {
        HRESULT save = wb_state_save(c->doc);
        if (FAILED(save))
            hr = save;
    }
    wb_log("%s %s store=%s flags=0x%lx -> 0x%08lx", c->method, c->target, c->store,
           (unsigned long)c->flags, (unsigned long)hr);
    cJSON_Delete(c->doc);
    c->doc = NULL;
    if (ppCallResult)
        *ppCallResult = NULL;
    if (c->flags & WBEM_FLAG_RETURN_IMMEDIATELY) {
        if (!ppCallResult)
            return WBEM_E_INVALID_PARAMETER;
        HRESULT made = wb_callresult_new(hr, result, ppCallResult);
        return FAILED(made) ? made : WBEM_S_NO_ERROR;
    }
    if (ppCallResult && SUCCEEDED(hr))
        wb_callresult_new(hr, result, ppCallResult);
    return hr;
}

/* The class class8 as the state's mode serves it, or NULL. */
static const struct wb_class *served_class(const cJSON *doc, const char *class8)
{
    const struct wb_class *cls = wb_class_find8(class8);
    const char *mode = wb_state_mode(doc);
    if (!cls || strcmp(mode, "unsupported") == 0)
        return NULL;
    if (strcmp(mode, "v1") == 0 && cls->needs_v2)
        return NULL;
    return cls;
}

/* Index in list of the instance whose InstanceID is id (case-insensitive), or -1. */
static int find_instance(const cJSON *list, const char *id)
{
    int i = 0;
    const cJSON *inst;
    cJSON_ArrayForEach(inst, list) {
        const char *v = wb_inst_string(inst, "InstanceID");
        if (v && _stricmp(v, id) == 0)
            return i;
        i++;
    }
    return -1;
}

/* ------------------------------------------------------------ IUnknown */

static HRESULT STDMETHODCALLTYPE s_QueryInterface(IWbemServices *This, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IWbemServices))
        *ppv = This;
    else if (IsEqualIID(riid, &IID_IClientSecurity))
        *ppv = &simpl(This)->sec;
    else {
        *ppv = NULL;
        return E_NOINTERFACE;
    }
    InterlockedIncrement(&simpl(This)->ref);
    return S_OK;
}

static ULONG STDMETHODCALLTYPE s_AddRef(IWbemServices *This)
{
    return (ULONG)InterlockedIncrement(&simpl(This)->ref);
}

static ULONG STDMETHODCALLTYPE s_Release(IWbemServices *This)
{
    struct wb_services *s = simpl(This);
    LONG r = InterlockedDecrement(&s->ref);
    if (r == 0)
        free(s);
    return (ULONG)r;
}

/* ------------------------------------------------------------ GetObject */

static HRESULT get_object(struct call *c, const WCHAR *path, IWbemClassObject **out)
{
    char class8[128], key[512];
    int has_key;
    if (!path)
        return WBEM_E_NOT_SUPPORTED; /* empty object for new classes: not served */
    HRESULT hr = wb_path_parse(path, class8, sizeof class8, key, sizeof key, &has_key);
    if (FAILED(hr))
        return hr;
    const struct wb_class *cls = served_class(c->doc, class8);
    if (!cls)
        return WBEM_E_NOT_FOUND;
    if (!has_key) {
        struct wb_obj *o = wb_obj_new(cls, 0);
        if (!o)
            return WBEM_E_OUT_OF_MEMORY;
        *out = &o->iface;
        return S_OK;
    }
    cJSON *list = wb_state_instances(c->doc, c->store, cls->name8, 0);
    int i = find_instance(list, key);
    if (i < 0)
        return WBEM_E_NOT_FOUND;
    struct wb_obj *o;
    hr = wb_obj_from_json(cls, cJSON_GetArrayItem(list, i), &o);
    if (SUCCEEDED(hr))
        *out = &o->iface;
    return hr;
}

static HRESULT STDMETHODCALLTYPE s_GetObject(IWbemServices *This, const BSTR path, LONG flags,
                                             IWbemContext *ctx, IWbemClassObject **ppObject,
                                             IWbemCallResult **ppCallResult)
{
    struct call c;
    IWbemClassObject *obj = NULL;
    (void)This;
    if (ppObject)
        *ppObject = NULL;
    HRESULT hr = call_begin(&c, "GetObject", flags, ctx, path);
    if (SUCCEEDED(hr))
        hr = get_object(&c, path, &obj);
    hr = call_end(&c, hr, ppCallResult, obj);
    if (obj && ppObject && !(flags & WBEM_FLAG_RETURN_IMMEDIATELY)) {
        *ppObject = obj;
        return hr;
    }
    if (obj)
        IWbemClassObject_Release(obj);
    return hr;
}

/* ------------------------------------------------------------ queries */

static HRESULT run_query(struct call *c, const struct wb_query *q, LONG flags,
                         IEnumWbemClassObject **out)
{
    const struct wb_class *cls = served_class(c->doc, q->class8);
    if (!cls)
        return WBEM_E_INVALID_CLASS;
    for (int i = 0; i < q->nconds; i++)
        if (wb_prop_index8(cls, q->conds[i].prop) < 0)
            return WBEM_E_INVALID_QUERY;
    cJSON *list = wb_state_instances(c->doc, c->store, cls->name8, 0);
    int n = cJSON_GetArraySize(list);
    IWbemClassObject **objs = calloc((size_t)(n ? n : 1), sizeof *objs);
    if (!objs)
        return WBEM_E_OUT_OF_MEMORY;
    ULONG count = 0;
    const cJSON *inst;
    HRESULT hr = S_OK;
    cJSON_ArrayForEach(inst, list) {
        if (!wb_query_matches(cls, inst, q))
            continue;
        struct wb_obj *o;
        hr = wb_obj_from_json(cls, inst, &o);
        if (FAILED(hr))
            break;
        objs[count++] = &o->iface;
    }
    if (FAILED(hr)) {
        for (ULONG i = 0; i < count; i++)
            IWbemClassObject_Release(objs[i]);
        free(objs);
        return hr;
    }
    return wb_enum_new(objs, count, (flags & WBEM_FLAG_FORWARD_ONLY) != 0, out);
}

static HRESULT STDMETHODCALLTYPE s_ExecQuery(IWbemServices *This, const BSTR lang,
                                             const BSTR query, LONG flags, IWbemContext *ctx,
                                             IEnumWbemClassObject **ppEnum)
{
    struct call c;
    struct wb_query q;
    (void)This;
    if (!ppEnum)
        return WBEM_E_INVALID_PARAMETER;
    *ppEnum = NULL;
    HRESULT hr = call_begin(&c, "ExecQuery", flags, ctx, query);
    if (SUCCEEDED(hr) && (!lang || _wcsicmp(lang, L"WQL") != 0))
        hr = WBEM_E_INVALID_QUERY_TYPE;
    if (SUCCEEDED(hr))
        hr = wb_query_parse(query, &q);
    if (SUCCEEDED(hr))
        hr = run_query(&c, &q, flags, ppEnum);
    c.flags &= ~WBEM_FLAG_RETURN_IMMEDIATELY; /* the enumerator is the result */
    return call_end(&c, hr, NULL, NULL);
}

static HRESULT STDMETHODCALLTYPE s_CreateInstanceEnum(IWbemServices *This, const BSTR cls,
                                                      LONG flags, IWbemContext *ctx,
                                                      IEnumWbemClassObject **ppEnum)
{
    struct call c;
    struct wb_query q;
    (void)This;
    if (!ppEnum)
        return WBEM_E_INVALID_PARAMETER;
    *ppEnum = NULL;
    memset(&q, 0, sizeof q);
    HRESULT hr = call_begin(&c, "CreateInstanceEnum", flags, ctx, cls);
    char *name = cls ? wb_utf8(cls) : NULL;
    if (SUCCEEDED(hr) && (!name || strlen(name) >= sizeof q.class8))
        hr = WBEM_E_INVALID_CLASS;
    if (SUCCEEDED(hr)) {
        snprintf(q.class8, sizeof q.class8, "%s", name);
        hr = run_query(&c, &q, flags, ppEnum);
    }
    free(name);
    c.flags &= ~WBEM_FLAG_RETURN_IMMEDIATELY;
    return call_end(&c, hr, NULL, NULL);
}

/* ------------------------------------------------------------ PutInstance */

static void set_provider_value(cJSON *inst, const char *name, cJSON *value)
{
    cJSON *p = cJSON_CreateObject();
    cJSON_AddItemToObject(p, "value", value);
    cJSON_AddStringToObject(p, "cimtype", cJSON_IsString(value) ? "string" : "uint16");
    cJSON_AddStringToObject(p, "vt", cJSON_IsString(value) ? "VT_BSTR" : "VT_I4");
    cJSON_AddStringToObject(p, "by", "provider");
    cJSON_DeleteItemFromObjectCaseSensitive(inst, name);
    cJSON_AddItemToObject(inst, name, p);
}

/* What WFasCim documents it computes for a rule: DisplayName from
 * ElementName (DisplayName is read-only), RulePriority 1 (Block) or 2
 * (Allow) when 0 or unset. Marked "by": "provider" in the state. */
static void provider_values(const struct wb_obj *o, cJSON *inst)
{
    if (_wcsicmp(o->cls->name, L"MSFT_NetFirewallHyperVRule") != 0)
        return;
    const VARIANT *name = wb_obj_value(o, L"ElementName");
    char *s = name && V_VT(name) == VT_BSTR ? wb_utf8(V_BSTR(name)) : NULL;
    if (s)
        set_provider_value(inst, "DisplayName", cJSON_CreateString(s));
    else
        cJSON_DeleteItemFromObjectCaseSensitive(inst, "DisplayName");
    free(s);
    const VARIANT *prio = wb_obj_value(o, L"RulePriority");
    VARIANT n, a;
    VariantInit(&n);
    VariantInit(&a);
    if (!prio || (SUCCEEDED(VariantChangeType(&n, (VARIANT *)prio, 0, VT_I4)) && V_I4(&n) == 0)) {
        const VARIANT *action = wb_obj_value(o, L"Action");
        int block = action && SUCCEEDED(VariantChangeType(&a, (VARIANT *)action, 0, VT_I4)) &&
                    V_I4(&a) == 4;
        set_provider_value(inst, "RulePriority", cJSON_CreateNumber(block ? 1 : 2));
    }
}

static HRESULT put_instance(struct call *c, IWbemClassObject *pInst)
{
    struct wb_obj *o = wb_obj_from_iface(pInst);
    if (!o)
        return WBEM_E_INVALID_PARAMETER; /* not an object of this provider */
    BSTR path = wb_obj_relpath(o);
    if (path) {
        char *p = wb_utf8(path);
        snprintf(c->target, sizeof c->target, "%s", p ? p : "?");
        free(p);
        SysFreeString(path);
    }
    if (!o->cls->keyed || !served_class(c->doc, o->cls->name8))
        return o->cls->keyed ? WBEM_E_INVALID_CLASS : WBEM_E_INVALID_OBJECT;
    LONG mode = c->flags & (WBEM_FLAG_UPDATE_ONLY | WBEM_FLAG_CREATE_ONLY);
    if (mode == (WBEM_FLAG_UPDATE_ONLY | WBEM_FLAG_CREATE_ONLY))
        return WBEM_E_INVALID_PARAMETER;
    HRESULT hr = wb_validate(o, c->bad);
    if (FAILED(hr))
        return hr;
    char *id = wb_utf8(V_BSTR(wb_obj_value(o, L"InstanceID")));
    cJSON *list = wb_state_instances(c->doc, c->store, o->cls->name8, 1);
    int at = id && list ? find_instance(list, id) : -1;
    free(id);
    if (!list)
        return WBEM_E_FAILED;
    if (mode == WBEM_FLAG_UPDATE_ONLY && at < 0)
        return WBEM_E_NOT_FOUND;
    if (mode == WBEM_FLAG_CREATE_ONLY && at >= 0)
        return WBEM_E_ALREADY_EXISTS;
    cJSON *inst = wb_obj_to_json(o);
    if (!inst)
        return WBEM_E_OUT_OF_MEMORY;
    provider_values(o, inst);
    if (at >= 0)
        cJSON_ReplaceItemInArray(list, at, inst);
    else
        cJSON_AddItemToArray(list, inst);
    c->dirty = 1;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE s_PutInstance(IWbemServices *This, IWbemClassObject *pInst,
                                               LONG flags, IWbemContext *ctx,
                                               IWbemCallResult **ppCallResult)
{
    struct call c;
    (void)This;
    HRESULT hr = call_begin(&c, "PutInstance", flags, ctx, NULL);
    if (SUCCEEDED(hr))
        hr = put_instance(&c, pInst);
    else if (wb_obj_from_iface(pInst)) { /* still say what the call was about */
        BSTR p = wb_obj_relpath(wb_obj_from_iface(pInst));
        char *s = p ? wb_utf8(p) : NULL;
        if (s)
            snprintf(c.target, sizeof c.target, "%s", s);
        free(s);
        SysFreeString(p);
    }
    return call_end(&c, hr, ppCallResult, NULL);
}

/* ------------------------------------------------------------ DeleteInstance */

static HRESULT delete_instance(struct call *c, const WCHAR *path)
{
    char class8[128], key[512];
    int has_key;
    HRESULT hr = wb_path_parse(path, class8, sizeof class8, key, sizeof key, &has_key);
    if (FAILED(hr))
        return hr;
    if (!has_key)
        return WBEM_E_INVALID_OBJECT_PATH;
    const struct wb_class *cls = served_class(c->doc, class8);
    if (!cls)
        return WBEM_E_INVALID_CLASS;
    cJSON *list = wb_state_instances(c->doc, c->store, cls->name8, 0);
    int i = find_instance(list, key);
    if (i < 0)
        return WBEM_E_NOT_FOUND;
    cJSON_DeleteItemFromArray(list, i);
    c->dirty = 1;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE s_DeleteInstance(IWbemServices *This, const BSTR path, LONG flags,
                                                  IWbemContext *ctx, IWbemCallResult **ppCallResult)
{
    struct call c;
    (void)This;
    HRESULT hr = call_begin(&c, "DeleteInstance", flags, ctx, path);
    if (SUCCEEDED(hr))
        hr = delete_instance(&c, path);
    return call_end(&c, hr, ppCallResult, NULL);
}

/* ------------------------------------------------------------ ExecMethod */

static int find_creator(const cJSON *list, const char *id)
{
    int i = 0;
    const cJSON *inst;
    cJSON_ArrayForEach(inst, list) {
        const char *v = wb_inst_string(inst, "VMCreatorId");
        if (v && _stricmp(v, id) == 0)
            return i;
        i++;
    }
    return -1;
}

static cJSON *string_prop(const char *s)
{
    cJSON *p = cJSON_CreateObject();
    cJSON_AddStringToObject(p, "value", s);
    cJSON_AddStringToObject(p, "cimtype", "string");
    cJSON_AddStringToObject(p, "vt", "VT_BSTR");
    return p;
}

/* RegisterHyperVVMCreator / UnregisterHyperVVMCreator on the state. */
static HRESULT creator_method(struct call *c, const WCHAR *method, struct wb_obj *in)
{
    const VARIANT *idv = in ? wb_obj_value(in, L"VMCreatorId") : NULL;
    if (!idv || V_VT(idv) != VT_BSTR || !wb_is_braced_guid(V_BSTR(idv)))
        return c->bad;
    char *id = wb_utf8(V_BSTR(idv));
    cJSON *list = wb_state_instances(c->doc, c->store, "MSFT_NetFirewallHyperVVMCreator", 1);
    int at = id && list ? find_creator(list, id) : -1;
    HRESULT hr = S_OK;
    if (!id || !list) {
        hr = WBEM_E_OUT_OF_MEMORY;
    } else if (_wcsicmp(method, L"UnregisterHyperVVMCreator") == 0) {
        if (at < 0)
            hr = WBEM_E_NOT_FOUND;
        else
            cJSON_DeleteItemFromArray(list, at);
    } else if (at >= 0) {
        hr = WBEM_E_ALREADY_EXISTS; /* what WSL's code expects from a second registration */
    } else {
        const VARIANT *namev = wb_obj_value(in, L"FriendlyName");
        char *name = namev && V_VT(namev) == VT_BSTR ? wb_utf8(V_BSTR(namev)) : NULL;
        cJSON *inst = cJSON_CreateObject();
        cJSON_AddItemToObject(inst, "InstanceID", string_prop(id));
        cJSON_AddItemToObject(inst, "VMCreatorId", string_prop(id));
        if (name)
            cJSON_AddItemToObject(inst, "FriendlyName", string_prop(name));
        cJSON_AddItemToArray(list, inst);
        free(name);
    }
    free(id);
    if (SUCCEEDED(hr))
        c->dirty = 1;
    return hr;
}

static HRESULT exec_method(struct call *c, const WCHAR *path, const WCHAR *method,
                           IWbemClassObject *inParams, IWbemClassObject **out)
{
    char class8[128], key[512];
    int has_key;
    const struct wb_class *inc, *outc;
    HRESULT hr = wb_path_parse(path, class8, sizeof class8, key, sizeof key, &has_key);
    if (FAILED(hr))
        return hr;
    const struct wb_class *cls = served_class(c->doc, class8);
    if (!cls)
        return WBEM_E_INVALID_CLASS;
    if (FAILED(wb_method_params(cls, method, &inc, &outc)))
        return WBEM_E_INVALID_METHOD;
    hr = creator_method(c, method, wb_obj_from_iface(inParams));
    if (FAILED(hr))
        return hr;
    struct wb_obj *o = wb_obj_new(outc, 1);
    if (!o)
        return WBEM_E_OUT_OF_MEMORY;
    V_VT(&o->vals[0]) = VT_I4; /* ReturnValue: 0 */
    V_I4(&o->vals[0]) = 0;
    *out = &o->iface;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE s_ExecMethod(IWbemServices *This, const BSTR path,
                                              const BSTR method, LONG flags, IWbemContext *ctx,
                                              IWbemClassObject *inParams,
                                              IWbemClassObject **ppOutParams,
                                              IWbemCallResult **ppCallResult)
{
    struct call c;
    IWbemClassObject *out = NULL;
    (void)This;
    if (ppOutParams)
        *ppOutParams = NULL;
    HRESULT hr = call_begin(&c, "ExecMethod", flags, ctx, path);
    if (SUCCEEDED(hr)) {
        char *m = wb_utf8(method ? method : L"");
        size_t len = strlen(c.target);
        snprintf(c.target + len, sizeof c.target - len, "::%s", m ? m : "?");
        free(m);
        hr = exec_method(&c, path, method, inParams, &out);
    }
    hr = call_end(&c, hr, ppCallResult, out);
    if (out && ppOutParams && !(flags & WBEM_FLAG_RETURN_IMMEDIATELY)) {
        *ppOutParams = out;
        return hr;
    }
    if (out)
        IWbemClassObject_Release(out);
    return hr;
}

/* ------------------------------------------------------------ not served */

#define NS { return WBEM_E_NOT_SUPPORTED; }
static HRESULT STDMETHODCALLTYPE s_OpenNamespace(IWbemServices *T, const BSTR n, LONG f,
                                                 IWbemContext *c, IWbemServices **s,
                                                 IWbemCallResult **r)
{ (void)T; (void)n; (void)f; (void)c; if (s) *s = NULL; if (r) *r = NULL; NS }
static HRESULT STDMETHODCALLTYPE s_CancelAsyncCall(IWbemServices *T, IWbemObjectSink *s)
{ (void)T; (void)s; NS }
static HRESULT STDMETHODCALLTYPE s_QueryObjectSink(IWbemServices *T, LONG f, IWbemObjectSink **s)
{ (void)T; (void)f; if (s) *s = NULL; NS }
static HRESULT STDMETHODCALLTYPE s_GetObjectAsync(IWbemServices *T, const BSTR p, LONG f,
                                                  IWbemContext *c, IWbemObjectSink *s)
{ (void)T; (void)p; (void)f; (void)c; (void)s; NS }
static HRESULT STDMETHODCALLTYPE s_PutClass(IWbemServices *T, IWbemClassObject *o, LONG f,
                                            IWbemContext *c, IWbemCallResult **r)
{ (void)T; (void)o; (void)f; (void)c; if (r) *r = NULL; NS }
static HRESULT STDMETHODCALLTYPE s_PutClassAsync(IWbemServices *T, IWbemClassObject *o, LONG f,
                                                 IWbemContext *c, IWbemObjectSink *s)
{ (void)T; (void)o; (void)f; (void)c; (void)s; NS }
static HRESULT STDMETHODCALLTYPE s_DeleteClass(IWbemServices *T, const BSTR n, LONG f,
                                               IWbemContext *c, IWbemCallResult **r)
{ (void)T; (void)n; (void)f; (void)c; if (r) *r = NULL; NS }
static HRESULT STDMETHODCALLTYPE s_DeleteClassAsync(IWbemServices *T, const BSTR n, LONG f,
                                                    IWbemContext *c, IWbemObjectSink *s)
{ (void)T; (void)n; (void)f; (void)c; (void)s; NS }
static HRESULT STDMETHODCALLTYPE s_CreateClassEnum(IWbemServices *T, const BSTR n, LONG f,
                                                   IWbemContext *c, IEnumWbemClassObject **e)
{ (void)T; (void)n; (void)f; (void)c; if (e) *e = NULL; NS }
static HRESULT STDMETHODCALLTYPE s_CreateClassEnumAsync(IWbemServices *T, const BSTR n, LONG f,
                                                        IWbemContext *c, IWbemObjectSink *s)
{ (void)T; (void)n; (void)f; (void)c; (void)s; NS }
static HRESULT STDMETHODCALLTYPE s_PutInstanceAsync(IWbemServices *T, IWbemClassObject *o, LONG f,
                                                    IWbemContext *c, IWbemObjectSink *s)
{ (void)T; (void)o; (void)f; (void)c; (void)s; NS }
static HRESULT STDMETHODCALLTYPE s_DeleteInstanceAsync(IWbemServices *T, const BSTR p, LONG f,
                                                       IWbemContext *c, IWbemObjectSink *s)
{ (void)T; (void)p; (void)f; (void)c; (void)s; NS }
static HRESULT STDMETHODCALLTYPE s_CreateInstanceEnumAsync(IWbemServices *T, const BSTR n, LONG f,
                                                           IWbemContext *c, IWbemObjectSink *s)
{ (void)T; (void)n; (void)f; (void)c; (void)s; NS }
static HRESULT STDMETHODCALLTYPE s_ExecQueryAsync(IWbemServices *T, const BSTR l, const BSTR q,
                                                  LONG f, IWbemContext *c, IWbemObjectSink *s)
{ (void)T; (void)l; (void)q; (void)f; (void)c; (void)s; NS }
static HRESULT STDMETHODCALLTYPE s_ExecNotificationQuery(IWbemServices *T, const BSTR l,
                                                         const BSTR q, LONG f, IWbemContext *c,
                                                         IEnumWbemClassObject **e)
{ (void)T; (void)l; (void)q; (void)f; (void)c; if (e) *e = NULL; NS }
static HRESULT STDMETHODCALLTYPE s_ExecNotificationQueryAsync(IWbemServices *T, const BSTR l,
                                                              const BSTR q, LONG f,
                                                              IWbemContext *c, IWbemObjectSink *s)
{ (void)T; (void)l; (void)q; (void)f; (void)c; (void)s; NS }
static HRESULT STDMETHODCALLTYPE s_ExecMethodAsync(IWbemServices *T, const BSTR p, const BSTR m,
                                                   LONG f, IWbemContext *c, IWbemClassObject *i,
                                                   IWbemObjectSink *s)
{ (void)T; (void)p; (void)m; (void)f; (void)c; (void)i; (void)s; NS }

static const IWbemServicesVtbl services_vtbl = {
    s_QueryInterface, s_AddRef, s_Release, s_OpenNamespace, s_CancelAsyncCall,
    s_QueryObjectSink, s_GetObject, s_GetObjectAsync, s_PutClass, s_PutClassAsync,
    s_DeleteClass, s_DeleteClassAsync, s_CreateClassEnum, s_CreateClassEnumAsync,
    s_PutInstance, s_PutInstanceAsync, s_DeleteInstance, s_DeleteInstanceAsync,
    s_CreateInstanceEnum, s_CreateInstanceEnumAsync, s_ExecQuery, s_ExecQueryAsync,
    s_ExecNotificationQuery, s_ExecNotificationQueryAsync, s_ExecMethod, s_ExecMethodAsync,
};

/* ------------------------------------------------------------ IClientSecurity */

static HRESULT STDMETHODCALLTYPE cs_QueryInterface(IClientSecurity *This, REFIID riid, void **ppv)
{
    return s_QueryInterface(&secimpl(This)->iface, riid, ppv);
}

static ULONG STDMETHODCALLTYPE cs_AddRef(IClientSecurity *This)
{
    return s_AddRef(&secimpl(This)->iface);
}

static ULONG STDMETHODCALLTYPE cs_Release(IClientSecurity *This)
{
    return s_Release(&secimpl(This)->iface);
}

static HRESULT STDMETHODCALLTYPE cs_QueryBlanket(IClientSecurity *This, IUnknown *proxy,
                                                 DWORD *authn, DWORD *authz, OLECHAR **principal,
                                                 DWORD *level, DWORD *imp, void **info,
                                                 DWORD *caps)
{
    (void)This; (void)proxy;
    if (authn) *authn = RPC_C_AUTHN_WINNT;
    if (authz) *authz = RPC_C_AUTHZ_NONE;
    if (principal) *principal = NULL;
    if (level) *level = RPC_C_AUTHN_LEVEL_CALL;
    if (imp) *imp = RPC_C_IMP_LEVEL_IMPERSONATE;
    if (info) *info = NULL;
    if (caps) *caps = EOAC_NONE;
    return S_OK;
}

/* Accepts any blanket and logs it, so tests can check what the client set. */
static HRESULT STDMETHODCALLTYPE cs_SetBlanket(IClientSecurity *This, IUnknown *proxy, DWORD authn,
                                               DWORD authz, OLECHAR *principal, DWORD level,
                                               DWORD imp, void *info, DWORD caps)
{
    (void)This; (void)proxy; (void)principal; (void)info;
    wb_log("SetBlanket authn=%lu authz=%lu level=%lu imp=%lu caps=0x%lx -> 0x00000000",
           (unsigned long)authn, (unsigned long)authz, (unsigned long)level, (unsigned long)imp,
           (unsigned long)caps);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE cs_CopyProxy(IClientSecurity *This, IUnknown *proxy, IUnknown **copy)
{
    (void)This;
    if (!proxy || !copy)
        return E_INVALIDARG;
    *copy = proxy;
    IUnknown_AddRef(proxy);
    return S_OK;
}

static const IClientSecurityVtbl security_vtbl = {
    cs_QueryInterface, cs_AddRef, cs_Release, cs_QueryBlanket, cs_SetBlanket, cs_CopyProxy,
};

HRESULT wb_services_new(IWbemServices **out)
{
    struct wb_services *s = calloc(1, sizeof *s);
    if (!s)
        return WBEM_E_OUT_OF_MEMORY;
    s->iface.lpVtbl = (IWbemServicesVtbl *)&services_vtbl;
    s->sec.lpVtbl = (IClientSecurityVtbl *)&security_vtbl;
    s->ref = 1;
    *out = &s->iface;
    return S_OK;
}
