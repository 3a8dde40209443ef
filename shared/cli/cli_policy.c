/* cli_policy.c - the command table of the policy group: validate, plan,
 * apply, check (docs/policy.md). */
#include "args.h"
#include "commands.h"

#include <stddef.h>

static const wn_option_spec no_options[] = {WN_OPTION_END};
static const wn_option_spec apply_options[] = {{"--dry-run", 0, NULL, NULL, "plan only (no elevation needed)"},
                                               WN_OPTION_END};

static const char policy_file_help[] =
    "FILE is a policy file (docs/policy.schema.json; a path or UNC path, at most 1 MiB, not\n"
    "a link). Without FILE, the path in the Group Policy value PolicyFile of\n"
    "HKLM\\SOFTWARE\\Policies\\wslnet is used; that key's HyperVFirewallDefaultInboundAction and\n"
    "NatSubnet values override the file's members. The whole policy is validated before\n"
    "anything else is read: an invalid one exits 3 with every error and its JSON path.\n\n";

const wn_command_spec wn_commands_policy[] = {
    {WN_GROUP_POLICY, WN_POLICY_VALIDATE, {"policy", "validate", NULL}, no_options, 0, 1,
     "check a policy file: every error with its JSON path",
     "Usage: wslnet policy validate [FILE] [--json]\n\n"
     "Reads and validates the policy, nothing else. Exit 0 when valid, 3 with every error\n"
     "(\"$.portProxies[0].listenPort: must be an integer 1..65535\"). The JSON document:\n"
     "{\"valid\": bool, \"errors\": [{\"path\", \"message\"}]}.\n\n",
     policy_file_help, "policyValidate", WN_HELP_EXIT_CODES},
    {WN_GROUP_POLICY, WN_POLICY_PLAN, {"policy", "plan", NULL}, no_options, 0, 1,
     "every change apply would make, per area and per user",
     "Usage: wslnet policy plan [FILE] [--json]\n\n"
     "Reads the system and lists what differs from the policy: each port proxy, exposure,\n"
     "Hyper-V firewall rule and setting, the NAT subnet, and each user's .wslconfig key, as\n"
     "add, update or remove. Removed are only items a policy created earlier and this one no\n"
     "longer lists. Changes nothing. The JSON document: docs/cli.md.\n\n",
     policy_file_help, "policyPlan", WN_HELP_EXIT_CODES},
    {WN_GROUP_POLICY, WN_POLICY_APPLY, {"policy", "apply", NULL}, apply_options, 0, 1,
     "make the machine hold the policy (idempotent)",
     "Usage: wslnet policy apply [FILE] [--dry-run] [--json]\n\n"
     "Plans as `policy plan`, then makes each change through the command of its area\n"
     "(proxy, expose, firewall, subnet, config --user), under wslnet's lock, and records\n"
     "what the policy owns. A converged machine: 0 changes, nothing written. A change that\n"
     "fails is listed and the others are made (exit: the first failure's code). Reports to\n"
     "the Event Log (docs/events.md). Needs an elevated prompt or SYSTEM. The JSON document:\n"
     "docs/cli.md.\n\n",
     policy_file_help, "policyApply", WN_HELP_EXIT_CODES},
    {WN_GROUP_POLICY, WN_POLICY_CHECK, {"policy", "check", NULL}, no_options, 0, 1,
     "compliance for Intune and monitoring: exit 0 compliant, 1 drift",
     "Usage: wslnet policy check [FILE] [--json]\n\n"
     "As `policy plan`, for a detection script: exit 0 when the machine complies, 1 when\n"
     "something differs (each difference listed), another code when it could not be checked.\n"
     "Reports to the Event Log: one event per run, one per difference (docs/events.md).\n"
     "The JSON document: docs/cli.md.\n\n",
     policy_file_help, "policyCheck", WN_HELP_EXIT_CODES},
    {WN_GROUP_NONE, 0, {NULL, NULL, NULL}, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL},
};
