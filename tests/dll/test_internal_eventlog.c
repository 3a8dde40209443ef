/* DLL internals under Wine: the Event Log source's messages (wslnet.dll's
 * MESSAGETABLE, compiled from win/lib/wslnet_events.mc) and the reporting
 * function (win/lib/eventlog.c).
 *
 * The messages are read as Event Viewer reads them: wslnet.dll loaded as a
 * data file, each ID resolved with FormatMessageW(FORMAT_MESSAGE_FROM_HMODULE)
 * and compared with the text of the .mc file, parsed here independently of
 * windmc. Wine's ReportEventW stores nothing (it only traces), so what is
 * checked of reporting is that the calls succeed and bad input is refused;
 * the event appearing in Event Viewer is listed as not verified in README. */
#include <windows.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "eventlog.h"
#include "status.h"
#include "winutil.h"

#ifndef WSLNET_EVENTS_MC
#error "WSLNET_EVENTS_MC: the path of win/lib/wslnet_events.mc (tests/CMakeLists.txt)"
#endif

#define MAX_MESSAGES 64

typedef struct mc_message {
    DWORD id;        /* MessageId with the severity bits, as ReportEventW takes it */
    char name[64];   /* SymbolicName */
    char text[512];  /* the message, lines joined with "\n", ending in "\n" */
} mc_message;

static mc_message messages[MAX_MESSAGES];
static size_t message_count;

static DWORD severity_bits(const char *name)
{
    if (strcmp(name, "Informational") == 0) return 1u;
    if (strcmp(name, "Warning") == 0) return 2u;
    if (strcmp(name, "Error") == 0) return 3u;
    return 0u; /* Success, or none given */
}

/* The .mc's messages: MessageId=, Severity=, SymbolicName=, Language=, the
 * text up to a line holding only ".". Fails the test on a file it cannot read. */
static void parse_mc(void)
{
    FILE *f = fopen(WSLNET_EVENTS_MC, "r");
    char line[512];
    mc_message cur = {0};
    DWORD severity = 0;
    int in_text = 0;

    assert_non_null(f);
    message_count = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        line[strcspn(line, "\r\n")] = '\0';
        if (in_text) {
            if (strcmp(line, ".") == 0) {
                in_text = 0;
                cur.id |= severity << 30;
                assert_true(message_count < MAX_MESSAGES);
                messages[message_count++] = cur;
                memset(&cur, 0, sizeof cur);
                severity = 0;
            } else {
                assert_true(strlen(cur.text) + strlen(line) + 2 < sizeof cur.text);
                strcat(cur.text, line);
                strcat(cur.text, "\n");
            }
        } else if (strncmp(line, "MessageId=", 10) == 0) {
            cur.id = (DWORD)strtoul(line + 10, NULL, 0);
        } else if (strncmp(line, "Severity=", 9) == 0) {
            severity = severity_bits(line + 9);
        } else if (strncmp(line, "SymbolicName=", 13) == 0) {
            snprintf(cur.name, sizeof cur.name, "%s", line + 13);
        } else if (strncmp(line, "Language=", 9) == 0) {
            in_text = 1;
        }
    }
    fclose(f);
    assert_int_equal(in_text, 0);
}

/* wslnet.dll beside this test, loaded as Event Viewer does: resources only. */
static HMODULE load_dll_as_data(void)
{
    wchar_t path[MAX_PATH];
    DWORD n = GetModuleFileNameW(NULL, path, MAX_PATH);
    wchar_t *slash;
    HMODULE dll;

    assert_true(n > 0 && n < MAX_PATH);
    slash = wcsrchr(path, L'\\');
    assert_non_null(slash);
    assert_true((size_t)(slash - path) + 12 < MAX_PATH);
    wcscpy(slash + 1, L"wslnet.dll");
    dll = LoadLibraryExW(path, NULL, LOAD_LIBRARY_AS_DATAFILE | LOAD_LIBRARY_AS_IMAGE_RESOURCE);
    if (dll == NULL)
        fail_msg("LoadLibraryExW(wslnet.dll, as data) failed: error %lu", GetLastError());
    return dll;
}

/* The text of id in dll (English), as UTF-8 with "\r\n" made "\n"; "" when
 * FormatMessageW finds none. args: insertion strings, or NULL to keep %n. */
static void format_message(HMODULE dll, DWORD id, const wchar_t **args, char *out, size_t size)
{
    wchar_t *text = NULL;
    DWORD flags = FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_ALLOCATE_BUFFER |
                  (args != NULL ? FORMAT_MESSAGE_ARGUMENT_ARRAY : FORMAT_MESSAGE_IGNORE_INSERTS);
    char *r, *w;

    out[0] = '\0';
    if (FormatMessageW(flags, dll, id, MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US), (LPWSTR)&text, 0,
                       (va_list *)args) == 0)
        return;
    wn_utf8_from_wide(text, out, size);
    LocalFree(text);
    for (r = w = out; *r != '\0'; r++)
        if (!(r[0] == '\r' && r[1] == '\n'))
            *w++ = *r;
    *w = '\0';
}

static void every_message_resolves_to_the_mc_text(void **state)
{
    HMODULE dll;
    char got[1024];
    size_t i;

    (void)state;
    parse_mc();
    /* 4 per run, 4 outcomes x 6 areas */
    assert_int_equal(message_count, 28);
    dll = load_dll_as_data();
    for (i = 0; i < message_count; i++) {
        format_message(dll, messages[i].id, NULL, got, sizeof got);
        if (strcmp(got, messages[i].text) != 0)
            fail_msg("%s (0x%08lx): the DLL says \"%s\", the .mc \"%s\"", messages[i].name,
                     (unsigned long)messages[i].id, got, messages[i].text);
    }
    /* an ID the .mc does not define resolves to nothing */
    format_message(dll, 0x40000000u | 999u, NULL, got, sizeof got);
    assert_string_equal(got, "");
    FreeLibrary(dll);
}

static void generated_ids_match_the_mc(void **state)
{
    static const struct { DWORD id; const char *name; } header[] = {
        {WSLNET_EVENT_APPLY_SUMMARY, "WSLNET_EVENT_APPLY_SUMMARY"},
        {WSLNET_EVENT_CHECK_COMPLIANT, "WSLNET_EVENT_CHECK_COMPLIANT"},
        {WSLNET_EVENT_CHECK_DRIFT, "WSLNET_EVENT_CHECK_DRIFT"},
        {WSLNET_EVENT_RUN_FAILED, "WSLNET_EVENT_RUN_FAILED"},
        {WSLNET_EVENT_PORT_PROXIES_APPLIED, "WSLNET_EVENT_PORT_PROXIES_APPLIED"},
        {WSLNET_EVENT_HYPERV_FIREWALL_DRIFT, "WSLNET_EVENT_HYPERV_FIREWALL_DRIFT"},
        {WSLNET_EVENT_WSL_CONFIG_APPLY_FAILED, "WSLNET_EVENT_WSL_CONFIG_APPLY_FAILED"},
        {WSLNET_EVENT_CERTIFICATES_CHECK_FAILED, "WSLNET_EVENT_CERTIFICATES_CHECK_FAILED"},
    };
    size_t i, j;

    (void)state;
    parse_mc();
    for (i = 0; i < sizeof header / sizeof header[0]; i++) {
        for (j = 0; j < message_count && strcmp(messages[j].name, header[i].name) != 0; j++)
            ;
        if (j == message_count)
            fail_msg("%s is not in the .mc", header[i].name);
        assert_int_equal(messages[j].id, header[i].id);
    }
    /* the numbering docs/events.md promises: outcome * 100 + area, severity by outcome */
    assert_int_equal(WSLNET_EVENT_HYPERV_FIREWALL_DRIFT & 0xFFFF, 203);
    assert_int_equal(WSLNET_EVENT_HYPERV_FIREWALL_DRIFT >> 30, 2);
    assert_int_equal(WSLNET_EVENT_CERTIFICATES_CHECK_FAILED & 0xFFFF, 406);
    assert_int_equal(WSLNET_EVENT_CERTIFICATES_CHECK_FAILED >> 30, 3);
}

static void insertion_strings_fill_the_message(void **state)
{
    const wchar_t *args[] = {L"8080 -> wsl:8080", L"missing", L"\\\\server\\share\\wsl.json"};
    HMODULE dll;
    char got[1024];

    (void)state;
    dll = load_dll_as_data();
    format_message(dll, WSLNET_EVENT_PORT_PROXIES_DRIFT, args, got, sizeof got);
    assert_string_equal(got, "wslnet policy: portProxies: drift found on 8080 -> wsl:8080: missing "
                             "(policy \\\\server\\share\\wsl.json).\n");
    FreeLibrary(dll);
}

static void report_succeeds(void **state)
{
    const char *strings[] = {"rule web", "missing", "C:\\policy.json"};
    const char *none[] = {NULL};
    wslnet_error err;

    (void)state;
    assert_int_equal(wn_event_report(WSLNET_EVENT_HYPERV_FIREWALL_DRIFT, strings, 3, &err), WSLNET_OK);
    assert_int_equal(wn_event_report(WSLNET_EVENT_CHECK_COMPLIANT, none, 1, &err), WSLNET_OK);
    assert_int_equal(wn_event_report(WSLNET_EVENT_APPLY_SUMMARY, NULL, 0, NULL), WSLNET_OK);
}

static void report_refuses_bad_input(void **state)
{
    const char *many[17] = {0};
    wslnet_error err;

    (void)state;
    assert_int_equal(wn_event_report(WSLNET_EVENT_CHECK_DRIFT, many, 17, &err), WSLNET_E_INVALID_INPUT);
    assert_int_equal(err.status, WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_event_report(WSLNET_EVENT_CHECK_DRIFT, NULL, 2, &err), WSLNET_E_INVALID_INPUT);
    /* NULL err is fine too */
    assert_int_equal(wn_event_report(WSLNET_EVENT_CHECK_DRIFT, NULL, 2, NULL), WSLNET_E_INVALID_INPUT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_message_resolves_to_the_mc_text),
        cmocka_unit_test(generated_ids_match_the_mc),
        cmocka_unit_test(insertion_strings_fill_the_message),
        cmocka_unit_test(report_succeeds),
        cmocka_unit_test(report_refuses_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
