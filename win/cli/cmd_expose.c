/* cmd_expose.c - expose, unexpose, expose list, expose sync. */
#include "cli.h"

#include "report_expose.h"

static int print_result(const wn_args *args, const char *kind, wslnet_status st, wslnet_expose_result *r,
                        const wslnet_error *err)
{
    int dry_run = wn_args_has(args, "--dry-run"), code;
    if (!r) /* bad input, elevation, lock, a failed read or apply */
        return wn_out_error(args->json, err);
    /* a refusal: the result carries the reason and the alternative */
    code = args->json ? wn_out_json(wn_json_expose_result(kind, r, dry_run), st)
                      : wn_out_owned_text(wn_text_expose_result(r, dry_run), st);
    if (st != WSLNET_OK && !args->json)
        wn_out_error(0, err);
    wslnet_expose_result_free(r);
    return code;
}

static void options_read(const wn_args *args, wslnet_expose_options *o)
{
    o->ports = args->positional_count ? args->positional[0] : NULL;
    o->protocol = wn_args_value(args, "--protocol");
    o->to_port = wn_args_value(args, "--to-port");
    o->profiles = wn_args_value(args, "--profile");
    o->remote = wn_args_value(args, "--remote");
    o->adapter_pattern = wn_args_value(args, "--adapter");
    o->start_service = wn_args_has(args, "--start-service");
    o->dry_run = wn_args_has(args, "--dry-run");
}

static int run_change(const wn_args *args, const char *kind,
                      wslnet_status (*change)(const wslnet_expose_options *, wslnet_expose_result **, wslnet_error *))
{
    wslnet_expose_options o = {0};
    wslnet_expose_result *r = NULL;
    wslnet_error err;
    wslnet_status st;
    options_read(args, &o);
    st = change(&o, &r, &err);
    return print_result(args, kind, st, r, &err);
}

static int run_list(const wn_args *args)
{
    wslnet_expose_list *list = NULL;
    wslnet_error err;
    wslnet_status st = wslnet_expose_list_get(wn_args_value(args, "--adapter"), &list, &err);
    int code;
    if (st != WSLNET_OK)
        return wn_out_error(args->json, &err);
    code = args->json ? wn_out_json(wn_json_expose_list(list), st) : wn_out_owned_text(wn_text_expose_list(list), st);
    wslnet_expose_list_free(list);
    return code;
}

int wn_run_expose(const wn_args *args)
{
    switch (args->command->id) {
    case WN_EXPOSE_ADD: return run_change(args, args->command->json_kind, wslnet_expose);
    case WN_EXPOSE_REMOVE: return run_change(args, args->command->json_kind, wslnet_unexpose);
    case WN_EXPOSE_SYNC: return run_change(args, args->command->json_kind, wslnet_expose_sync);
    case WN_EXPOSE_LIST: return run_list(args);
    default: return wslnet_status_exit_code(WSLNET_E_INTERNAL);
    }
}
