/* DLL internals under Wine: the one Win32/HRESULT -> status mapper and its
 * message format (win/lib/syserror.c). */
#include <windows.h>
#include <wbemcli.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "status.h"
#include "syserror.h"

static void win32_statuses(void **state)
{
    (void)state;
    assert_int_equal(wn_status_from_win32(ERROR_ACCESS_DENIED), WSLNET_E_ACCESS_DENIED);
    assert_int_equal(wn_status_from_win32(ERROR_FILE_NOT_FOUND), WSLNET_E_NOT_FOUND);
    assert_int_equal(wn_status_from_win32(ERROR_OUTOFMEMORY), WSLNET_E_NO_MEMORY);
    assert_int_equal(wn_status_from_win32(ERROR_NOT_SUPPORTED), WSLNET_E_UNSUPPORTED);
    assert_int_equal(wn_status_from_win32(ERROR_INVALID_DATA), WSLNET_E_SYSTEM);
}

static void hresult_statuses(void **state)
{
    (void)state;
    /* FACILITY_WIN32 goes through the Win32 mapping */
    assert_int_equal(wn_status_from_hresult(E_ACCESSDENIED), WSLNET_E_ACCESS_DENIED);
    assert_int_equal(wn_status_from_hresult(HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)), WSLNET_E_NOT_FOUND);
    assert_int_equal(wn_status_from_hresult(HRESULT_FROM_WIN32(ERROR_INVALID_DATA)), WSLNET_E_SYSTEM);
    /* a service or RPC server that is not running: unavailable */
    assert_int_equal(wn_status_from_hresult(HRESULT_FROM_WIN32(RPC_S_SERVER_UNAVAILABLE)), WSLNET_E_UNAVAILABLE);
    assert_int_equal(wn_status_from_hresult(REGDB_E_CLASSNOTREG), WSLNET_E_UNAVAILABLE);
    /* COM and WBEM by meaning */
    assert_int_equal(wn_status_from_hresult(E_OUTOFMEMORY), WSLNET_E_NO_MEMORY);
    assert_int_equal(wn_status_from_hresult(E_INVALIDARG), WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_status_from_hresult(E_NOTIMPL), WSLNET_E_UNSUPPORTED);
    assert_int_equal(wn_status_from_hresult(WBEM_E_ACCESS_DENIED), WSLNET_E_ACCESS_DENIED);
    assert_int_equal(wn_status_from_hresult(WBEM_E_NOT_FOUND), WSLNET_E_NOT_FOUND);
    assert_int_equal(wn_status_from_hresult(WBEM_E_INVALID_NAMESPACE), WSLNET_E_UNSUPPORTED);
    assert_int_equal(wn_status_from_hresult(WBEM_E_INVALID_PARAMETER), WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_status_from_hresult(E_FAIL), WSLNET_E_SYSTEM);
    assert_int_equal(wn_status_from_hresult(WBEM_E_PROVIDER_FAILURE), WSLNET_E_SYSTEM);
}

static void one_message_format(void **state)
{
    wslnet_error err;
    (void)state;
    assert_int_equal(wn_fail_win32(&err, ERROR_ACCESS_DENIED, "RegSetValueExW(X)"), WSLNET_E_ACCESS_DENIED);
    assert_int_equal(err.status, WSLNET_E_ACCESS_DENIED);
    assert_int_equal(err.code, ERROR_ACCESS_DENIED);
    assert_memory_equal(err.message, "RegSetValueExW(X) failed: ", 26);
    assert_non_null(strstr(err.message, " (error 5)"));
    assert_null(strchr(err.message, '\n'));

    assert_int_equal(wn_fail_hr(&err, E_ACCESSDENIED, "INetFwRules.Add"), WSLNET_E_ACCESS_DENIED);
    assert_int_equal(err.code, 0x80070005u);
    assert_memory_equal(err.message, "INetFwRules.Add failed: ", 24);
    assert_non_null(strstr(err.message, "E_ACCESSDENIED (0x80070005)"));

    assert_int_equal(wn_fail_hr(&err, WBEM_E_NOT_FOUND, "GetObject"), WSLNET_E_NOT_FOUND);
    assert_non_null(strstr(err.message, "GetObject failed: "));
    assert_non_null(strstr(err.message, "WBEM_E_NOT_FOUND (0x80041002)"));

    /* no name, and no system text for an invented code */
    assert_int_equal(wn_fail_hr(&err, (HRESULT)0x8BAD0001, "X"), WSLNET_E_SYSTEM);
    assert_string_equal(err.message, "X failed (0x8BAD0001)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(win32_statuses),
        cmocka_unit_test(hresult_statuses),
        cmocka_unit_test(one_message_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
