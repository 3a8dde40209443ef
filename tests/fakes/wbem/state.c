/*
 * state.c - the fake's state file (C:\wslnet-fake\wmi.json, read at every
 * call and written after every change) and its call log.
 */
#include "fakewbem.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define E_INVALID_DATA_ ((HRESULT)0x8007000DL)

static void fake_path(char *buf, size_t size, const char *leaf)
{
    char dir[MAX_PATH];
    DWORD n = GetEnvironmentVariableA("WSLNET_FAKE_DIR", dir, sizeof dir);
    if (n == 0 || n >= sizeof dir)
        snprintf(dir, sizeof dir, "C:\\wslnet-fake");
    CreateDirectoryA(dir, NULL); /* fine when it exists */
    snprintf(buf, size, "%s\\%s", dir, leaf);
}

HRESULT wb_state_load(cJSON **doc)
{
    char path[MAX_PATH];
    fake_path(path, sizeof path, "wmi.json");
    *doc = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        *doc = cJSON_CreateObject();
        return *doc ? S_OK : E_OUTOFMEMORY;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = size >= 0 ? malloc((size_t)size + 1) : NULL;
    size_t got = text ? fread(text, 1, (size_t)size, f) : 0;
    fclose(f);
    if (!text)
        return E_OUTOFMEMORY;
    text[got] = 0;
    *doc = cJSON_Parse(text);
    free(text);
    if (!cJSON_IsObject(*doc)) {
        cJSON_Delete(*doc);
        *doc = NULL;
        return E_INVALID_DATA_;
    }
    return S_OK;
}

HRESULT wb_state_save(const cJSON *doc)
{
    char path[MAX_PATH], tmp[MAX_PATH];
    fake_path(path, sizeof path, "wmi.json");
    fake_path(tmp, sizeof tmp, "wmi.json.tmp");
    char *text = cJSON_Print(doc);
    if (!text)
        return E_OUTOFMEMORY;
    FILE *f = fopen(tmp, "wb");
    int ok = f && fputs(text, f) >= 0;
    if (f)
        ok = (fclose(f) == 0) && ok;
    free(text);
    if (!ok || !MoveFileExA(tmp, path, MOVEFILE_REPLACE_EXISTING))
        return HRESULT_FROM_WIN32(GetLastError() ? GetLastError() : ERROR_WRITE_FAULT);
    return S_OK;
}

const char *wb_state_mode(const cJSON *doc)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(doc, "mode");
    return cJSON_IsString(m) ? m->valuestring : "v2";
}

/* An HRESULT written as "0x80041003", "-2147217405" or a number. */
static int parse_hr(const cJSON *v, HRESULT *hr)
{
    if (cJSON_IsNumber(v)) {
        *hr = (HRESULT)(LONG)(long long)v->valuedouble;
        return 1;
    }
    if (cJSON_IsString(v)) {
        char *end;
        unsigned long long x = strtoull(v->valuestring, &end, 0);
        if (*end == 0 && end != v->valuestring) {
            *hr = (HRESULT)(ULONG)x;
            return 1;
        }
        long long y = strtoll(v->valuestring, &end, 10);
        if (*end == 0 && end != v->valuestring) {
            *hr = (HRESULT)(LONG)y;
            return 1;
        }
    }
    return 0;
}

HRESULT wb_state_take_fail(cJSON *doc, const char *method)
{
    cJSON *fail = cJSON_GetObjectItemCaseSensitive(doc, "fail");
    cJSON *v = cJSON_GetObjectItemCaseSensitive(fail, method);
    HRESULT hr = S_OK;
    if (!v || !parse_hr(v, &hr))
        return S_OK;
    cJSON_DeleteItemFromObjectCaseSensitive(fail, method);
    wb_state_save(doc);
    return hr;
}

HRESULT wb_state_invalid_hr(const cJSON *doc)
{
    HRESULT hr;
    if (parse_hr(cJSON_GetObjectItemCaseSensitive(doc, "invalidParameter"), &hr) && FAILED(hr))
        return hr;
    return WBEM_E_INVALID_PARAMETER;
}

static cJSON *child_object(cJSON *parent, const char *name, int create)
{
    cJSON *c = cJSON_GetObjectItemCaseSensitive(parent, name);
    if (!c && create)
        c = cJSON_AddObjectToObject(parent, name);
    return cJSON_IsObject(c) ? c : NULL;
}

cJSON *wb_state_instances(cJSON *doc, const char *store, const char *class8, int create)
{
    cJSON *stores = child_object(doc, "stores", create);
    cJSON *s = stores ? child_object(stores, store, create) : NULL;
    if (!s)
        return NULL;
    cJSON *list = cJSON_GetObjectItemCaseSensitive(s, class8);
    if (!list && create)
        list = cJSON_AddArrayToObject(s, class8);
    return cJSON_IsArray(list) ? list : NULL;
}

void wb_log(const char *fmt, ...)
{
    char path[MAX_PATH];
    fake_path(path, sizeof path, "wmi-calls.log");
    FILE *f = fopen(path, "ab");
    if (!f)
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    fputs("\n", f);
    fclose(f);
}
