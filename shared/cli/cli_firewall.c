/* cli_firewall.c - the command table of the firewall group: the Hyper-V
 * firewall's VM settings and rules for WSL. */
#include "args.h"
#include "commands.h"
#include "hvfw_plan.h"

#include <stddef.h>

/* The parser also takes "inbound" and "outbound"; the command line offers the short words. */
static const char *const direction_choices[] = {"in", "out", NULL};

#define VM_CREATOR_OPTION                                                                      \
    {"--vm-creator", WN_OPT_VALUE, NULL, "GUID",                                               \
     "another VM creator, braced (default WSL's\n"                                             \
     "{40E0AC32-46A5-438A-A0B2-2B479E8F2E90})"}
#define ADDRESS_LIST_HELP                                                                      \
    "any, or addresses, subnets and ranges: 10.0.0.1,192.168.0.0/16,\n"                       \
    "10.1.0.0/255.255.0.0, 10.0.0.1-10.0.0.9, fe80::/64, fe80::1-fe80::9"

static const wn_option_spec settings_get_options[] = {
    {"--store", WN_OPT_VALUE, wn_hvfw_store_words, NULL,
     "persistent (default: what is configured), active (what is in effect),\n"
     "or systemdefaults (what WSL writes at VM start: LoopbackEnabled=true)"},
    VM_CREATOR_OPTION, WN_OPTION_END};
static const wn_option_spec settings_set_options[] = {
    {"--enabled", WN_OPT_VALUE, wn_hvfw_tristate_words, NULL, "Enabled: the Hyper-V firewall for the VM"},
    {"--default-inbound", WN_OPT_VALUE, wn_hvfw_default_action_words, NULL, "DefaultInboundAction: for inbound traffic no rule matches"},
    {"--default-outbound", WN_OPT_VALUE, wn_hvfw_default_action_words, NULL, "DefaultOutboundAction: for outbound traffic no rule matches"},
    {"--loopback", WN_OPT_VALUE, wn_hvfw_tristate_words, NULL, "LoopbackEnabled: loopback traffic between the host and the VM"},
    {"--host-policy-merge", WN_OPT_VALUE, wn_hvfw_tristate_words, NULL, "AllowHostPolicyMerge: host firewall rules (by address and port) apply to\nthe VM too"},
    VM_CREATOR_OPTION,
    WN_OPTION_DRY_RUN,
    WN_OPTION_END};
static const wn_option_spec rule_list_options[] = {
    {"--all", 0, NULL, NULL, "every rule, whatever its VM creator"},
    {"--store", WN_OPT_VALUE, wn_hvfw_store_words, NULL, "persistent (default) or active"},
    VM_CREATOR_OPTION, WN_OPTION_END};
static const wn_option_spec rule_add_options[] = {
    {"--name", WN_OPT_VALUE, NULL, "NAME", "the rule's name; the prefix wslnet- is added when it lacks it"},
    {"--display-name", WN_OPT_VALUE, NULL, "TEXT", "the name people see (default: the rule's name)"},
    {"--direction", WN_OPT_VALUE, direction_choices, NULL, "default in"},
    {"--action", WN_OPT_VALUE, wn_hvfw_action_words, NULL, "default allow"},
    {"--protocol", WN_OPT_VALUE, NULL, "PROTO", "tcp, udp, icmpv4, icmpv6, any, or a number 0-255"},
    {"--local-port", WN_OPT_VALUE, NULL, "LIST", "any, or ports and ranges: 80,443,8000-8080 (1-65535; TCP/UDP only)"},
    {"--remote-port", WN_OPT_VALUE, NULL, "LIST", "as --local-port, for the remote side"},
    {"--local-address", WN_OPT_VALUE, NULL, "LIST", ADDRESS_LIST_HELP},
    {"--remote-address", WN_OPT_VALUE, NULL, "LIST", ADDRESS_LIST_HELP},
    {"--profile", WN_OPT_VALUE, NULL, "LIST", "any (default), or domain,private,public"},
    {"--enabled", WN_OPT_VALUE, wn_hvfw_rule_enabled_words, NULL, "default true"},
    VM_CREATOR_OPTION,
    WN_OPTION_DRY_RUN,
    WN_OPTION_END};
static const wn_option_spec rule_remove_options[] = {
    {"--name", WN_OPT_VALUE, NULL, "NAME", "the rule's name; the prefix wslnet- is added when it lacks it"},
    {"--force", 0, NULL, NULL, "also a rule without the wslnet- prefix, by its exact name"},
    WN_OPTION_DRY_RUN,
    WN_OPTION_END};

#define FW_NOTE                                                                                      \
    "The Hyper-V firewall (Windows 11 22H2 or later) filters traffic to and from the WSL VM in\n"      \
    "mirrored mode (and, from its second version on, NAT mode). wslnet reads and writes it over WMI\n" \
    "(ROOT\\StandardCimv2); where Windows has none, commands exit 9.\n"

const wn_command_spec wn_commands_firewall[] = {
    {WN_GROUP_FIREWALL, WN_FW_SETTINGS_GET, {"firewall", "settings", "get"}, settings_get_options, 0, 0,
     "the Hyper-V firewall's settings for WSL",
     "Usage: wslnet firewall settings get [--store persistent|active|systemdefaults] [--vm-creator GUID]\n"
     "         [--json]\n\n"
     "Shows the Hyper-V firewall's VM setting for WSL (MSFT_NetFirewallHyperVVMSetting): enabled,\n"
     "default inbound and outbound action, loopback, host policy merge, and which firewall\n"
     "version this Windows has.\n\n",
     NULL, "firewallSettings", FW_NOTE},
    {WN_GROUP_FIREWALL, WN_FW_SETTINGS_SET, {"firewall", "settings", "set"}, settings_set_options, 0, 0,
     "change the Hyper-V firewall's settings for WSL",
     "Usage: wslnet firewall settings set [--enabled true|false|notconfigured]\n"
     "         [--default-inbound allow|block|notconfigured] [--default-outbound allow|block|notconfigured]\n"
     "         [--loopback true|false|notconfigured] [--host-policy-merge true|false|notconfigured]\n"
     "         [--vm-creator GUID] [--dry-run] [--json]\n\n"
     "Sets the given values in the persistent store, creating the setting object when there is\n"
     "none yet (what Set-NetFirewallHyperVVMSetting cannot do). Values not given stay as they are;\n"
     "nothing to change writes nothing. Needs an elevated prompt.\n\n",
     NULL, "firewallSettingsChange", FW_NOTE},
    {WN_GROUP_FIREWALL, WN_FW_RULE_LIST, {"firewall", "rule", "list"}, rule_list_options, 0, 0,
     "list the Hyper-V firewall's rules for WSL",
     "Usage: wslnet firewall rule list [--all] [--store persistent|active] [--vm-creator GUID] [--json]\n\n"
     "Lists the Hyper-V firewall rules (MSFT_NetFirewallHyperVRule) for WSL's VM creator. Rules whose\n"
     "name starts with wslnet- are wslnet's (owned); the others are listed, never changed.\n\n",
     NULL, "firewallRuleList", FW_NOTE},
    {WN_GROUP_FIREWALL, WN_FW_RULE_ADD, {"firewall", "rule", "add"}, rule_add_options, 0, 0,
     "add a Hyper-V firewall rule for WSL",
     "Usage: wslnet firewall rule add --name NAME --protocol tcp|udp|icmpv4|icmpv6|any|0-255\n"
     "         [--display-name TEXT] [--direction in|out] [--action allow|block]\n"
     "         [--local-port LIST] [--remote-port LIST] [--local-address LIST] [--remote-address LIST]\n"
     "         [--profile any|domain,private,public] [--enabled true|false] [--vm-creator GUID]\n"
     "         [--dry-run] [--json]\n\n"
     "Adds a rule to the persistent store, with New-NetFirewallHyperVRule's defaults: inbound, allow,\n"
     "enabled, any profile, WSL's VM creator. The rule is named wslnet-NAME (the prefix is added when\n"
     "NAME lacks it; NAME: letters, digits, . _ - { }). Adding it again with the same values changes\n"
     "nothing; with other values it replaces wslnet's rule of that name. Needs an elevated prompt.\n\n",
     NULL, "firewallRuleChange", FW_NOTE},
    {WN_GROUP_FIREWALL, WN_FW_RULE_REMOVE, {"firewall", "rule", "remove"}, rule_remove_options, 0, 0,
     "remove a Hyper-V firewall rule",
     "Usage: wslnet firewall rule remove --name NAME [--force] [--dry-run] [--json]\n\n"
     "Removes wslnet's rule wslnet-NAME (the prefix is added when NAME lacks it). A rule wslnet did\n"
     "not create is removed only with --force, by its exact name. Needs an elevated prompt.\n\n",
     NULL, "firewallRuleChange", "No such rule exits 4; a foreign rule without --force exits 3.\n"},
    {WN_GROUP_NONE, 0, {NULL, NULL, NULL}, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL},
};
