/* cli_expose.c - the command table of the expose group. */
#include "args.h"
#include "commands.h"
#include "expose_plan.h"

#include <stddef.h>

#define PROTOCOL_OPTION {"--protocol", WN_OPT_VALUE, wn_expose_protocol_names, NULL, "default tcp"}
#define ADAPTER_OPTION {"--adapter", WN_OPT_VALUE, NULL, "PATTERN", "the WSL adapter, for finding the VM address"}
#define START_SERVICE_OPTION {"--start-service", 0, NULL, NULL, "start the IP Helper service when it is stopped"}

static const wn_option_spec expose_options[] = {
    PROTOCOL_OPTION,
    {"--to-port", WN_OPT_VALUE, NULL, "P", "the port in WSL (default PORT; NAT mode only)"},
    {"--profile", WN_OPT_VALUE, NULL, "LIST", "the firewall rules' profiles (default domain,private)"},
    {"--remote", WN_OPT_VALUE, NULL, "LIST", "the firewall rules' remote addresses (default LocalSubnet)"},
    START_SERVICE_OPTION,
    ADAPTER_OPTION,
    WN_OPTION_DRY_RUN,
    WN_OPTION_END};
static const wn_option_spec unexpose_options[] = {PROTOCOL_OPTION, START_SERVICE_OPTION, ADAPTER_OPTION,
                                                  WN_OPTION_DRY_RUN, WN_OPTION_END};
static const wn_option_spec sync_options[] = {START_SERVICE_OPTION, ADAPTER_OPTION, WN_OPTION_DRY_RUN,
                                              WN_OPTION_END};
static const wn_option_spec list_options[] = {ADAPTER_OPTION, WN_OPTION_END};

static const char expose_modes[] =
    "What each mode needs (WSL's source lines: shared/core/expose_plan.h):\n"
    "  nat       a port proxy 0.0.0.0:PORT -> wsl (IP Helper, TCP only), its host firewall\n"
    "            rule, and a Hyper-V firewall rule when WSL's NAT network has the Hyper-V\n"
    "            firewall (V2); UDP is refused (the port proxy relays TCP only)\n"
    "  mirrored  a Hyper-V firewall rule only (no proxy, no port translation)\n"
    "  consomme  a host firewall rule \"wslnet expose <proto> PORT\" only: WSL's service\n"
    "            itself listens on the host for the VM's port, TCP or UDP (no proxy, no\n"
    "            port translation)\n"
    "  none, bridged: refused with the reason and what to do instead\n\n"
    "Changes need an elevated prompt and take wslnet's machine lock; they go through the\n"
    "change journal, so an interrupted run is finished or undone by the next. Nothing is\n"
    "changed when the input is bad (exit 3) or the mode cannot do it (exit 9).\n\n";

const wn_command_spec wn_commands_expose[] = {
    {WN_GROUP_EXPOSE, WN_EXPOSE_ADD, {"expose", NULL, NULL}, expose_options, 1, 1,
     "make WSL ports reachable from the LAN, as the effective mode needs",
     "Usage: wslnet expose PORT[,PORT...] [--protocol tcp|udp] [--to-port P]\n"
     "         [--profile domain,private,public|any] [--remote LIST] [--start-service]\n"
     "         [--adapter PATTERN] [--dry-run] [--json]\n\n"
     "Makes PORT on this host reach the same port (or --to-port) in WSL, with one plan\n"
     "over the pieces the effective mode needs (see wslnet mode). Each exposure is\n"
     "recorded in HKLM\\SOFTWARE\\wslnet\\Exposures with the pieces wslnet holds for it.\n"
     "--profile and --remote scope the firewall rules as in wslnet proxy add (default\n"
     "domain,private and LocalSubnet); the Hyper-V rule takes only the addresses of\n"
     "--remote (with a keyword such as LocalSubnet it is not scoped by address).\n"
     "Running it again changes nothing when everything is in place.\n\n",
     expose_modes, "expose", WN_HELP_EXIT_CODES},
    {WN_GROUP_EXPOSE, WN_EXPOSE_LIST, {"expose", "list", NULL}, list_options, 0, 0,
     "list exposures and, per piece, what exists, is missing or stale in this mode",
     "Usage: wslnet expose list [--adapter PATTERN] [--json]\n\n"
     "Lists wslnet's exposures and, for each piece (portProxy, hostRule, hypervRule),\n"
     "whether the effective mode needs it and whether it exists: ok, missing (run\n"
     "wslnet expose sync), stale (there but not needed in this mode, or not as\n"
     "recorded: wslnet expose sync), absent (neither needed nor there).\n\n",
     NULL, "exposeList", NULL},
    {WN_GROUP_EXPOSE, WN_EXPOSE_SYNC, {"expose", "sync", NULL}, sync_options, 0, 0,
     "converge every exposure to the effective mode's pieces",
     "Usage: wslnet expose sync [--start-service] [--adapter PATTERN] [--dry-run] [--json]\n\n"
     "Brings every recorded exposure to the pieces the effective mode needs: after a\n"
     "change from nat to mirrored, the port proxy and its host rule go and the Hyper-V\n"
     "rule stays (or is created); proxies follow the VM's current address.\n\n",
     expose_modes, "exposeSync", WN_HELP_EXIT_CODES},
    {WN_GROUP_EXPOSE, WN_EXPOSE_REMOVE, {"unexpose", NULL, NULL}, unexpose_options, 1, 1,
     "remove an exposure: exactly the pieces wslnet recorded for it",
     "Usage: wslnet unexpose PORT [--protocol tcp|udp] [--start-service] [--adapter PATTERN]\n"
     "         [--dry-run] [--json]\n\n"
     "Removes the exposure of PORT: the pieces its record lists (wslnet's port proxy and\n"
     "host rule, its Hyper-V rule), then the record. Rules wslnet did not create are\n"
     "never touched. No such exposure exits 4.\n\n",
     NULL, "unexpose", WN_HELP_EXIT_CODES},
    {WN_GROUP_NONE, 0, {NULL, NULL, NULL}, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL},
};
