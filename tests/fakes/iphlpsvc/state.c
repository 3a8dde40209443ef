/*
 * state.c - what the double shows the tests, in C:\wslnet-fake:
 *   iphlpsvc-state.json    its current view, rewritten after each (re)load
 *   iphlpsvc-controls.log  "start", then one line per control code received
 *   iphlpsvc.log           diagnostics (rules it cannot serve, relay failures)
 */
#include "fake_iphlpsvc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#define FAKE_DIR L"C:\\wslnet-fake"

/* Writes FAKE_DIR\leaf into buf (MAX_PATH wide chars), creating the directory. */
static void fake_path(WCHAR *buf, const WCHAR *leaf)
{
    CreateDirectoryW(FAKE_DIR, NULL); /* fine when it exists */
    _snwprintf(buf, MAX_PATH, L"%ls\\%ls", FAKE_DIR, leaf);
    buf[MAX_PATH - 1] = L'\0';
}

/* Appends text to FAKE_DIR\leaf; one WriteFile in append mode, so lines from
 * several threads do not interleave. */
static void append_text(const WCHAR *leaf, const char *text)
{
    WCHAR path[MAX_PATH];
    DWORD done;
    HANDLE h;
    fake_path(path, leaf);
    h = CreateFileW(path, FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                    NULL, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return;
    WriteFile(h, text, (DWORD)strlen(text), &done, NULL);
    CloseHandle(h);
}

void pp_controls_append(const char *line)
{
    char text[64];
    snprintf(text, sizeof text, "%s\n", line);
    append_text(L"iphlpsvc-controls.log", text);
}

void pp_log(const char *fmt, ...)
{
    char text[600];
    SYSTEMTIME t;
    va_list ap;
    int n;
    GetLocalTime(&t);
    n = snprintf(text, sizeof text, "%02u:%02u:%02u.%03u ", t.wHour, t.wMinute, t.wSecond,
                 t.wMilliseconds);
    va_start(ap, fmt);
    vsnprintf(text + n, sizeof text - (size_t)n - 1, fmt, ap);
    va_end(ap);
    strcat(text, "\n");
    append_text(L"iphlpsvc.log", text);
}

/* One listener as the state file shows it. NULL when out of memory. */
static cJSON *listener_json(const struct pp_listener *l)
{
    cJSON *o = cJSON_CreateObject();
    int ok = l->sock != INVALID_SOCKET;
    if (!o)
        return NULL;
    cJSON_AddStringToObject(o, "kind", pp_kind_name(l->rule.kind));
    cJSON_AddStringToObject(o, "name", l->rule.name);
    cJSON_AddStringToObject(o, "listen", l->bound[0] ? l->bound : l->rule.listen);
    cJSON_AddNumberToObject(o, "port", l->rule.port);
    cJSON_AddStringToObject(o, "connect", l->rule.connect);
    cJSON_AddNumberToObject(o, "connectPort", l->rule.connect_port);
    cJSON_AddBoolToObject(o, "ok", ok);
    if (!ok)
        cJSON_AddStringToObject(o, "error", l->rule.error[0] ? l->rule.error : "not listening");
    return o;
}

/* Writes text to path through a temporary file renamed over it, so a reader
 * polling the file sees the old or the new document, never half of one. */
static void write_atomically(const WCHAR *path, const char *text)
{
    WCHAR tmp[MAX_PATH + 8];
    DWORD done = 0;
    HANDLE h;
    _snwprintf(tmp, MAX_PATH + 8, L"%ls.tmp", path);
    tmp[MAX_PATH + 7] = L'\0';
    h = CreateFileW(tmp, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        pp_log("cannot write the state file (error %lu)", GetLastError());
        return;
    }
    BOOL ok = WriteFile(h, text, (DWORD)strlen(text), &done, NULL);
    CloseHandle(h);
    if (!ok || !MoveFileExW(tmp, path, MOVEFILE_REPLACE_EXISTING))
        pp_log("cannot replace the state file (error %lu)", GetLastError());
}

void pp_state_write(const struct pp_proxy *proxy, unsigned loads, int running)
{
    WCHAR path[MAX_PATH];
    cJSON *doc = cJSON_CreateObject(), *list;
    char *text;
    size_t i;
    if (!doc)
        return;
    cJSON_AddNumberToObject(doc, "loads", loads);
    cJSON_AddBoolToObject(doc, "running", running);
    list = cJSON_AddArrayToObject(doc, "listeners");
    for (i = 0; list && i < proxy->count; i++)
        cJSON_AddItemToArray(list, listener_json(&proxy->items[i]));
    text = cJSON_PrintUnformatted(doc);
    cJSON_Delete(doc);
    if (!text)
        return;
    fake_path(path, L"iphlpsvc-state.json");
    write_atomically(path, text);
    cJSON_free(text);
}
