/* cmd_config.c - config get, set, unset, lint, show. */
#include "cli.h"

#include "wslcfg_report.h"

#include <string.h>

static wslnet_config_target target_of(const wn_args *args)
{
    wslnet_config_target t;
    t.path = wn_args_value(args, "--file");
    t.user = wn_args_value(args, "--user");
    return t;
}

static int run_get(const wn_args *args)
{
    wslnet_config_target t = target_of(args);
    wslnet_config_file_info file;
    wslnet_config_value v;
    wslnet_error err;
    wslnet_status st = wslnet_config_get(&t, args->positional[0], &file, &v, &err);
    if (st != WSLNET_OK)
        return wn_out_error(args->json, &err);
    return args->json ? wn_out_json(wn_json_config_value(&file, &v), st)
                      : wn_out_owned_text(wn_text_config_value(&v), st);
}

static int run_show(const wn_args *args)
{
    wslnet_config_target t = target_of(args);
    wslnet_config_list *list = NULL;
    wslnet_error err;
    int code;
    wslnet_status st = wslnet_config_show(&t, &list, &err);
    if (st != WSLNET_OK)
        return wn_out_error(args->json, &err);
    code = args->json ? wn_out_json(wn_json_config_show(list), st) : wn_out_owned_text(wn_text_config_show(list), st);
    wslnet_config_list_free(list);
    return code;
}

static int run_set(const wn_args *args, const char *value)
{
    wslnet_config_target t = target_of(args);
    wslnet_config_change change;
    wslnet_error err;
    wslnet_status st = wslnet_config_set(&t, args->positional[0], value, wn_args_has(args, "--dry-run"), &change, &err);
    if (st != WSLNET_OK)
        return wn_out_error(args->json, &err);
    return args->json ? wn_out_json(wn_json_config_change(args->positional[0], value, &change), st)
                      : wn_out_owned_text(wn_text_config_change(args->positional[0], &change), st);
}

static int run_lint(const wn_args *args)
{
    wslnet_config_target t = target_of(args);
    wslnet_config_lint_result *r = NULL;
    wslnet_error err;
    int code;
    wslnet_status st = wslnet_config_lint(&t, wn_args_has(args, "--wsl-conf"), &r, &err), shown;
    if (st != WSLNET_OK)
        return wn_out_error(args->json, &err);
    /* findings WSL acts on (warnings, errors) make the exit code 6 (badData) for scripts */
    shown = (r->errors || r->warnings) ? WSLNET_E_BAD_DATA : WSLNET_OK;
    code = args->json ? wn_out_json(wn_json_config_lint(r), shown) : wn_out_owned_text(wn_text_config_lint(r), shown);
    wslnet_config_lint_free(r);
    return code;
}

int wn_run_config(const wn_args *args)
{
    switch (args->command->id) {
    case WN_CONFIG_GET: return run_get(args);
    case WN_CONFIG_SET: return run_set(args, args->positional[1]);
    case WN_CONFIG_UNSET: return run_set(args, NULL);
    case WN_CONFIG_LINT: return run_lint(args);
    case WN_CONFIG_SHOW: return run_show(args);
    default: return wslnet_status_exit_code(WSLNET_E_INTERNAL);
    }
}
