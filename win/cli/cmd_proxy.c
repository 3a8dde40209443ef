/* cmd_proxy.c - proxy list, add, remove, sync. */
#include "cli.h"

#include "hostfw.h"
#include "portproxy.h"
#include "report_proxy.h"

static int print_result(const wn_args *args, const char *kind, wslnet_status st, wslnet_proxy_result *r,
                        const wslnet_error *err)
{
    int dry_run = wn_args_has(args, "--dry-run"), code;
    if (st != WSLNET_OK)
        return wn_out_error(args->json, err);
    if (r->warning[0] && !args->json)
        wn_out_warning(r->warning);
    code = args->json ? wn_out_json(wn_json_proxy_result(kind, r, dry_run), st)
                      : wn_out_owned_text(wn_text_proxy_result(r, dry_run), st);
    wslnet_proxy_result_free(r);
    return code;
}

static int run_list(const wn_args *args)
{
    wslnet_proxy_list *list = NULL;
    wslnet_error err;
    wslnet_status st = wslnet_proxy_list_get(wn_args_value(args, "--adapter"), &list, &err);
    int code;
    if (st != WSLNET_OK)
        return wn_out_error(args->json, &err);
    code = args->json ? wn_out_json(wn_json_proxy_list(list), st) : wn_out_owned_text(wn_text_proxy_list(list), st);
    wslnet_proxy_list_free(list);
    return code;
}

/* Parses the rule's identity (--kind, --listen-address, the listen port) with
 * the shared parsers (the messages wslnet_proxy_add gave for text). */
static wslnet_status parse_identity(const wn_args *args, wslnet_proxy_kind *kind, wslnet_proxy_listen *listen,
                                    uint16_t *port, wslnet_error *err)
{
    wn_pp_kind k;
    wslnet_status st;
    if ((st = wn_pp_kind_arg(wn_args_value(args, "--kind"), &k, err)) != WSLNET_OK ||
        (st = wn_pp_listen_arg(k, wn_args_value(args, "--listen-address"), listen, err)) != WSLNET_OK ||
        (st = wn_pp_port_arg("listen", args->positional[0], port, err)) != WSLNET_OK)
        return st;
    *kind = (wslnet_proxy_kind)k;
    return WSLNET_OK;
}

static int run_add(const wn_args *args)
{
    wslnet_proxy_add_options o = {0};
    wslnet_proxy_result *r = NULL;
    wslnet_error err;
    wslnet_status st;
    const char *connect_port = wn_args_value(args, "--connect-port"), *profiles = wn_args_value(args, "--profile");
    o.to = wn_args_value(args, "--to");
    o.no_firewall = wn_args_has(args, "--no-firewall");
    o.remote = wn_args_value(args, "--remote");
    o.adapter_pattern = wn_args_value(args, "--adapter");
    o.user = wn_args_value(args, "--user");
    o.start_service = wn_args_has(args, "--start-service");
    o.dry_run = wn_args_has(args, "--dry-run");
    if (!o.to) {
        wslnet_error usage = {WSLNET_E_USAGE, 0, "proxy add needs --to wsl|ADDRESS|HOST (see wslnet proxy add --help)"};
        return wn_out_error(args->json, &usage);
    }
    if ((st = parse_identity(args, &o.kind, &o.listen, &o.listen_port, &err)) != WSLNET_OK ||
        (connect_port && (st = wn_pp_port_arg("connect", connect_port, &o.connect_port, &err)) != WSLNET_OK))
        return wn_out_error(args->json, &err);
    if (o.no_firewall && (profiles || o.remote)) {
        /* Said before --profile is parsed: with --no-firewall it means nothing. */
        st = wn_fail(&err, WSLNET_E_INVALID_INPUT, 0,
                     "--profile and --remote scope the firewall rule: not with --no-firewall");
        return wn_out_error(args->json, &err);
    }
    if (profiles && (st = wn_hostfw_profiles_parse(profiles, &o.profiles, &err)) != WSLNET_OK)
        return wn_out_error(args->json, &err);
    st = wslnet_proxy_add(&o, &r, &err);
    return print_result(args, args->command->json_kind, st, r, &err);
}

static int run_remove(const wn_args *args)
{
    wslnet_proxy_remove_options o = {0};
    wslnet_proxy_result *r = NULL;
    wslnet_error err;
    wslnet_status st;
    if ((st = parse_identity(args, &o.kind, &o.listen, &o.listen_port, &err)) != WSLNET_OK)
        return wn_out_error(args->json, &err);
    o.force = wn_args_has(args, "--force");
    o.start_service = wn_args_has(args, "--start-service");
    o.dry_run = wn_args_has(args, "--dry-run");
    st = wslnet_proxy_remove(&o, &r, &err);
    return print_result(args, args->command->json_kind, st, r, &err);
}

static int run_sync(const wn_args *args)
{
    wslnet_proxy_sync_options o = {0};
    wslnet_proxy_result *r = NULL;
    wslnet_error err;
    wslnet_status st;
    o.adapter_pattern = wn_args_value(args, "--adapter");
    o.user = wn_args_value(args, "--user");
    o.start_service = wn_args_has(args, "--start-service");
    o.dry_run = wn_args_has(args, "--dry-run");
    st = wslnet_proxy_sync(&o, &r, &err);
    return print_result(args, args->command->json_kind, st, r, &err);
}

int wn_run_proxy(const wn_args *args)
{
    switch (args->command->id) {
    case WN_PROXY_CMD_LIST: return run_list(args);
    case WN_PROXY_CMD_ADD: return run_add(args);
    case WN_PROXY_CMD_REMOVE: return run_remove(args);
    case WN_PROXY_CMD_SYNC: return run_sync(args);
    default: return wslnet_status_exit_code(WSLNET_E_INTERNAL);
    }
}
