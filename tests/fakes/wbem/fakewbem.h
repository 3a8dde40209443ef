/*
 * fakewbem.h - internals of the fake WMI provider (fakewbem.dll). The state
 * file format and the behaviour are described at the top of locator.c.
 */
#ifndef FAKEWBEM_H
#define FAKEWBEM_H

#define COBJMACROS
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <objbase.h>
#include <oleauto.h>
#include <wbemcli.h>

#include <cjson/cJSON.h>

/* ------------------------------------------------------------ schema.c */

struct wb_prop_def {
    const WCHAR *name;
    CIMTYPE type;
    int has_default; /* MOF default value (an integer), given to spawned instances */
    LONG default_i4;
};

struct wb_class {
    const WCHAR *name;
    const char *name8;
    const struct wb_prop_def *props;
    int nprops;
    int keyed;        /* 1: InstanceID is the key (a real class); 0: method parameters */
    int needs_v2;     /* absent in mode "v1" */
};

/* The class called name (case-insensitive), or NULL. Only the four
 * MSFT_NetFirewallHyperV* classes; the mode is not considered here. */
const struct wb_class *wb_class_find(const WCHAR *name);
const struct wb_class *wb_class_find8(const char *name);
/* Index of the property called name in cls (case-insensitive), or -1. */
int wb_prop_index(const struct wb_class *cls, const WCHAR *name);
int wb_prop_index8(const struct wb_class *cls, const char *name);
/* In/out parameter classes of cls's static method, or S_OK with NULLs. */
HRESULT wb_method_params(const struct wb_class *cls, const WCHAR *method,
                         const struct wb_class **in, const struct wb_class **out);
/* "uint16", "string[]", ... for a CIMTYPE (static string). */
const char *wb_cimtype_name(CIMTYPE t);

/* ------------------------------------------------------------ varjson.c */

/* VARIANT from a stored property (full form {"value","cimtype","vt"} or a
 * plain JSON value, then Windows' VT for type). Caller VariantClear()s. */
HRESULT wb_variant_from_json(const cJSON *prop, CIMTYPE type, VARIANT *out);
/* The stored form {"value","cimtype","vt"} of v; NULL for VT_EMPTY/VT_NULL. */
cJSON *wb_json_from_variant(const VARIANT *v, CIMTYPE type);
/* S_OK when a value of VARTYPE vt may be Put into a property of type t. */
HRESULT wb_vt_fits(VARTYPE vt, CIMTYPE t);
/* "VT_I4", "VT_ARRAY|VT_BSTR", ... into buf. */
void wb_vt_name(VARTYPE vt, char *buf, size_t size);
/* UTF-8 copy of a wide string (malloc'd) and back (SysAllocString'd). */
char *wb_utf8(const WCHAR *w);
BSTR wb_bstr(const char *s);

/* ------------------------------------------------------------ object.c */

struct wb_obj {
    IWbemClassObject iface;
    LONG ref;
    const struct wb_class *cls;
    int is_instance;
    int enum_pos;     /* -1 outside BeginEnumeration..EndEnumeration */
    VARIANT *vals;    /* cls->nprops values; VT_NULL when not set */
};

/* A new class object (is_instance 0) or empty instance (1) of cls; one
 * reference for the caller. NULL when out of memory. */
struct wb_obj *wb_obj_new(const struct wb_class *cls, int is_instance);
/* An instance of cls built from a stored instance (JSON object). */
HRESULT wb_obj_from_json(const struct wb_class *cls, const cJSON *inst, struct wb_obj **out);
/* The stored form of obj's set properties (caller cJSON_Delete()s). */
cJSON *wb_obj_to_json(const struct wb_obj *obj);
/* Our object behind iface, or NULL when iface is not one of ours. */
struct wb_obj *wb_obj_from_iface(IWbemClassObject *iface);
/* The value of property name (borrowed), or NULL when unset/unknown. */
const VARIANT *wb_obj_value(const struct wb_obj *obj, const WCHAR *name);
/* Class.InstanceID="id" for an instance, the class name otherwise
 * (SysFreeString), NULL when the key is unset. */
BSTR wb_obj_relpath(const struct wb_obj *obj);

/* ------------------------------------------------------------ state.c */

/* Loads C:\wslnet-fake\wmi.json (dir: env WSLNET_FAKE_DIR). No file: an
 * empty v2 state. Malformed: 0x8007000D. Caller cJSON_Delete()s. */
HRESULT wb_state_load(cJSON **doc);
/* Writes doc back (whole file). */
HRESULT wb_state_save(const cJSON *doc);
/* "v2" (default), "v1", "unsupported" or "nonamespace". */
const char *wb_state_mode(const cJSON *doc);
/* HRESULT injected for method under "fail" (and removes it, saving the
 * state), or S_OK. */
HRESULT wb_state_take_fail(cJSON *doc, const char *method);
/* HRESULT that rejected values get: "invalidParameter" in the state, else
 * WBEM_E_INVALID_PARAMETER. */
HRESULT wb_state_invalid_hr(const cJSON *doc);
/* The array of instances of class8 in store (created when create). */
cJSON *wb_state_instances(cJSON *doc, const char *store, const char *class8, int create);
/* Appends a line to C:\wslnet-fake\wmi-calls.log. */
void wb_log(const char *fmt, ...);

/* ------------------------------------------------------------ query.c */

struct wb_cond {
    char prop[64];
    char value[512];
    int is_string; /* quoted literal */
};

struct wb_query {
    char class8[128];
    int nconds;
    struct wb_cond conds[2];
};

/* Parses the WQL subset: SELECT * FROM C [WHERE P = V [AND P = V]]. */
HRESULT wb_query_parse(const WCHAR *text, struct wb_query *q);
/* Parses an object path: [\\server\ns:]Class[.Key="v" | ="v"] (key
 * empty when the path names a class). */
HRESULT wb_path_parse(const WCHAR *path, char *class8, size_t csize, char *key8, size_t ksize,
                      int *has_key);
/* 1 when stored instance inst of cls satisfies every condition of q. */
int wb_query_matches(const struct wb_class *cls, const cJSON *inst, const struct wb_query *q);
/* Stored instance's string property (borrowed), or NULL. */
const char *wb_inst_string(const cJSON *inst, const char *prop);

/* ------------------------------------------------------------ validate.c */

/* Checks an instance about to be stored; S_OK or the HRESULT to return
 * (bad is what doc says invalid values get). */
HRESULT wb_validate(const struct wb_obj *obj, HRESULT bad);
/* 1 when s is a GUID in braces. */
int wb_is_braced_guid(const WCHAR *s);

/* ------------------------------------------------------------ services.c */

/* A new IWbemServices (with IClientSecurity) for ROOT\StandardCimv2. */
HRESULT wb_services_new(IWbemServices **out);

/* ------------------------------------------------------------ enum.c */

/* An enumerator over objs (takes the references); forward_only as the
 * WBEM_FLAG_FORWARD_ONLY flag. */
HRESULT wb_enum_new(IWbemClassObject **objs, ULONG count, int forward_only,
                    IEnumWbemClassObject **out);
/* A call result holding status and (optional, referenced) result. */
HRESULT wb_callresult_new(HRESULT status, IWbemClassObject *result, IWbemCallResult **out);

#endif
