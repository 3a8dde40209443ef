/* cmd_expose.c - expose, unexpose, expose list, expose sync. */
#include "cli.h"

#include "expose_plan.h"
#include "hostfw.h"
#include "report_expose.h"

#include <string.h>

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

/* Fills o from the command line, the text parsed with the shared parsers
 * (the messages and exit code wslnet_expose gave for text). */
static wslnet_status options_read(const wn_args *args, wslnet_expose_options *o, wslnet_error *err)
{
    wn_expose_request req;
    wn_expose_protocol protocol;
    const char *profiles = wn_args_value(args, "--profile");
    wslnet_status st;
    o->adapter_pattern = wn_args_value(args, "--adapter");
    o->start_service = wn_args_has(args, "--start-service");
    o->dry_run = wn_args_has(args, "--dry-run");
    if (args->command->id == WN_EXPOSE_SYNC)
        return WSLNET_OK;
    if ((st = wn_expose_ports_parse(args->positional_count ? args->positional[0] : NULL, &req, err)) != WSLNET_OK ||
        (st = wn_expose_protocol_parse(wn_args_value(args, "--protocol"), &protocol, err)) != WSLNET_OK ||
        (st = wn_expose_to_port_parse(wn_args_value(args, "--to-port"), &o->to_port, err)) != WSLNET_OK ||
        (profiles && (st = wn_hostfw_profiles_parse(profiles, &o->profiles, err)) != WSLNET_OK))
        return st;
    o->port_count = req.port_count;
    memcpy(o->ports, req.ports, req.port_count * sizeof req.ports[0]);
    o->protocol = (wslnet_protocol)protocol;
    o->remote = wn_args_value(args, "--remote");
    return WSLNET_OK;
}

static int run_change(const wn_args *args, const char *kind,
                      wslnet_status (*change)(const wslnet_expose_options *, wslnet_expose_result **, wslnet_error *))
{
    wslnet_expose_options o = {0};
    wslnet_expose_result *r = NULL;
    wslnet_error err;
    wslnet_status st;
    if ((st = options_read(args, &o, &err)) != WSLNET_OK)
        return wn_out_error(args->json, &err);
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
