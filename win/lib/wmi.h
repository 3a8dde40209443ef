/*
 * wmi.h - a small WMI client over COM for ROOT\StandardCimv2: connect with
 * the security blanket WSL uses, query, get an object, spawn and put
 * instances, delete by path, execute a static method. Every call carries an
 * IWbemContext with the policy store when one was given. VARIANT, SAFEARRAY
 * and BSTR handling lives here only; HRESULTs become wslnet statuses with the
 * WBEM error's name in the message ("WBEM_E_INVALID_PARAMETER (0x80041008)")
 * and the HRESULT in err->code.
 */
#ifndef WN_WMI_H
#define WN_WMI_H

#include <windows.h>
#include <wbemcli.h>

#include "status.h" /* wslnet.h, WN_MUST_CHECK */

#define WN_WMI_NAMESPACE L"ROOT\\StandardCimv2"

typedef struct wn_wmi {
    IWbemServices *services;
    IWbemContext *context;    /* PolicyStore; NULL when opened without a store */
    int uninitialize;         /* this open initialised COM */
} wn_wmi;

/*
 * Initialises COM (multithreaded; an apartment already set up is used as it
 * is), connects to ROOT\StandardCimv2 and sets the proxy blanket (WINNT,
 * call level, impersonate). policy_store: L"PersistentStore",
 * L"ActiveStore", or NULL for none. On failure everything is released.
 */
WN_MUST_CHECK
wslnet_status wn_wmi_open(wn_wmi *w, const wchar_t *policy_store, wslnet_error *err);

/* Releases what wn_wmi_open took; safe on a zeroed or closed wn_wmi. */
void wn_wmi_close(wn_wmi *w);

/* GetObject(path): a class ("MSFT_NetFirewallHyperVRule") or an instance
 * path. *out to be released by the caller. */
WN_MUST_CHECK
wslnet_status wn_wmi_get_object(wn_wmi *w, const wchar_t *path, IWbemClassObject **out, wslnet_error *err);

/* Runs a WQL query and collects every object into *out (count in *count);
 * free with wn_wmi_objects_free. A failure of the query or of the enumeration
 * is an error. */
WN_MUST_CHECK
wslnet_status wn_wmi_query(wn_wmi *w, const wchar_t *wql, IWbemClassObject ***out, size_t *count,
                           wslnet_error *err);
void wn_wmi_objects_free(IWbemClassObject **objects, size_t count);

/* A new instance of a class (GetObject + SpawnInstance). Caller releases. */
WN_MUST_CHECK
wslnet_status wn_wmi_spawn(wn_wmi *w, const wchar_t *class_name, IWbemClassObject **out, wslnet_error *err);

/* PutInstance with WBEM_FLAG_CREATE_OR_UPDATE. */
WN_MUST_CHECK
wslnet_status wn_wmi_put_instance(wn_wmi *w, IWbemClassObject *instance, wslnet_error *err);

/* DeleteInstance(path) (UTF-8); WSLNET_E_NOT_FOUND when there is none. */
WN_MUST_CHECK
wslnet_status wn_wmi_delete(wn_wmi *w, const char *path, wslnet_error *err);

/* The input parameters of a class's method, spawned, to fill with the
 * wn_wmi_put_* functions. Caller releases. */
WN_MUST_CHECK
wslnet_status wn_wmi_method_params(wn_wmi *w, const wchar_t *class_name, const wchar_t *method,
                                   IWbemClassObject **out, wslnet_error *err);

/* ExecMethod of a static method; *out (may be NULL to ignore) receives the
 * output parameters, released by the caller. A ReturnValue other than 0 is
 * an error carrying that value. */
WN_MUST_CHECK
wslnet_status wn_wmi_exec_static(wn_wmi *w, const wchar_t *class_name, const wchar_t *method,
                                 IWbemClassObject *params, IWbemClassObject **out, wslnet_error *err);

/* ---- properties: one place for VARIANTs */

/* VT_BSTR from UTF-8. */
WN_MUST_CHECK
wslnet_status wn_wmi_put_string(IWbemClassObject *o, const wchar_t *name, const char *value, wslnet_error *err);
/* VT_I4: how WMI takes uint16 and uint32 properties. */
WN_MUST_CHECK
wslnet_status wn_wmi_put_i4(IWbemClassObject *o, const wchar_t *name, long value, wslnet_error *err);
/* VT_ARRAY | VT_BSTR (a SAFEARRAY of BSTRs) from UTF-8 items. */
WN_MUST_CHECK
wslnet_status wn_wmi_put_strings(IWbemClassObject *o, const wchar_t *name, char *const *items, size_t count,
                                 wslnet_error *err);
/* VT_NULL: the property cleared. */
WN_MUST_CHECK
wslnet_status wn_wmi_put_null(IWbemClassObject *o, const wchar_t *name, wslnet_error *err);

/* A string property as malloc'd UTF-8 (caller frees); "" when NULL or not in
 * the object; WSLNET_E_BAD_DATA when it is not a string. */
WN_MUST_CHECK
wslnet_status wn_wmi_get_string(IWbemClassObject *o, const wchar_t *name, char **out, wslnet_error *err);
/* An integer property; WSLNET_HVFW_UNSET when NULL or absent. */
WN_MUST_CHECK
wslnet_status wn_wmi_get_int(IWbemClassObject *o, const wchar_t *name, int *out, wslnet_error *err);
/* A string array property into *out (items malloc'd; clear with
 * wn_hvfw_strings_clear); empty when NULL or absent. */
WN_MUST_CHECK
wslnet_status wn_wmi_get_strings(IWbemClassObject *o, const wchar_t *name, wslnet_hvfw_strings *out,
                                 wslnet_error *err);

#endif
