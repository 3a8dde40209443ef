/* syserror.c - Win32 error / HRESULT -> status and message (see syserror.h). */
#include "syserror.h"

#include <wbemcli.h>

#include "status.h"
#include "winutil.h"

#include <stdio.h>

static const struct {
    HRESULT hr;
    const char *name;
} hresult_names[] = {
    {(HRESULT)WBEM_E_FAILED, "WBEM_E_FAILED"},
    {(HRESULT)WBEM_E_NOT_FOUND, "WBEM_E_NOT_FOUND"},
    {(HRESULT)WBEM_E_ACCESS_DENIED, "WBEM_E_ACCESS_DENIED"},
    {(HRESULT)WBEM_E_PROVIDER_FAILURE, "WBEM_E_PROVIDER_FAILURE"},
    {(HRESULT)WBEM_E_TYPE_MISMATCH, "WBEM_E_TYPE_MISMATCH"},
    {(HRESULT)WBEM_E_OUT_OF_MEMORY, "WBEM_E_OUT_OF_MEMORY"},
    {(HRESULT)WBEM_E_INVALID_CONTEXT, "WBEM_E_INVALID_CONTEXT"},
    {(HRESULT)WBEM_E_INVALID_PARAMETER, "WBEM_E_INVALID_PARAMETER"},
    {(HRESULT)WBEM_E_NOT_AVAILABLE, "WBEM_E_NOT_AVAILABLE"},
    {(HRESULT)WBEM_E_CRITICAL_ERROR, "WBEM_E_CRITICAL_ERROR"},
    {(HRESULT)WBEM_E_NOT_SUPPORTED, "WBEM_E_NOT_SUPPORTED"},
    {(HRESULT)WBEM_E_INVALID_NAMESPACE, "WBEM_E_INVALID_NAMESPACE"},
    {(HRESULT)WBEM_E_INVALID_OBJECT, "WBEM_E_INVALID_OBJECT"},
    {(HRESULT)WBEM_E_INVALID_CLASS, "WBEM_E_INVALID_CLASS"},
    {(HRESULT)WBEM_E_PROVIDER_NOT_FOUND, "WBEM_E_PROVIDER_NOT_FOUND"},
    {(HRESULT)WBEM_E_PROVIDER_LOAD_FAILURE, "WBEM_E_PROVIDER_LOAD_FAILURE"},
    {(HRESULT)WBEM_E_INITIALIZATION_FAILURE, "WBEM_E_INITIALIZATION_FAILURE"},
    {(HRESULT)WBEM_E_TRANSPORT_FAILURE, "WBEM_E_TRANSPORT_FAILURE"},
    {(HRESULT)WBEM_E_INVALID_OPERATION, "WBEM_E_INVALID_OPERATION"},
    {(HRESULT)WBEM_E_INVALID_QUERY, "WBEM_E_INVALID_QUERY"},
    {(HRESULT)WBEM_E_INVALID_QUERY_TYPE, "WBEM_E_INVALID_QUERY_TYPE"},
    {(HRESULT)WBEM_E_ALREADY_EXISTS, "WBEM_E_ALREADY_EXISTS"},
    {(HRESULT)WBEM_E_UNEXPECTED, "WBEM_E_UNEXPECTED"},
    {(HRESULT)WBEM_E_ILLEGAL_OPERATION, "WBEM_E_ILLEGAL_OPERATION"},
    {(HRESULT)WBEM_E_INVALID_SYNTAX, "WBEM_E_INVALID_SYNTAX"},
    {(HRESULT)WBEM_E_READ_ONLY, "WBEM_E_READ_ONLY"},
    {(HRESULT)WBEM_E_PROVIDER_NOT_CAPABLE, "WBEM_E_PROVIDER_NOT_CAPABLE"},
    {(HRESULT)WBEM_E_QUERY_NOT_IMPLEMENTED, "WBEM_E_QUERY_NOT_IMPLEMENTED"},
    {(HRESULT)WBEM_E_ILLEGAL_NULL, "WBEM_E_ILLEGAL_NULL"},
    {(HRESULT)WBEM_E_INVALID_PROPERTY_TYPE, "WBEM_E_INVALID_PROPERTY_TYPE"},
    {(HRESULT)WBEM_E_VALUE_OUT_OF_RANGE, "WBEM_E_VALUE_OUT_OF_RANGE"},
    {(HRESULT)WBEM_E_INVALID_CIM_TYPE, "WBEM_E_INVALID_CIM_TYPE"},
    {(HRESULT)WBEM_E_INVALID_METHOD, "WBEM_E_INVALID_METHOD"},
    {(HRESULT)WBEM_E_INVALID_METHOD_PARAMETERS, "WBEM_E_INVALID_METHOD_PARAMETERS"},
    {(HRESULT)WBEM_E_INVALID_PROPERTY, "WBEM_E_INVALID_PROPERTY"},
    {(HRESULT)WBEM_E_CALL_CANCELLED, "WBEM_E_CALL_CANCELLED"},
    {(HRESULT)WBEM_E_SHUTTING_DOWN, "WBEM_E_SHUTTING_DOWN"},
    {(HRESULT)WBEM_E_INVALID_OBJECT_PATH, "WBEM_E_INVALID_OBJECT_PATH"},
    {(HRESULT)WBEM_E_SERVER_TOO_BUSY, "WBEM_E_SERVER_TOO_BUSY"},
    {(HRESULT)WBEM_E_METHOD_NOT_IMPLEMENTED, "WBEM_E_METHOD_NOT_IMPLEMENTED"},
    {(HRESULT)WBEM_E_METHOD_DISABLED, "WBEM_E_METHOD_DISABLED"},
    {(HRESULT)WBEM_E_UNPARSABLE_QUERY, "WBEM_E_UNPARSABLE_QUERY"},
    {(HRESULT)WBEM_E_PRIVILEGE_NOT_HELD, "WBEM_E_PRIVILEGE_NOT_HELD"},
    {(HRESULT)WBEM_E_INVALID_OPERATOR, "WBEM_E_INVALID_OPERATOR"},
    {(HRESULT)WBEM_E_QUOTA_VIOLATION, "WBEM_E_QUOTA_VIOLATION"},
    {(HRESULT)E_ACCESSDENIED, "E_ACCESSDENIED"},
    {(HRESULT)E_OUTOFMEMORY, "E_OUTOFMEMORY"},
    {(HRESULT)E_INVALIDARG, "E_INVALIDARG"},
    {(HRESULT)E_NOINTERFACE, "E_NOINTERFACE"},
    {(HRESULT)E_NOTIMPL, "E_NOTIMPL"},
    {(HRESULT)E_FAIL, "E_FAIL"},
    {(HRESULT)E_POINTER, "E_POINTER"},
    {(HRESULT)REGDB_E_CLASSNOTREG, "REGDB_E_CLASSNOTREG"},
    {(HRESULT)CO_E_NOTINITIALIZED, "CO_E_NOTINITIALIZED"},
    {(HRESULT)RPC_E_CHANGED_MODE, "RPC_E_CHANGED_MODE"},
    {(HRESULT)RPC_E_DISCONNECTED, "RPC_E_DISCONNECTED"},
};

const char *wn_hresult_name(HRESULT hr)
{
    size_t i;
    for (i = 0; i < sizeof hresult_names / sizeof hresult_names[0]; i++)
        if (hresult_names[i].hr == hr)
            return hresult_names[i].name;
    return NULL;
}

wslnet_status wn_status_from_win32(DWORD error)
{
    switch (error) {
    case ERROR_ACCESS_DENIED:
    case ERROR_PRIVILEGE_NOT_HELD:
        return WSLNET_E_ACCESS_DENIED;
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
    case ERROR_NOT_FOUND:
        return WSLNET_E_NOT_FOUND;
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY:
        return WSLNET_E_NO_MEMORY;
    case ERROR_NOT_SUPPORTED:
    case ERROR_CALL_NOT_IMPLEMENTED:
        return WSLNET_E_UNSUPPORTED;
    default:
        return WSLNET_E_SYSTEM;
    }
}

wslnet_status wn_status_from_hresult(HRESULT hr)
{
    switch ((unsigned long)hr) {
    case (unsigned long)WBEM_E_ACCESS_DENIED:
    case (unsigned long)WBEM_E_PRIVILEGE_NOT_HELD:
        return WSLNET_E_ACCESS_DENIED;
    case (unsigned long)WBEM_E_NOT_FOUND:
        return WSLNET_E_NOT_FOUND;
    case (unsigned long)E_OUTOFMEMORY:
    case (unsigned long)WBEM_E_OUT_OF_MEMORY:
        return WSLNET_E_NO_MEMORY;
    case (unsigned long)E_NOTIMPL:
    case (unsigned long)WBEM_E_INVALID_NAMESPACE:
    case (unsigned long)WBEM_E_INVALID_CLASS:
    case (unsigned long)WBEM_E_NOT_SUPPORTED:
        return WSLNET_E_UNSUPPORTED;
    case (unsigned long)E_INVALIDARG:
    case (unsigned long)WBEM_E_INVALID_PARAMETER:
    case (unsigned long)WBEM_E_VALUE_OUT_OF_RANGE:
    case (unsigned long)WBEM_E_INVALID_PROPERTY:
        return WSLNET_E_INVALID_INPUT;
    case (unsigned long)REGDB_E_CLASSNOTREG:
    case (unsigned long)CO_E_DLLNOTFOUND:
    case (unsigned long)WBEM_E_SHUTTING_DOWN:
    case (unsigned long)WBEM_E_TRANSPORT_FAILURE:
    case (unsigned long)HRESULT_FROM_WIN32(ERROR_SERVICE_NOT_ACTIVE):
    case (unsigned long)HRESULT_FROM_WIN32(ERROR_SERVICE_DISABLED):
    case (unsigned long)HRESULT_FROM_WIN32(RPC_S_SERVER_UNAVAILABLE):
        return WSLNET_E_UNAVAILABLE;
    default:
        break;
    }
    if (HRESULT_FACILITY(hr) == FACILITY_WIN32)
        return wn_status_from_win32((DWORD)HRESULT_CODE(hr));
    return WSLNET_E_SYSTEM;
}

void wn_system_message(DWORD code, char *buf, size_t size)
{
    wchar_t text[256];
    DWORD n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
                             code, 0, text, sizeof text / sizeof text[0], NULL);
    while (n > 0 && (text[n - 1] == L'\r' || text[n - 1] == L'\n' || text[n - 1] == L' '))
        text[--n] = L'\0';
    text[n] = L'\0';
    if (size > 0)
        buf[0] = '\0';
    if (n > 0)
        wn_utf8_from_wide(text, buf, size);
}

/* "<what> failed: <text> <name> (<number>)", text and name when known;
 * "<what> failed (<number>)" when neither is. */
static wslnet_status fail(wslnet_error *err, wslnet_status status, uint32_t code, const char *what,
                          const char *name, const char *number)
{
    char text[256];
    wn_system_message(code, text, sizeof text);
    if (!text[0] && !name[0])
        return wn_fail(err, status, code, "%s failed (%s)", what, number);
    return wn_fail(err, status, code, "%s failed: %s%s%s (%s)", what, text, text[0] && name[0] ? " " : "",
                   name, number);
}

wslnet_status wn_fail_win32(wslnet_error *err, DWORD error, const char *what)
{
    char number[32];
    snprintf(number, sizeof number, "error %lu", (unsigned long)error);
    return fail(err, wn_status_from_win32(error), error, what, "", number);
}

wslnet_status wn_fail_hr(wslnet_error *err, HRESULT hr, const char *what)
{
    const char *name = wn_hresult_name(hr);
    char number[16];
    snprintf(number, sizeof number, "0x%08lX", (unsigned long)hr);
    return fail(err, wn_status_from_hresult(hr), (uint32_t)hr, what, name ? name : "", number);
}
