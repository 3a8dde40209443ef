/*
 * varjson.c - VARIANT <-> stored JSON property, keeping the VARTYPE the
 * client used (so tests can check uint16 went in as VT_I4 and string arrays
 * as SAFEARRAYs of BSTR).
 */
#include "fakewbem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    VARTYPE vt;
    const char *name;
} vt_names[] = {
    {VT_EMPTY, "VT_EMPTY"}, {VT_NULL, "VT_NULL"}, {VT_I2, "VT_I2"},   {VT_I4, "VT_I4"},
    {VT_R4, "VT_R4"},       {VT_R8, "VT_R8"},     {VT_BSTR, "VT_BSTR"}, {VT_BOOL, "VT_BOOL"},
    {VT_I1, "VT_I1"},       {VT_UI1, "VT_UI1"},   {VT_UI2, "VT_UI2"}, {VT_UI4, "VT_UI4"},
    {VT_I8, "VT_I8"},       {VT_UI8, "VT_UI8"},   {VT_INT, "VT_INT"}, {VT_UINT, "VT_UINT"},
};

#define NVT ((int)(sizeof(vt_names) / sizeof(vt_names[0])))

char *wb_utf8(const WCHAR *w)
{
    if (!w)
        return NULL;
    int n = WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
    char *s = n > 0 ? malloc((size_t)n) : NULL;
    if (s)
        WideCharToMultiByte(CP_UTF8, 0, w, -1, s, n, NULL, NULL);
    return s;
}

BSTR wb_bstr(const char *s)
{
    int n = MultiByteToWideChar(CP_UTF8, 0, s, -1, NULL, 0);
    if (n <= 0)
        return NULL;
    BSTR b = SysAllocStringLen(NULL, (UINT)(n - 1));
    if (b)
        MultiByteToWideChar(CP_UTF8, 0, s, -1, b, n);
    return b;
}

void wb_vt_name(VARTYPE vt, char *buf, size_t size)
{
    VARTYPE base = vt & VT_TYPEMASK;
    const char *name = NULL;
    for (int i = 0; i < NVT; i++)
        if (vt_names[i].vt == base)
            name = vt_names[i].name;
    if (!name || (vt & ~(VT_TYPEMASK | VT_ARRAY)))
        snprintf(buf, size, "0x%04x", (unsigned)vt);
    else
        snprintf(buf, size, "%s%s", (vt & VT_ARRAY) ? "VT_ARRAY|" : "", name);
}

static int vt_parse(const char *s, VARTYPE *vt)
{
    VARTYPE arr = 0;
    if (strncmp(s, "VT_ARRAY|", 9) == 0) {
        arr = VT_ARRAY;
        s += 9;
    }
    for (int i = 0; i < NVT; i++)
        if (strcmp(vt_names[i].name, s) == 0) {
            *vt = vt_names[i].vt | arr;
            return 1;
        }
    return 0;
}

/* The VARTYPE Windows' WMI uses for an element of CIM type t. */
static VARTYPE element_vt(CIMTYPE t)
{
    switch (t & ~CIM_FLAG_ARRAY) {
    case CIM_STRING: return VT_BSTR;
    case CIM_BOOLEAN: return VT_BOOL;
    case CIM_UINT8: return VT_UI1;
    case CIM_SINT16: return VT_I2;
    default: return VT_I4; /* uint16, sint32, uint32 */
    }
}

static VARTYPE windows_vt(CIMTYPE t)
{
    return (VARTYPE)(element_vt(t) | ((t & CIM_FLAG_ARRAY) ? VT_ARRAY : 0));
}

static int is_integer_vt(VARTYPE vt)
{
    switch (vt) {
    case VT_I1: case VT_I2: case VT_I4: case VT_I8: case VT_UI1: case VT_UI2:
    case VT_UI4: case VT_UI8: case VT_INT: case VT_UINT:
        return 1;
    default:
        return 0;
    }
}

static int element_fits(VARTYPE vt, CIMTYPE t)
{
    switch (t & ~CIM_FLAG_ARRAY) {
    case CIM_STRING: return vt == VT_BSTR;
    case CIM_BOOLEAN: return vt == VT_BOOL;
    default: return is_integer_vt(vt);
    }
}

HRESULT wb_vt_fits(VARTYPE vt, CIMTYPE t)
{
    if (vt == VT_NULL || vt == VT_EMPTY)
        return S_OK;
    if (!!(vt & VT_ARRAY) != !!(t & CIM_FLAG_ARRAY))
        return WBEM_E_TYPE_MISMATCH;
    return element_fits(vt & VT_TYPEMASK, t) ? S_OK : WBEM_E_TYPE_MISMATCH;
}

/* One scalar of type vt from JSON item into the VARIANT-sized buffer. */
static HRESULT scalar_from_json(const cJSON *item, VARTYPE vt, VARIANT *v)
{
    V_VT(v) = vt;
    if (vt == VT_BSTR) {
        if (!cJSON_IsString(item))
            return WBEM_E_TYPE_MISMATCH;
        V_BSTR(v) = wb_bstr(item->valuestring);
        return V_BSTR(v) ? S_OK : E_OUTOFMEMORY;
    }
    if (vt == VT_BOOL) {
        if (!cJSON_IsBool(item) && !cJSON_IsNumber(item))
            return WBEM_E_TYPE_MISMATCH;
        V_BOOL(v) = (cJSON_IsTrue(item) || (cJSON_IsNumber(item) && item->valuedouble != 0))
                        ? VARIANT_TRUE : VARIANT_FALSE;
        return S_OK;
    }
    if (!cJSON_IsNumber(item))
        return WBEM_E_TYPE_MISMATCH;
    double d = item->valuedouble;
    switch (vt) {
    case VT_I1: V_I1(v) = (CHAR)d; break;
    case VT_I2: V_I2(v) = (SHORT)d; break;
    case VT_I4: V_I4(v) = (LONG)d; break;
    case VT_INT: V_INT(v) = (INT)d; break;
    case VT_I8: V_I8(v) = (LONGLONG)d; break;
    case VT_UI1: V_UI1(v) = (BYTE)d; break;
    case VT_UI2: V_UI2(v) = (USHORT)d; break;
    case VT_UI4: V_UI4(v) = (ULONG)d; break;
    case VT_UINT: V_UINT(v) = (UINT)d; break;
    case VT_UI8: V_UI8(v) = (ULONGLONG)d; break;
    case VT_R4: V_R4(v) = (FLOAT)d; break;
    case VT_R8: V_R8(v) = d; break;
    default: return WBEM_E_TYPE_MISMATCH;
    }
    return S_OK;
}

static HRESULT array_from_json(const cJSON *item, VARTYPE elem, VARIANT *out)
{
    if (!cJSON_IsArray(item))
        return WBEM_E_TYPE_MISMATCH;
    SAFEARRAY *sa = SafeArrayCreateVector(elem, 0, (ULONG)cJSON_GetArraySize(item));
    if (!sa)
        return E_OUTOFMEMORY;
    LONG i = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, item) {
        VARIANT one;
        VariantInit(&one);
        HRESULT hr = scalar_from_json(e, elem, &one);
        if (SUCCEEDED(hr))
            hr = SafeArrayPutElement(sa, &i, elem == VT_BSTR ? (void *)V_BSTR(&one) : (void *)&V_I4(&one));
        VariantClear(&one);
        if (FAILED(hr)) {
            SafeArrayDestroy(sa);
            return hr;
        }
        i++;
    }
    V_VT(out) = VT_ARRAY | elem;
    V_ARRAY(out) = sa;
    return S_OK;
}

HRESULT wb_variant_from_json(const cJSON *prop, CIMTYPE type, VARIANT *out)
{
    VariantInit(out);
    const cJSON *value = prop;
    VARTYPE vt = windows_vt(type);
    if (cJSON_IsObject(prop)) {
        value = cJSON_GetObjectItemCaseSensitive(prop, "value");
        const cJSON *vtj = cJSON_GetObjectItemCaseSensitive(prop, "vt");
        if (cJSON_IsString(vtj) && !vt_parse(vtj->valuestring, &vt))
            return WBEM_E_TYPE_MISMATCH;
    }
    if (!value || cJSON_IsNull(value) || vt == VT_NULL || vt == VT_EMPTY) {
        V_VT(out) = VT_NULL;
        return S_OK;
    }
    if (vt & VT_ARRAY)
        return array_from_json(value, vt & VT_TYPEMASK, out);
    return scalar_from_json(value, vt, out);
}

static cJSON *scalar_to_json(VARTYPE vt, const void *p)
{
    switch (vt) {
    case VT_BSTR: {
        char *s = wb_utf8(*(BSTR const *)p ? *(BSTR const *)p : L"");
        cJSON *j = cJSON_CreateString(s ? s : "");
        free(s);
        return j;
    }
    case VT_BOOL: return cJSON_CreateBool(*(const VARIANT_BOOL *)p != VARIANT_FALSE);
    case VT_I1: return cJSON_CreateNumber(*(const CHAR *)p);
    case VT_I2: return cJSON_CreateNumber(*(const SHORT *)p);
    case VT_I4: return cJSON_CreateNumber(*(const LONG *)p);
    case VT_INT: return cJSON_CreateNumber(*(const INT *)p);
    case VT_I8: return cJSON_CreateNumber((double)*(const LONGLONG *)p);
    case VT_UI1: return cJSON_CreateNumber(*(const BYTE *)p);
    case VT_UI2: return cJSON_CreateNumber(*(const USHORT *)p);
    case VT_UI4: return cJSON_CreateNumber(*(const ULONG *)p);
    case VT_UINT: return cJSON_CreateNumber(*(const UINT *)p);
    case VT_UI8: return cJSON_CreateNumber((double)*(const ULONGLONG *)p);
    case VT_R4: return cJSON_CreateNumber(*(const FLOAT *)p);
    case VT_R8: return cJSON_CreateNumber(*(const DOUBLE *)p);
    default: return cJSON_CreateNull();
    }
}

static cJSON *array_to_json(const VARIANT *v)
{
    cJSON *arr = cJSON_CreateArray();
    SAFEARRAY *sa = V_ARRAY(v);
    LONG lo = 0, hi = -1;
    if (!arr || !sa || SafeArrayGetDim(sa) != 1 || FAILED(SafeArrayGetLBound(sa, 1, &lo)) ||
        FAILED(SafeArrayGetUBound(sa, 1, &hi)))
        return arr;
    VARTYPE elem = V_VT(v) & VT_TYPEMASK;
    for (LONG i = lo; i <= hi; i++) {
        union { BSTR b; LONGLONG big; DOUBLE d; } buf;
        memset(&buf, 0, sizeof buf);
        if (FAILED(SafeArrayGetElement(sa, &i, &buf)))
            continue;
        cJSON_AddItemToArray(arr, scalar_to_json(elem, &buf));
        if (elem == VT_BSTR)
            SysFreeString(buf.b);
    }
    return arr;
}

cJSON *wb_json_from_variant(const VARIANT *v, CIMTYPE type)
{
    if (V_VT(v) == VT_NULL || V_VT(v) == VT_EMPTY)
        return NULL;
    cJSON *p = cJSON_CreateObject();
    char vt[32];
    wb_vt_name(V_VT(v), vt, sizeof vt);
    if (V_VT(v) & VT_ARRAY)
        cJSON_AddItemToObject(p, "value", array_to_json(v));
    else
        cJSON_AddItemToObject(p, "value", scalar_to_json(V_VT(v), &V_NONE(v)));
    cJSON_AddStringToObject(p, "cimtype", wb_cimtype_name(type));
    cJSON_AddStringToObject(p, "vt", vt);
    return p;
}
