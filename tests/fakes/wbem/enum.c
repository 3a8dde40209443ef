/*
 * enum.c - IEnumWbemClassObject over a query's snapshot, and IWbemCallResult
 * for semisynchronous calls (WBEM_FLAG_RETURN_IMMEDIATELY) and callers that
 * ask for one anyway (as WSL does: PutInstance then GetCallStatus).
 */
#include "fakewbem.h"

#include <stdlib.h>

struct wb_enum {
    IEnumWbemClassObject iface;
    LONG ref;
    IWbemClassObject **objs;
    ULONG count, pos;
    int forward_only;
};

static struct wb_enum *eimpl(IEnumWbemClassObject *i)
{
    return CONTAINING_RECORD(i, struct wb_enum, iface);
}

static HRESULT STDMETHODCALLTYPE e_QueryInterface(IEnumWbemClassObject *This, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IEnumWbemClassObject)) {
        *ppv = This;
        IEnumWbemClassObject_AddRef(This);
        return S_OK;
    }
    *ppv = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE e_AddRef(IEnumWbemClassObject *This)
{
    return (ULONG)InterlockedIncrement(&eimpl(This)->ref);
}

static ULONG STDMETHODCALLTYPE e_Release(IEnumWbemClassObject *This)
{
    struct wb_enum *e = eimpl(This);
    LONG r = InterlockedDecrement(&e->ref);
    if (r == 0) {
        for (ULONG i = 0; i < e->count; i++)
            IWbemClassObject_Release(e->objs[i]);
        free(e->objs);
        free(e);
    }
    return (ULONG)r;
}

static HRESULT STDMETHODCALLTYPE e_Reset(IEnumWbemClassObject *This)
{
    eimpl(This)->pos = 0;
    return WBEM_S_NO_ERROR;
}

/* WBEM_S_NO_ERROR when count objects were returned, WBEM_S_FALSE when fewer. */
static HRESULT STDMETHODCALLTYPE e_Next(IEnumWbemClassObject *This, LONG timeout, ULONG count,
                                        IWbemClassObject **objs, ULONG *returned)
{
    struct wb_enum *e = eimpl(This);
    (void)timeout;
    if (!objs || !returned)
        return WBEM_E_INVALID_PARAMETER;
    ULONG n = 0;
    while (n < count && e->pos < e->count) {
        objs[n] = e->objs[e->pos++];
        IWbemClassObject_AddRef(objs[n]);
        n++;
    }
    *returned = n;
    return n == count ? WBEM_S_NO_ERROR : WBEM_S_FALSE;
}

static HRESULT STDMETHODCALLTYPE e_NextAsync(IEnumWbemClassObject *This, ULONG count,
                                             IWbemObjectSink *sink)
{
    (void)This; (void)count; (void)sink;
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT STDMETHODCALLTYPE e_Clone(IEnumWbemClassObject *This, IEnumWbemClassObject **out)
{
    struct wb_enum *e = eimpl(This);
    if (!out)
        return WBEM_E_INVALID_PARAMETER;
    *out = NULL;
    if (e->forward_only)
        return WBEM_E_INVALID_OPERATION; /* documented: forward-only enumerators cannot be cloned */
    IWbemClassObject **objs = calloc(e->count ? e->count : 1, sizeof *objs);
    if (!objs)
        return WBEM_E_OUT_OF_MEMORY;
    for (ULONG i = 0; i < e->count; i++) {
        objs[i] = e->objs[i];
        IWbemClassObject_AddRef(objs[i]);
    }
    HRESULT hr = wb_enum_new(objs, e->count, 0, out);
    if (SUCCEEDED(hr))
        eimpl(*out)->pos = e->pos;
    return hr;
}

static HRESULT STDMETHODCALLTYPE e_Skip(IEnumWbemClassObject *This, LONG timeout, ULONG count)
{
    struct wb_enum *e = eimpl(This);
    (void)timeout;
    ULONG left = e->count - e->pos;
    ULONG n = count < left ? count : left;
    e->pos += n;
    return n == count ? WBEM_S_NO_ERROR : WBEM_S_FALSE;
}

static const IEnumWbemClassObjectVtbl enum_vtbl = {
    e_QueryInterface, e_AddRef, e_Release, e_Reset, e_Next, e_NextAsync, e_Clone, e_Skip,
};

HRESULT wb_enum_new(IWbemClassObject **objs, ULONG count, int forward_only,
                    IEnumWbemClassObject **out)
{
    struct wb_enum *e = calloc(1, sizeof *e);
    if (!e) {
        for (ULONG i = 0; i < count; i++)
            IWbemClassObject_Release(objs[i]);
        free(objs);
        return WBEM_E_OUT_OF_MEMORY;
    }
    e->iface.lpVtbl = (IEnumWbemClassObjectVtbl *)&enum_vtbl;
    e->ref = 1;
    e->objs = objs;
    e->count = count;
    e->forward_only = forward_only;
    *out = &e->iface;
    return S_OK;
}

/* ------------------------------------------------------------ IWbemCallResult */

struct wb_result {
    IWbemCallResult iface;
    LONG ref;
    HRESULT status;
    IWbemClassObject *result;
};

static struct wb_result *rimpl(IWbemCallResult *i)
{
    return CONTAINING_RECORD(i, struct wb_result, iface);
}

static HRESULT STDMETHODCALLTYPE r_QueryInterface(IWbemCallResult *This, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IWbemCallResult)) {
        *ppv = This;
        IWbemCallResult_AddRef(This);
        return S_OK;
    }
    *ppv = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE r_AddRef(IWbemCallResult *This)
{
    return (ULONG)InterlockedIncrement(&rimpl(This)->ref);
}

static ULONG STDMETHODCALLTYPE r_Release(IWbemCallResult *This)
{
    struct wb_result *r = rimpl(This);
    LONG n = InterlockedDecrement(&r->ref);
    if (n == 0) {
        if (r->result)
            IWbemClassObject_Release(r->result);
        free(r);
    }
    return (ULONG)n;
}

/* The call's status when it failed, else its object (out parameters). */
static HRESULT STDMETHODCALLTYPE r_GetResultObject(IWbemCallResult *This, LONG timeout,
                                                   IWbemClassObject **obj)
{
    struct wb_result *r = rimpl(This);
    (void)timeout;
    if (!obj)
        return WBEM_E_INVALID_PARAMETER;
    *obj = NULL;
    if (FAILED(r->status))
        return r->status;
    if (!r->result)
        return WBEM_E_NOT_FOUND;
    *obj = r->result;
    IWbemClassObject_AddRef(*obj);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE r_GetResultString(IWbemCallResult *This, LONG timeout, BSTR *s)
{
    (void)This; (void)timeout;
    if (s)
        *s = NULL;
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT STDMETHODCALLTYPE r_GetResultServices(IWbemCallResult *This, LONG timeout,
                                                     IWbemServices **svc)
{
    (void)This; (void)timeout;
    if (svc)
        *svc = NULL;
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT STDMETHODCALLTYPE r_GetCallStatus(IWbemCallResult *This, LONG timeout, LONG *status)
{
    (void)timeout;
    if (!status)
        return WBEM_E_INVALID_PARAMETER;
    *status = rimpl(This)->status;
    return WBEM_S_NO_ERROR;
}

static const IWbemCallResultVtbl result_vtbl = {
    r_QueryInterface, r_AddRef, r_Release, r_GetResultObject, r_GetResultString,
    r_GetResultServices, r_GetCallStatus,
};

HRESULT wb_callresult_new(HRESULT status, IWbemClassObject *result, IWbemCallResult **out)
{
    struct wb_result *r = calloc(1, sizeof *r);
    if (!r)
        return WBEM_E_OUT_OF_MEMORY;
    r->iface.lpVtbl = (IWbemCallResultVtbl *)&result_vtbl;
    r->ref = 1;
    r->status = status;
    r->result = result;
    if (result)
        IWbemClassObject_AddRef(result);
    *out = &r->iface;
    return S_OK;
}
