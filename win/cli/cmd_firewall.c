/* cmd_firewall.c - the firewall commands: the Hyper-V firewall for WSL. */
#include "cli.h"

#include "hvfw_plan.h"
#include "hvfw_report.h"

/* --store as given (the parser checked the choice), persistent by default. */
static wslnet_hvfw_store store_of(const wn_args *args)
{
    wslnet_hvfw_store store = WSLNET_HVFW_STORE_PERSISTENT;
    const char *text = wn_args_value(args, "--store");
    if (text) /* the parser checked the choice: it parses */
        wn_ignore_status(wn_hvfw_store_parse(text, &store, NULL));
    return store;
}

static int run_settings_get(const wn_args *args)
{
    wslnet_hvfw_settings_info info;
    wslnet_error err;
    wslnet_status st = wslnet_hvfw_settings_get(wn_args_value(args, "--vm-creator"), store_of(args), &info, &err);
    if (st != WSLNET_OK)
        return wn_out_error(args->json, &err);
    return args->json ? wn_out_json(wn_json_hvfw_settings(&info), st)
                      : wn_out_owned_text(wn_text_hvfw_settings(&info), st);
}

static int run_settings_set(const wn_args *args)
{
    wn_hvfw_settings_text t = {0};
    wslnet_hvfw_settings_options o;
    wslnet_hvfw_settings_result result;
    wslnet_error err;
    wslnet_status st;
    t.vm_creator_id = wn_args_value(args, "--vm-creator");
    t.enabled = wn_args_value(args, "--enabled");
    t.default_inbound = wn_args_value(args, "--default-inbound");
    t.default_outbound = wn_args_value(args, "--default-outbound");
    t.loopback = wn_args_value(args, "--loopback");
    t.host_policy_merge = wn_args_value(args, "--host-policy-merge");
    if (wn_hvfw_settings_text_parse(&t, &o, &err) != WSLNET_OK)
        return wn_out_error(args->json, &err);
    o.dry_run = wn_args_has(args, "--dry-run");
    if ((st = wslnet_hvfw_settings_set(&o, &result, &err)) != WSLNET_OK)
        return wn_out_error(args->json, &err);
    return args->json ? wn_out_json(wn_json_hvfw_settings_result(&result, o.dry_run), st)
                      : wn_out_owned_text(wn_text_hvfw_settings_result(&result, o.dry_run), st);
}

static int run_rule_list(const wn_args *args)
{
    wslnet_hvfw_rule_list *list = NULL;
    wslnet_error err;
    wslnet_status st = wslnet_hvfw_rule_list_get(wn_args_value(args, "--vm-creator"), wn_args_has(args, "--all"),
                                                 store_of(args), &list, &err);
    int code;
    if (st != WSLNET_OK)
        return wn_out_error(args->json, &err);
    code = args->json ? wn_out_json(wn_json_hvfw_rule_list(list), st)
                      : wn_out_owned_text(wn_text_hvfw_rule_list(list), st);
    wslnet_hvfw_rule_list_free(list);
    return code;
}

static int report_rule_result(const wn_args *args, wslnet_hvfw_rule_result *result, int dry_run)
{
    int code = args->json ? wn_out_json(wn_json_hvfw_rule_result(result, dry_run), WSLNET_OK)
                          : wn_out_owned_text(wn_text_hvfw_rule_result(result, dry_run), WSLNET_OK);
    wslnet_hvfw_rule_result_free(result);
    return code;
}

static int run_rule_add(const wn_args *args)
{
    wn_hvfw_rule_text t = {0};
    wn_hvfw_rule_typed typed;
    wslnet_hvfw_rule_result *result = NULL;
    wslnet_error err;
    wslnet_status st;
    int dry_run = wn_args_has(args, "--dry-run");
    t.name = wn_args_value(args, "--name");
    t.display_name = wn_args_value(args, "--display-name");
    t.direction = wn_args_value(args, "--direction");
    t.action = wn_args_value(args, "--action");
    t.protocol = wn_args_value(args, "--protocol");
    t.local_ports = wn_args_value(args, "--local-port");
    t.remote_ports = wn_args_value(args, "--remote-port");
    t.local_addresses = wn_args_value(args, "--local-address");
    t.remote_addresses = wn_args_value(args, "--remote-address");
    t.profiles = wn_args_value(args, "--profile");
    t.enabled = wn_args_value(args, "--enabled");
    t.vm_creator_id = wn_args_value(args, "--vm-creator");
    if (wn_hvfw_rule_text_parse(&t, &typed, &err) != WSLNET_OK)
        return wn_out_error(args->json, &err);
    typed.options.dry_run = dry_run;
    st = wslnet_hvfw_rule_add(&typed.options, &result, &err);
    wn_hvfw_rule_typed_free(&typed);
    if (st != WSLNET_OK)
        return wn_out_error(args->json, &err);
    return report_rule_result(args, result, dry_run);
}

static int run_rule_remove(const wn_args *args)
{
    wslnet_hvfw_remove_options o = {0};
    wslnet_hvfw_rule_result *result = NULL;
    wslnet_error err;
    o.name = wn_args_value(args, "--name");
    o.force = wn_args_has(args, "--force");
    o.dry_run = wn_args_has(args, "--dry-run");
    if (wslnet_hvfw_rule_remove(&o, &result, &err) != WSLNET_OK)
        return wn_out_error(args->json, &err);
    return report_rule_result(args, result, o.dry_run);
}

int wn_run_firewall(const wn_args *args)
{
    switch (args->command->id) {
    case WN_FW_SETTINGS_GET: return run_settings_get(args);
    case WN_FW_SETTINGS_SET: return run_settings_set(args);
    case WN_FW_RULE_LIST: return run_rule_list(args);
    case WN_FW_RULE_ADD: return run_rule_add(args);
    case WN_FW_RULE_REMOVE: return run_rule_remove(args);
    default: return wslnet_status_exit_code(WSLNET_E_INTERNAL);
    }
}
