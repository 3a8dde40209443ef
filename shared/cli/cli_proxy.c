/* cli_proxy.c - the command table of the proxy group. */
#include "args.h"
#include "commands.h"
#include "portproxy.h"

#include <stddef.h>


#define ADAPTER_OPTION {"--adapter", WN_OPT_VALUE, NULL, "PATTERN", "the WSL adapter, for finding the VM address"}
#define START_SERVICE_OPTION {"--start-service", 0, NULL, NULL, "start the IP Helper service when it is stopped"}
#define USER_OPTION                                                                              \
    {"--user", WN_OPT_VALUE, NULL, "NAME|SID",                                                   \
     "whose VM wsl means (as SYSTEM: the signed-in user; several users' VMs\n"                  \
     "are refused with the candidates)"}

static const wn_option_spec list_options[] = {ADAPTER_OPTION, WN_OPTION_END};
static const wn_option_spec add_options[] = {
    {"--to", WN_OPT_VALUE, NULL, "wsl|ADDRESS|HOST", "where to forward: wsl follows the VM's address"},
    {"--connect-port", WN_OPT_VALUE, NULL, "P", "the port to connect to (default LISTENPORT)"},
    {"--listen-address", WN_OPT_VALUE, NULL, "A", "the address to listen on (default 0.0.0.0, :: for v6 listen kinds)"},
    {"--kind", WN_OPT_VALUE, wn_pp_kind_names, NULL, "listen and connect address families (default v4tov4)"},
    {"--no-firewall", 0, NULL, NULL, "no host firewall rule"},
    {"--profile", WN_OPT_VALUE, NULL, "LIST", "the rule's profiles: domain,private,public or any (default private,domain)"},
    {"--remote", WN_OPT_VALUE, NULL, "LIST",
     "the rule's remote addresses: addresses, subnets, ranges, LocalSubnet, DNS,\n"
     "DHCP, WINS, DefaultGateway, any (default LocalSubnet)"},
    START_SERVICE_OPTION,
    ADAPTER_OPTION,
    USER_OPTION,
    WN_OPTION_DRY_RUN,
    WN_OPTION_END};
static const wn_option_spec remove_options[] = {
    {"--listen-address", WN_OPT_VALUE, NULL, "A", "the rule's listen address (default 0.0.0.0)"},
    {"--kind", WN_OPT_VALUE, wn_pp_kind_names, NULL, "the rule's kind (default v4tov4)"},
    {"--force", 0, NULL, NULL, "also a rule wslnet did not create"},
    START_SERVICE_OPTION,
    WN_OPTION_DRY_RUN,
    WN_OPTION_END};
static const wn_option_spec sync_options[] = {ADAPTER_OPTION, USER_OPTION, START_SERVICE_OPTION,
                                              WN_OPTION_DRY_RUN, WN_OPTION_END};

static const char proxy_changes[] =
    "Changes need an elevated prompt; nothing is changed when the input is bad, when a rule\n"
    "wslnet did not create is in the way, or when the IP Helper service (iphlpsvc) is\n"
    "stopped (use --start-service) or disabled. The IP Helper service is told of every\n"
    "change (SERVICE_CONTROL_PARAMCHANGE).\n\n";

const wn_command_spec wn_commands_proxy[] = {
    {WN_GROUP_PROXY, WN_PROXY_CMD_LIST, {"proxy", "list", NULL}, list_options, 0, 0,
     "list port proxies: owned by wslnet or foreign, stale or not",
     "Usage: wslnet proxy list [--adapter PATTERN] [--json]\n\n"
     "Lists every port proxy rule in the IP Helper service's store (what netsh interface\n"
     "portproxy shows), all four kinds, and says which wslnet created (owner wslnet, with\n"
     "its target: wsl or an address) and which it did not (foreign). A wsl-targeted rule\n"
     "not pointing at the VM's current address is stale. Values in the store that are not\n"
     "valid rules are listed as such. Also shows the IP Helper service's state.\n\n",
     NULL, "proxyList", NULL},
    {WN_GROUP_PROXY, WN_PROXY_CMD_ADD, {"proxy", "add", NULL}, add_options, 1, 1,
     "forward a host port to WSL (or an address), with a firewall rule",
     "Usage: wslnet proxy add LISTENPORT --to wsl|ADDRESS|HOST [--connect-port P]\n"
     "         [--listen-address A] [--kind v4tov4|v4tov6|v6tov4|v6tov6] [--no-firewall]\n"
     "         [--profile domain,private,public|any] [--remote LIST] [--start-service]\n"
     "         [--adapter PATTERN] [--user NAME|SID] [--dry-run] [--json]\n\n"
     "Adds a port proxy rule that wslnet owns. --to wsl follows the WSL VM: the rule gets\n"
     "the VM's current address, and `wslnet proxy sync` re-points it when that changes.\n"
     "--user names whose VM (as SYSTEM the signed-in user; several users' VMs are refused\n"
     "with the candidates). A NatIpAddress (user-writable) outside the WSL NAT subnet is\n"
     "refused (exit 6), naming the value and where it came from.\n"
     "The connect port defaults to LISTENPORT, the listen address to 0.0.0.0 (:: for v6\n"
     "listen kinds), the kind to v4tov4. Adding again updates wslnet's own rule.\n\n"
     "A host firewall rule (inbound TCP LISTENPORT, grouping \"wslnet\") is created too,\n"
     "unless --no-firewall: profiles private,domain and remote LocalSubnet by default\n"
     "(--profile, --remote: addresses, subnets, ranges, LocalSubnet, DNS, DHCP, WINS,\n"
     "DefaultGateway, any). It is never scoped to the vEthernet interface.\n\n"
     "A listen address of 127.0.0.1 or ::1 takes the port from WSL's own localhost\n"
     "forwarding: wslnet warns.\n\n",
     proxy_changes, "proxyAdd", WN_HELP_EXIT_CODES},
    {WN_GROUP_PROXY, WN_PROXY_CMD_REMOVE, {"proxy", "remove", NULL}, remove_options, 1, 1,
     "remove a port proxy wslnet created (and its firewall rule)",
     "Usage: wslnet proxy remove LISTENPORT [--listen-address A] [--kind K] [--force]\n"
     "         [--start-service] [--dry-run] [--json]\n\n"
     "Removes the rule on LISTENPORT (listen address 0.0.0.0 by default, kind v4tov4),\n"
     "its ownership record and wslnet's firewall rule for it. A rule wslnet did not create\n"
     "is refused (exit 3) unless --force names it; its firewall rules are never touched.\n"
     "Nothing there exits 4.\n\n",
     proxy_changes, "proxyRemove", WN_HELP_EXIT_CODES},
    {WN_GROUP_PROXY, WN_PROXY_CMD_SYNC, {"proxy", "sync", NULL}, sync_options, 0, 0,
     "re-point wsl-targeted proxies at the VM's current address",
     "Usage: wslnet proxy sync [--adapter PATTERN] [--user NAME|SID] [--start-service] [--dry-run]\n"
     "         [--json]\n\n"
     "Makes every rule wslnet owns match its record: wsl-targeted rules get the VM's\n"
     "current address, and owned rules changed or deleted by others are restored. When all\n"
     "are right it writes nothing and does not disturb the IP Helper service. Rules\n"
     "wslnet did not create are never touched. The VM address not found exits 4.\n\n",
     proxy_changes, "proxySync", WN_HELP_EXIT_CODES},
    {WN_GROUP_NONE, 0, {NULL, NULL, NULL}, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL},
};
