/* cli_subnet.c - the command table of the subnet group: show, set, suggest. */
#include "args.h"
#include "commands.h"

#include <stddef.h>

#define ADAPTER_OPTION {"--adapter", WN_OPT_VALUE, NULL, "PATTERN", "the WSL adapter (default \"vEthernet (WSL*\")"}

static const wn_option_spec show_options[] = {ADAPTER_OPTION, WN_OPTION_END};
static const wn_option_spec set_options[] = {
    {"--gateway", WN_OPT_VALUE, NULL, "A", "the host side of the NAT network (default the subnet's first address)"},
    {"--force", 0, NULL, NULL, "write even though a route overlaps"},
    WN_OPTION_DRY_RUN,
    {"--shutdown", 0, NULL, NULL, "refused (exit 3): `wsl --shutdown` does not apply a new subnet"},
    ADAPTER_OPTION,
    WN_OPTION_END};

#define SUBNET_TAKES_EFFECT                                                                    \
    "WSL reads these values only when it creates its NAT network, and HNS keeps that network\n" \
    "until Windows restarts: WSL reuses it after `wsl --shutdown` and then writes its old\n"   \
    "range back over these values. So restart Windows before WSL starts again (if WSL\n"     \
    "starts first, run `wslnet subnet set` again, then restart).\n\n"

const wn_command_spec wn_commands_subnet[] = {
    {WN_GROUP_SUBNET, WN_SUBNET_SHOW, {"subnet", "show", NULL}, show_options, 0, 0,
     "the NAT subnet WSL reuses, and the routes that overlap it",
     "Usage: wslnet subnet show [--adapter PATTERN] [--json]\n\n"
     "Shows the NAT subnet WSL will reuse (HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\\n"
     "Lxss: NatNetwork, NatGatewayIpAddress), the WSL adapter's current subnet, and every\n"
     "route of another interface (VPN, LAN, Docker) that overlaps the pinned subnet, or the\n"
     "adapter's when nothing valid is pinned. Default and broad routes (shorter than /8, a\n"
     "full-tunnel VPN's 0.0.0.0/1 and 128.0.0.0/1) do not count. Changes nothing.\n\n",
     NULL, "subnetShow", WN_HELP_EXIT_CODES},
    {WN_GROUP_SUBNET, WN_SUBNET_SET, {"subnet", "set", NULL}, set_options, 1, 1,
     "pin the NAT subnet WSL uses (HKLM Lxss NatNetwork)",
     "Usage: wslnet subnet set CIDR [--gateway A] [--force] [--dry-run] [--shutdown]\n"
     "         [--adapter PATTERN] [--json]\n\n"
     "Writes WSL's own values NatNetwork (CIDR) and NatGatewayIpAddress (the gateway,\n"
     "default the subnet's first address) as REG_SZ, the way WSL writes them. CIDR must be a\n"
     "private range (10/8, 172.16/12, 192.168/16) given by its network address, /16 to /24;\n"
     "the gateway a host address inside it. A route of another interface overlapping CIDR\n"
     "refuses it (exit 3) unless --force. Values already right are not written.\n\n"
     SUBNET_TAKES_EFFECT
     "Changes need an elevated prompt. Bad input changes nothing.\n\n",
     NULL, "subnetSet", WN_HELP_EXIT_CODES},
    {WN_GROUP_SUBNET, WN_SUBNET_SUGGEST, {"subnet", "suggest", NULL}, show_options, 0, 0,
     "a free private /20 for WSL, clear of every route",
     "Usage: wslnet subnet suggest [--adapter PATTERN] [--json]\n\n"
     "Prints a private /20 that overlaps no route of another interface, trying first the\n"
     "ranges VPN clients, clouds, Docker and home routers rarely use (10.250 down to 10.129,\n"
     "then the upper half of 192.168, then 172.16/12, then the rest). No free range exits 4.\n"
     "Pin it with `wslnet subnet set`.\n\n",
     NULL, "subnetSuggest", WN_HELP_EXIT_CODES},
    {WN_GROUP_NONE, 0, {NULL, NULL, NULL}, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL},
};
