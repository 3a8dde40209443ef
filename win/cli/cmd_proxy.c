/* cmd_proxy.c - the proxy commands. */
#include "cli.h"

int wn_run_proxy(const wn_args *args)
{
    (void)args; /* the group's table (shared/cli_proxy.c) has no commands yet */
    return wslnet_status_exit_code(WSLNET_E_INTERNAL);
}
