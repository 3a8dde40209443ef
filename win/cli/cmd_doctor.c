/* cmd_doctor.c - the doctor commands. */
#include "cli.h"

int wn_run_doctor(const wn_args *args)
{
    (void)args; /* the group's table (shared/cli_doctor.c) has no commands yet */
    return wslnet_status_exit_code(WSLNET_E_INTERNAL);
}
