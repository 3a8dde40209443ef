/* cmd_certs.c - the certs commands. */
#include "cli.h"

int wn_run_certs(const wn_args *args)
{
    (void)args; /* the group's table (shared/cli_certs.c) has no commands yet */
    return wslnet_status_exit_code(WSLNET_E_INTERNAL);
}
