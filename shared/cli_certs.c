/* cli_certs.c - the command table of the certs group. */
#include "args.h"
#include "commands.h"

#include <stddef.h>

const wn_command_spec wn_commands_certs[] = {
    {WN_GROUP_NONE, 0, {NULL, NULL, NULL}, NULL, 0, 0, NULL, NULL},
};
