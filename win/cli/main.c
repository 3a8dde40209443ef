/* main.c - wslnet.exe: parses the command line, calls wslnet.dll, prints.
 * Nothing here decides anything; see shared/args.c and shared/report.c. */
#include <windows.h>

#include "args.h"
#include "report.h"
#include "status.h"
#include "wslnet.h"

#include <io.h>
#include <stdio.h>
#include <stdlib.h>

/* Writes UTF-8 text: WriteConsoleW on a console (so any script shows right),
 * the bytes themselves on a pipe or file (what scripts and PowerShell read). */
static void write_text(DWORD which, const char *text)
{
    HANDLE h = GetStdHandle(which);
    DWORD mode, written;
    int n;
    if (!text || h == NULL || h == INVALID_HANDLE_VALUE)
        return;
    if (GetConsoleMode(h, &mode)) {
        n = MultiByteToWideChar(CP_UTF8, 0, text, -1, NULL, 0);
        wchar_t *wide = n > 0 ? malloc((size_t)n * sizeof *wide) : NULL;
        if (wide && MultiByteToWideChar(CP_UTF8, 0, text, -1, wide, n) == n)
            WriteConsoleW(h, wide, (DWORD)(n - 1), &written, NULL);
        free(wide);
        return;
    }
    WriteFile(h, text, (DWORD)strlen(text), &written, NULL);
}

static int print_json(cJSON *doc, wslnet_status status)
{
    char *text = doc ? cJSON_Print(doc) : NULL;
    cJSON_Delete(doc);
    if (!text) {
        write_text(STD_OUTPUT_HANDLE, "{\"schemaVersion\":1,\"kind\":\"error\",\"error\":"
                                      "{\"status\":\"outOfMemory\",\"exitCode\":11,\"code\":0,"
                                      "\"message\":\"out of memory\"}}\n");
        return wslnet_status_exit_code(WSLNET_E_NO_MEMORY);
    }
    write_text(STD_OUTPUT_HANDLE, text);
    write_text(STD_OUTPUT_HANDLE, "\n");
    cJSON_free(text);
    return wslnet_status_exit_code(status);
}

static int print_text(char *text, wslnet_status status)
{
    if (!text) {
        write_text(STD_ERROR_HANDLE, "wslnet: out of memory\n");
        return wslnet_status_exit_code(WSLNET_E_NO_MEMORY);
    }
    write_text(STD_OUTPUT_HANDLE, text);
    free(text);
    return wslnet_status_exit_code(status);
}

/* attempts: the address lookup's record, NULL for other commands. */
static int report_error(int json, const wslnet_error *err, const wslnet_vm_address *attempts)
{
    if (json)
        return print_json(wn_json_error(err, attempts), err->status);
    write_text(STD_ERROR_HANDLE, "wslnet: ");
    write_text(STD_ERROR_HANDLE, err->message);
    write_text(STD_ERROR_HANDLE, "\n");
    if (attempts && attempts->attempt_count > 0) {
        char *tried = wn_text_attempts(attempts);
        write_text(STD_ERROR_HANDLE, "Sources tried:\n");
        write_text(STD_ERROR_HANDLE, tried);
        free(tried);
    }
    return wslnet_status_exit_code(err->status);
}

static int run_adapter_list(const wn_args *args)
{
    const char *pattern = args->adapter ? args->adapter : WSLNET_DEFAULT_ADAPTER_PATTERN;
    wslnet_adapter_list *list = NULL;
    wslnet_error err;
    wslnet_status st = wslnet_adapter_list_get(pattern, &list, &err);
    int code;
    if (st != WSLNET_OK)
        return report_error(args->json, &err, NULL);
    code = args->json ? print_json(wn_json_adapter_list(pattern, list), st)
                      : print_text(wn_text_adapter_list(list), st);
    wslnet_adapter_list_free(list);
    return code;
}

static int run_address(const wn_args *args)
{
    wslnet_address_options options = {args->source, args->adapter};
    wslnet_vm_address addr;
    wslnet_error err;
    wslnet_status st = wslnet_vm_address_get(&options, &addr, &err);
    if (st != WSLNET_OK)
        return report_error(args->json, &err, &addr);
    return args->json ? print_json(wn_json_address(&addr), st) : print_text(wn_text_address(&addr), st);
}

static int run_mode(const wn_args *args)
{
    wslnet_mode_info mode;
    wslnet_error err;
    wslnet_status st = wslnet_mode_get(args->config, args->adapter, &mode, &err);
    if (st != WSLNET_OK)
        return report_error(args->json, &err, NULL);
    return args->json ? print_json(wn_json_mode(&mode), st) : print_text(wn_text_mode(&mode), st);
}

static int run_version(const wn_args *args)
{
    char line[64];
    if (args->json)
        return print_json(wn_json_version(), WSLNET_OK);
    snprintf(line, sizeof line, "wslnet %s\n", wslnet_version());
    write_text(STD_OUTPUT_HANDLE, line);
    return 0;
}

static int run(int argc, char **argv)
{
    wn_args args;
    wslnet_error err;
    wslnet_status st = wn_args_parse(argc, argv, &args, &err);
    if (st != WSLNET_OK)
        return report_error(args.json, &err, NULL);
    if (args.help) {
        write_text(STD_OUTPUT_HANDLE, wn_args_help(args.command));
        return 0;
    }
    switch (args.command) {
    case WN_CMD_VERSION: return run_version(&args);
    case WN_CMD_ADAPTER_LIST: return run_adapter_list(&args);
    case WN_CMD_ADDRESS: return run_address(&args);
    case WN_CMD_MODE: return run_mode(&args);
    default: return report_error(args.json, &err, NULL);
    }
}

int wmain(int argc, wchar_t **wargv)
{
    char **argv = calloc((size_t)argc + 1, sizeof *argv);
    int i, code;
    if (!argv)
        return wslnet_status_exit_code(WSLNET_E_NO_MEMORY);
    for (i = 0; i < argc; i++) {
        int n = WideCharToMultiByte(CP_UTF8, 0, wargv[i], -1, NULL, 0, NULL, NULL);
        argv[i] = n > 0 ? malloc((size_t)n) : NULL;
        if (!argv[i] || !WideCharToMultiByte(CP_UTF8, 0, wargv[i], -1, argv[i], n, NULL, NULL)) {
            write_text(STD_ERROR_HANDLE, "wslnet: cannot read the command line\n");
            return wslnet_status_exit_code(WSLNET_E_INTERNAL);
        }
    }
    code = run(argc, argv);
    for (i = 0; i < argc; i++)
        free(argv[i]);
    free(argv);
    return code;
}
