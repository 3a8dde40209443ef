/* cli_doctor.c - the command table of the doctor group. */
#include "args.h"
#include "commands.h"

#include <stddef.h>

static const wn_option_spec doctor_options[] = {
    {"--port", WN_OPT_VALUE, NULL, "P", "also check port P (1-65535) end to end"},
    {"--adapter", WN_OPT_VALUE, NULL, "PATTERN", "the WSL adapter (default \"vEthernet (WSL*\")"},
    {"--config", WN_OPT_VALUE, NULL, "PATH", "the .wslconfig (default %UserProfile%\\.wslconfig)"},
    {"--user", WN_OPT_VALUE, NULL, "NAME|SID",
     "check that user's VM and .wslconfig (as SYSTEM: default the\n"
     "signed-in user; several users' VMs need --user)"},
    WN_OPTION_END};

const wn_command_spec wn_commands_doctor[] = {
    {WN_GROUP_DOCTOR, WN_DOCTOR_RUN, {"doctor", NULL, NULL}, doctor_options, 0, 0,
     "check the WSL networking setup: a verdict and a fix per check",
     "Usage: wslnet doctor [--port P] [--adapter PATTERN] [--config PATH] [--user NAME|SID] [--json]\n\n"
     "Runs every check and prints one line per check with its verdict (ok, warn, fail,\n"
     "skipped with why), what to do, and the exact command that fixes it:\n"
     "  mode               configured networking mode and whether this Windows supports it\n"
     "  adapter, address   the WSL adapter and the VM's address\n"
     "  config             .wslconfig lint\n"
     "  iphlpsvc           the IP Helper service, which runs port proxies\n"
     "  proxies            wslnet's proxies pointing at a stale VM address\n"
     "  host-firewall      an inbound rule for each proxied port\n"
     "  hyperv-firewall    Hyper-V firewall default inbound, and a rule for the port\n"
     "  subnet-overlap     a route of another interface (VPN) inside or around WSL's subnet\n"
     "  port-proxy, connect-vm, connect-localhost   with --port: a proxy for the port,\n"
     "                     TCP to VM:P and to 127.0.0.1:P (1.5 s each)\n"
     "The doctor only reads; it changes nothing and needs no elevation.\n\n",
     NULL, "doctor",
     "Exit codes: 0 every check ok or skipped, 20 warnings (no failure), 21 a check failed;\n"
     "otherwise the status's exit code (wslnet help lists them).\n"},
    {WN_GROUP_NONE, 0, {NULL, NULL, NULL}, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL},
};
