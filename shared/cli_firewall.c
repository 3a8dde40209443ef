/* cli_firewall.c - the command table of the firewall group. */
#include "args.h"
#include "commands.h"

#include <stddef.h>

const wn_command_spec wn_commands_firewall[] = {
    {WN_GROUP_NONE, 0, {NULL, NULL, NULL}, NULL, 0, 0, NULL, NULL},
};
