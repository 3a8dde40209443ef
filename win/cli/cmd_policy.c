/* cmd_policy.c - policy validate, plan, apply, check. */
#include "cli.h"

#include "report_policy.h"

/* An invalid policy: every problem (text on stderr; JSON: the error document
 * with "errors"), exit 3. */
static int out_refused(const wn_args *args, const wslnet_policy_result *r, const wslnet_error *err)
{
    if (args->json) {
        cJSON *doc = wn_json_error(err, NULL), *errors = doc ? cJSON_AddArrayToObject(doc, "errors") : NULL;
        for (size_t i = 0; errors && i < r->problem_count; i++) {
            cJSON *o = cJSON_CreateObject();
            if (!o || !cJSON_AddStringToObject(o, "path", r->problems[i].path) ||
                !cJSON_AddStringToObject(o, "message", r->problems[i].message) || !cJSON_AddItemToArray(errors, o))
                cJSON_Delete(o);
        }
        return wn_out_json(doc, err->status);
    }
    char *text = wn_text_policy_validate(r);
    if (text)
        wn_out_text(STD_ERROR_HANDLE, text);
    free(text);
    return wslnet_status_exit_code(err->status);
}

static int run_validate(const wn_args *args, const wslnet_policy_options *o)
{
    wslnet_policy_result *r = NULL;
    wslnet_error err;
    wslnet_status st = wslnet_policy_validate(o, &r, &err);
    int code;
    if (!r)
        return wn_out_error(args->json, &err);
    if (args->json) {
        code = wn_out_json(wn_json_policy_validate(r), st);
    } else if (st == WSLNET_OK) {
        code = wn_out_owned_text(wn_text_policy_validate(r), st);
    } else {
        code = out_refused(args, r, &err);
    }
    wslnet_policy_result_free(r);
    return code;
}

static int run_plan(const wn_args *args, const wslnet_policy_options *o, int id)
{
    static const char *const names[] = {[WN_POLICY_PLAN] = "policy plan", [WN_POLICY_APPLY] = "policy apply",
                                        [WN_POLICY_CHECK] = "policy check"};
    wslnet_policy_result *r = NULL;
    wslnet_error err;
    wslnet_status st = id == WN_POLICY_APPLY   ? wslnet_policy_apply(o, &r, &err)
                       : id == WN_POLICY_CHECK ? wslnet_policy_check(o, &r, &err)
                                               : wslnet_policy_plan(o, &r, &err);
    int code, apply = id == WN_POLICY_APPLY;
    if (!r)
        return wn_out_error(args->json, &err);
    if (st != WSLNET_OK && r->problem_count) {
        code = out_refused(args, r, &err);
    } else {
        /* apply with failures: the answer lists them, the exit code is the first's */
        code = args->json ? wn_out_json(wn_json_policy_result(args->command->json_kind, r, apply), st)
                          : wn_out_owned_text(wn_text_policy_result(names[id], r, apply), st);
        if (st != WSLNET_OK && !args->json)
            wn_out_error(0, &err);
        /* check: drift is exit 1, Intune's detection contract (docs/cli.md) */
        if (st == WSLNET_OK && id == WN_POLICY_CHECK && r->change_count)
            code = 1;
    }
    wslnet_policy_result_free(r);
    return code;
}

int wn_run_policy(const wn_args *args)
{
    wslnet_policy_options o = {0};
    o.file = args->positional_count ? args->positional[0] : NULL;
    o.dry_run = wn_args_has(args, "--dry-run");
    switch (args->command->id) {
    case WN_POLICY_VALIDATE: return run_validate(args, &o);
    case WN_POLICY_PLAN:
    case WN_POLICY_APPLY:
    case WN_POLICY_CHECK: return run_plan(args, &o, args->command->id);
    default: return wslnet_status_exit_code(WSLNET_E_INTERNAL);
    }
}
