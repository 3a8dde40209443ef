/* cmd_subnet.c - subnet show, set, suggest. */
#include "cli.h"

#include "report_subnet.h"
#include "subnet_plan.h"

static int run_show(const wn_args *args)
{
    wslnet_subnet_info info;
    wslnet_error err;
    wslnet_status st = wslnet_subnet_show(wn_args_value(args, "--adapter"), &info, &err);
    if (st != WSLNET_OK)
        return wn_out_error(args->json, &err);
    return args->json ? wn_out_json(wn_json_subnet_show(&info), st)
                      : wn_out_owned_text(wn_text_subnet_show(&info), st);
}

static int run_suggest(const wn_args *args)
{
    wslnet_subnet_suggestion s;
    wslnet_error err;
    wslnet_status st = wslnet_subnet_suggest(wn_args_value(args, "--adapter"), &s, &err);
    if (st != WSLNET_OK)
        return wn_out_error(args->json, &err);
    return args->json ? wn_out_json(wn_json_subnet_suggest(&s), st)
                      : wn_out_owned_text(wn_text_subnet_suggest(&s), st);
}

static int run_set(const wn_args *args)
{
    wslnet_subnet_set_options o = {0};
    wslnet_subnet_set_result r;
    wslnet_error err;
    wslnet_status st;
    o.adapter_pattern = wn_args_value(args, "--adapter");
    o.force = wn_args_has(args, "--force");
    o.dry_run = wn_args_has(args, "--dry-run");
    if (wn_args_has(args, "--shutdown")) {
        /* Refused before anything is read or written: stopping WSL does not make
         * a new range take effect (wslnet/subnet.h, wslnet_subnet_set). */
        wn_fail(&err, WSLNET_E_INVALID_INPUT, 0,
                "--shutdown is refused: `wsl --shutdown` does not apply a new subnet (HNS keeps WSL's NAT "
                "network until Windows restarts, WSL reuses it and writes its old range back); nothing was "
                "changed. Run `wslnet subnet set %s` without --shutdown, then restart Windows before WSL starts "
                "again", args->positional[0]);
        return wn_out_error(args->json, &err);
    }
    if ((st = wn_subnet_text_parse(args->positional[0], wn_args_value(args, "--gateway"), &o.subnet.network,
                                   &o.subnet.prefix_length, &o.gateway, &err)) != WSLNET_OK)
        return wn_out_error(args->json, &err);
    st = wslnet_subnet_set(&o, &r, &err);
    if (st != WSLNET_OK)
        return wn_out_error(args->json, &err);
    return args->json ? wn_out_json(wn_json_subnet_set(&r), st) : wn_out_owned_text(wn_text_subnet_set(&r), st);
}

int wn_run_subnet(const wn_args *args)
{
    switch (args->command->id) {
    case WN_SUBNET_SHOW: return run_show(args);
    case WN_SUBNET_SET: return run_set(args);
    case WN_SUBNET_SUGGEST: return run_suggest(args);
    default: return wslnet_status_exit_code(WSLNET_E_INTERNAL);
    }
}
