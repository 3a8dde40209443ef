/* cli_core.c - the command table of the core group: version, adapter list,
 * address, mode. */
#include "args.h"
#include "commands.h"
#include "source.h"

#include <stddef.h>


#define ADAPTER_HELP "the WSL adapter's friendly name: * and ? wildcards, case-insensitive\n(default \"vEthernet (WSL*\")"

static const wn_option_spec adapter_options[] = {
    {"--adapter", WN_OPT_VALUE, NULL, "PATTERN", ADAPTER_HELP}, WN_OPTION_END};
static const wn_option_spec address_options[] = {
    {"--source", WN_OPT_VALUE, wn_source_names, NULL, "where to look (default auto: hns, registry, neighbor)"},
    {"--adapter", WN_OPT_VALUE, NULL, "PATTERN", "the WSL adapter, for neighbor and wsl (default \"vEthernet (WSL*\")"},
    {"--user", WN_OPT_VALUE, NULL, "NAME|SID",
     "whose VM (HKU\\<SID>); as SYSTEM the default is the signed-in user,\n"
     "and several users' VMs are refused with the candidates (exit 3)"},
    {"--allow-distro-code", 0, NULL, NULL, "needed when elevated for --source wsl: the distro's own programs run"},
    WN_OPTION_END};
static const wn_option_spec mode_options[] = {
    {"--config", WN_OPT_VALUE, NULL, "PATH", "the .wslconfig to read (default %UserProfile%\\.wslconfig)"},
    {"--user", WN_OPT_VALUE, NULL, "NAME|SID", "that user's .wslconfig (their profile)"},
    {"--adapter", WN_OPT_VALUE, NULL, "PATTERN", "accepted for compatibility; the adapter is no evidence of the mode"},
    WN_OPTION_END};

const wn_command_spec wn_commands_core[] = {
    {WN_GROUP_CORE, WN_CORE_ADAPTER_LIST, {"adapter", "list", NULL}, adapter_options, 0, 0,
     "list the WSL virtual adapters",
     "Usage: wslnet adapter list [--adapter PATTERN] [--json]\n\n"
     "Lists the WSL virtual adapters (IP Helper): addresses with prefix, MAC, MTU,\n"
     "status, LUID and interface index.\n\n",
     NULL, "adapterList",
     "No matching adapter exits 4: Windows creates the adapter when WSL 2 first starts.\n"},
    {WN_GROUP_CORE, WN_CORE_ADDRESS, {"address", NULL, NULL}, address_options, 0, 0,
     "the WSL VM's IPv4 address, and which source gave it",
     "Usage: wslnet address [--source auto|hns|registry|neighbor|wsl] [--adapter PATTERN]\n"
     "                      [--user NAME|SID] [--allow-distro-code] [--json]\n\n"
     "Finds the WSL VM's IPv4 address without starting WSL, and says which source answered.\n"
     "auto (default) tries, in order:\n"
     "  hns       the WSL NAT network's endpoint in the Host Network Service: the one holding\n"
     "            the user's NatIpAddress (one NAT network holds every user's VM)\n"
     "  registry  the user's ...\\Lxss NatIpAddress, the address WSL last used; refused when\n"
     "            outside the WSL NAT subnet (HNS, the adapter, HKLM Lxss NatNetwork)\n"
     "  neighbor  a Hyper-V MAC (00-15-5D) in the WSL adapter's neighbour table\n"
     "wsl runs %SystemRoot%\\System32\\wsl.exe hostname -I, which starts WSL: only when asked;\n"
     "elevated, only with --allow-distro-code (the distro's own programs run; exit 2 otherwise).\n"
     "The JSON document includes every source tried.\n\n",
     NULL, "address",
     "Nothing found exits 4 and lists what each source said.\n"},
    {WN_GROUP_CORE, WN_CORE_MODE, {"mode", NULL, NULL}, mode_options, 0, 0,
     "configured and effective networking mode, OS support",
     "Usage: wslnet mode [--config PATH] [--user NAME|SID] [--adapter PATTERN] [--json]\n\n"
     "Shows the networking mode configured in .wslconfig ([wsl2] networkingMode, or its\n"
     "[experimental] alias, read by WSL's rules), and the mode WSL runs with, decided by\n"
     "WSL's own rules in WSL's order, each rule that applied listed: Group Policy\n"
     "(HKLM\\SOFTWARE\\Policies\\WSL), wsl2.firewall, safeMode, virtio (Consomme), the Hyper-V\n"
     "firewall version, HNS flow steering and IPv6 (mirrored falls back to NAT), NAT falling\n"
     "back to Consomme. \"unknown\" where Windows cannot tell. VirtioProxy is Consomme.\n\n",
     NULL, "mode", NULL},
    {WN_GROUP_CORE, WN_CORE_VERSION, {"version", NULL, NULL}, NULL, 0, 0, "wslnet's version",
     "Usage: wslnet version [--json]\n\nPrints the version of wslnet.\n\n", NULL, "version", NULL},
    {WN_GROUP_NONE, 0, {NULL, NULL, NULL}, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL},
};
