/* cmd_doctor.c - wslnet doctor. Exit code: 0, 20 (warnings) or 21 (a
 * failure) when the checks ran; a status's code when they could not. */
#include "cli.h"

#include "doctor_judge.h"
#include "report_doctor.h"

#include <stdlib.h>

static int run_doctor(const wn_args *args)
{
    wslnet_doctor_options options = {0, wn_args_value(args, "--adapter"), wn_args_value(args, "--config"), 0,
                                     wn_args_value(args, "--user")};
    wslnet_doctor_report *report = NULL;
    wslnet_error err;
    int code, printed;
    if (wn_doctor_port_parse(wn_args_value(args, "--port"), &options.port, &err) != WSLNET_OK)
        return wn_out_error(args->json, &err);
    if (wslnet_doctor_run(&options, &report, &err) != WSLNET_OK)
        return wn_out_error(args->json, &err);
    code = wslnet_doctor_exit_code(report);
    printed = args->json ? wn_out_json(wn_json_doctor(report), WSLNET_OK)
                         : wn_out_owned_text(wn_text_doctor(report), WSLNET_OK);
    wslnet_doctor_report_free(report);
    return printed != 0 ? printed : code; /* printing failed (out of memory): that code */
}

int wn_run_doctor(const wn_args *args)
{
    switch (args->command->id) {
    case WN_DOCTOR_RUN: return run_doctor(args);
    default: return wslnet_status_exit_code(WSLNET_E_INTERNAL);
    }
}
