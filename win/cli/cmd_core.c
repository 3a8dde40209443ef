/* cmd_core.c - version, adapter list, address, mode. */
#include "cli.h"

#include "source.h"
#include "status.h"

#include <stdio.h>
#include <stdlib.h>

/* The address lookup's error, with every source it tried. */
static int report_address_error(int json, const wslnet_error *err, const wslnet_vm_address *attempts)
{
    if (json)
        return wn_out_json(wn_json_error(err, attempts), err->status);
    wn_out_error(0, err);
    if (attempts->attempt_count > 0) {
        char *tried = wn_text_attempts(attempts);
        wn_out_text(STD_ERROR_HANDLE, "Sources tried:\n");
        wn_out_text(STD_ERROR_HANDLE, tried);
        free(tried);
    }
    return wslnet_status_exit_code(err->status);
}

static int run_adapter_list(const wn_args *args)
{
    const char *pattern = wn_args_value(args, "--adapter");
    wslnet_adapter_list *list = NULL;
    wslnet_error err;
    wslnet_status st;
    int code;
    if (!pattern)
        pattern = WSLNET_DEFAULT_ADAPTER_PATTERN;
    if ((st = wslnet_adapter_list_get(pattern, &list, &err)) != WSLNET_OK)
        return wn_out_error(args->json, &err);
    code = args->json ? wn_out_json(wn_json_adapter_list(pattern, list), st)
                      : wn_out_owned_text(wn_text_adapter_list(list), st);
    wslnet_adapter_list_free(list);
    return code;
}

static int run_address(const wn_args *args)
{
    wslnet_address_options options = {WSLNET_SOURCE_AUTO, wn_args_value(args, "--adapter"),
                                      wn_args_value(args, "--user"), 0};
    wslnet_vm_address addr;
    wslnet_error err;
    wslnet_status st;
    const char *source = wn_args_value(args, "--source");
    int code;
    if (source)
        wn_source_parse(source, &options.source); /* the parser checked the choice */
    if (options.source == WSLNET_SOURCE_WSL && wn_distro_code_refused(args, "address --source wsl", &code))
        return code;
    if ((st = wslnet_vm_address_get(&options, &addr, &err)) != WSLNET_OK)
        return report_address_error(args->json, &err, &addr);
    return args->json ? wn_out_json(wn_json_address(&addr), st) : wn_out_owned_text(wn_text_address(&addr), st);
}

static int run_mode(const wn_args *args)
{
    wslnet_mode_info mode;
    wslnet_error err;
    wslnet_status st = wslnet_mode_get_for(wn_args_value(args, "--config"), wn_args_value(args, "--adapter"),
                                           wn_args_value(args, "--user"), &mode, &err);
    if (st != WSLNET_OK)
        return wn_out_error(args->json, &err);
    return args->json ? wn_out_json(wn_json_mode(&mode), st) : wn_out_owned_text(wn_text_mode(&mode), st);
}

static int run_version(const wn_args *args)
{
    char line[64];
    if (args->json)
        return wn_out_json(wn_json_version(), WSLNET_OK);
    wn_snprintf(line, sizeof line, "wslnet %s\n", wslnet_version());
    wn_out_text(STD_OUTPUT_HANDLE, line);
    return 0;
}

int wn_run_core(const wn_args *args)
{
    switch (args->command->id) {
    case WN_CORE_VERSION: return run_version(args);
    case WN_CORE_ADAPTER_LIST: return run_adapter_list(args);
    case WN_CORE_ADDRESS: return run_address(args);
    case WN_CORE_MODE: return run_mode(args);
    default: return wslnet_status_exit_code(WSLNET_E_INTERNAL);
    }
}
