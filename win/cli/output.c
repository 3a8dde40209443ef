/* output.c - how wslnet.exe writes: UTF-8 text, JSON documents, errors. */
#include "cli.h"

#include "text.h"

#include <stdlib.h>
#include <string.h>

/* Writes UTF-8 as it is. */
static void write_utf8(DWORD which, const char *text)
{
    HANDLE h = GetStdHandle(which);
    DWORD mode, written;
    int n;
    if (!text || h == NULL || h == INVALID_HANDLE_VALUE)
        return;
    if (GetConsoleMode(h, &mode)) { /* a console: wide, so any code page shows it right */
        n = MultiByteToWideChar(CP_UTF8, 0, text, -1, NULL, 0);
        wchar_t *wide = n > 0 ? malloc((size_t)n * sizeof *wide) : NULL;
        if (wide && MultiByteToWideChar(CP_UTF8, 0, text, -1, wide, n) == n)
            WriteConsoleW(h, wide, (DWORD)(n - 1), &written, NULL);
        free(wide);
        return;
    }
    WriteFile(h, text, (DWORD)strlen(text), &written, NULL);
}

/* Text goes out with its terminal controls escaped (wn_escape_controls): what
 * wslnet prints includes values that other users control. */
void wn_out_text(DWORD which, const char *text)
{
    char *safe;
    if (!text)
        return;
    safe = wn_escape_controls(text, WN_ESCAPE_TEXT);
    write_utf8(which, safe ? safe : "wslnet: out of memory\n");
    free(safe);
}

int wn_out_json(cJSON *doc, wslnet_status status)
{
    char *printed = doc ? cJSON_Print(doc) : NULL, *text;
    cJSON_Delete(doc);
    /* cJSON escapes C0 controls in strings; DEL and C1 (CSI U+009B) too. */
    text = printed ? wn_escape_controls(printed, WN_ESCAPE_JSON) : NULL;
    cJSON_free(printed);
    if (!text) {
        wn_out_text(STD_OUTPUT_HANDLE, "{\"schemaVersion\":1,\"kind\":\"error\",\"error\":"
                                       "{\"status\":\"outOfMemory\",\"exitCode\":11,\"code\":0,"
                                       "\"message\":\"out of memory\"}}\n");
        return wslnet_status_exit_code(WSLNET_E_NO_MEMORY);
    }
    write_utf8(STD_OUTPUT_HANDLE, text);
    write_utf8(STD_OUTPUT_HANDLE, "\n");
    free(text);
    return wslnet_status_exit_code(status);
}

int wn_out_owned_text(char *text, wslnet_status status)
{
    if (!text) {
        wn_out_text(STD_ERROR_HANDLE, "wslnet: out of memory\n");
        return wslnet_status_exit_code(WSLNET_E_NO_MEMORY);
    }
    wn_out_text(STD_OUTPUT_HANDLE, text);
    free(text);
    return wslnet_status_exit_code(status);
}

int wn_out_error(int json, const wslnet_error *library_err)
{
    wslnet_error e = *library_err;
    const wslnet_error *err = &e;
    wn_args_name_option(&e); /* the library names fields; here they are options */
    if (json)
        return wn_out_json(wn_json_error(err, NULL), err->status);
    wn_out_text(STD_ERROR_HANDLE, "wslnet: ");
    wn_out_text(STD_ERROR_HANDLE, err->message);
    wn_out_text(STD_ERROR_HANDLE, "\n");
    return wslnet_status_exit_code(err->status);
}

void wn_out_warning(const char *text)
{
    wn_out_text(STD_ERROR_HANDLE, "wslnet: warning: ");
    wn_out_text(STD_ERROR_HANDLE, text);
    wn_out_text(STD_ERROR_HANDLE, "\n");
}
