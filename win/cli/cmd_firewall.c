/* cmd_firewall.c - the firewall commands. */
#include "cli.h"

int wn_run_firewall(const wn_args *args)
{
    (void)args; /* the group's table (shared/cli_firewall.c) has no commands yet */
    return wslnet_status_exit_code(WSLNET_E_INTERNAL);
}
