/* cli_proxy.c - the command table of the proxy group. */
#include "args.h"
#include "commands.h"

#include <stddef.h>

const wn_command_spec wn_commands_proxy[] = {
    {WN_GROUP_NONE, 0, {NULL, NULL, NULL}, NULL, 0, 0, NULL, NULL},
};
