/* cmd_config.c - the config commands. */
#include "cli.h"

int wn_run_config(const wn_args *args)
{
    (void)args; /* the group's table (shared/cli_config.c) has no commands yet */
    return wslnet_status_exit_code(WSLNET_E_INTERNAL);
}
