/* args.c - command table, option parsing and help texts of wslnet.exe. */
#include "args.h"

#include "source.h"
#include "status.h"

#include <string.h>

enum {
    OPT_ADAPTER = 1 << 0,
    OPT_SOURCE = 1 << 1,
    OPT_CONFIG = 1 << 2,
};

typedef struct command_spec {
    wn_command command;
    const char *words[2];
    unsigned options;
    const char *help;
} command_spec;

#define EXIT_CODES                                                                         \
    "Exit codes: 0 ok, 1 internal, 2 usage, 3 invalid input, 4 not found, 5 unavailable,\n" \
    "6 bad data, 7 access denied, 8 busy, 9 unsupported, 10 system error, 11 out of memory.\n"

static const command_spec commands[] = {
    {WN_CMD_VERSION, {"version", NULL}, 0,
     "Usage: wslnet version [--json]\n\n"
     "Prints the version of wslnet.\n"},
    {WN_CMD_ADAPTER_LIST, {"adapter", "list"}, OPT_ADAPTER,
     "Usage: wslnet adapter list [--adapter PATTERN] [--json]\n\n"
     "Lists the WSL virtual adapters (IP Helper): addresses with prefix, MAC, MTU,\n"
     "status, LUID and interface index.\n\n"
     "  --adapter PATTERN  friendly-name pattern, * and ? wildcards, case-insensitive\n"
     "                     (default: \"vEthernet (WSL*\")\n"
     "  --json             one JSON document on stdout\n\n"
     "No matching adapter exits 4: Windows creates the adapter when WSL 2 first starts.\n"},
    {WN_CMD_ADDRESS, {"address", NULL}, OPT_ADAPTER | OPT_SOURCE,
     "Usage: wslnet address [--source auto|hns|registry|neighbor|wsl] [--adapter PATTERN] [--json]\n\n"
     "Finds the WSL VM's IPv4 address without starting WSL, and says which source answered.\n"
     "auto (default) tries, in order:\n"
     "  hns       the WSL NAT network's endpoint in the Host Network Service\n"
     "  registry  HKCU\\...\\Lxss NatIpAddress, the address WSL last used\n"
     "  neighbor  a Hyper-V MAC (00-15-5D) in the WSL adapter's neighbour table\n"
     "wsl runs %SystemRoot%\\System32\\wsl.exe hostname -I, which starts WSL: only when asked.\n\n"
     "  --adapter PATTERN  the WSL adapter, for neighbor and wsl (default \"vEthernet (WSL*\")\n"
     "  --json             one JSON document on stdout, including every source tried\n\n"
     "Nothing found exits 4 and lists what each source said.\n"},
    {WN_CMD_MODE, {"mode", NULL}, OPT_CONFIG | OPT_ADAPTER,
     "Usage: wslnet mode [--config PATH] [--adapter PATTERN] [--json]\n\n"
     "Shows the networking mode configured in .wslconfig ([wsl2] networkingMode, or its\n"
     "[experimental] alias, read by WSL's rules), the mode in effect (a WSL NAT network\n"
     "present or not), the Windows build, the WSL version, and whether this Windows\n"
     "supports mirrored mode (Windows 11 22H2, build 22621, or later).\n\n"
     "  --config PATH      the .wslconfig to read (default %UserProfile%\\.wslconfig)\n"
     "  --adapter PATTERN  the WSL adapter, evidence of NAT when HNS cannot be read\n"
     "  --json             one JSON document on stdout\n"},
};

static const char overview[] =
    "wslnet - WSL 2 networking from the Windows side\n\n"
    "Usage: wslnet COMMAND [options]\n\n"
    "Commands:\n"
    "  adapter list   list the WSL virtual adapters\n"
    "  address        the WSL VM's IPv4 address, and which source gave it\n"
    "  mode           configured and effective networking mode, OS support\n"
    "  version        wslnet's version\n"
    "  help COMMAND   help for a command (or: wslnet COMMAND --help)\n\n"
    "Every command takes --json for one JSON document on stdout (schemaVersion 1).\n\n"
    EXIT_CODES;

const char *wn_args_help(wn_command command)
{
    size_t i;
    for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (commands[i].command == command)
            return commands[i].help;
    return overview;
}

/* Matches the command words at argv[*pos]; advances *pos past them. */
static const command_spec *match_command(int argc, char **argv, int *pos)
{
    size_t i;
    for (i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        const command_spec *c = &commands[i];
        if (strcmp(argv[*pos], c->words[0]) != 0)
            continue;
        if (!c->words[1]) {
            (*pos)++;
            return c;
        }
        if (*pos + 1 < argc && strcmp(argv[*pos + 1], c->words[1]) == 0) {
            *pos += 2;
            return c;
        }
    }
    return NULL;
}

static int is_option(const char *arg, const char *name, const char **inline_value)
{
    size_t n = strlen(name);
    if (strncmp(arg, name, n) != 0)
        return 0;
    if (arg[n] == '\0') {
        *inline_value = NULL;
        return 1;
    }
    if (arg[n] == '=') {
        *inline_value = arg + n + 1;
        return 1;
    }
    return 0;
}

/* Takes an option's value (inline "--x=v" or the next argument). */
static wslnet_status take_value(int argc, char **argv, int *i, const char *name,
                                const char *inline_value, const char **out, wslnet_error *err)
{
    if (inline_value) {
        *out = inline_value;
    } else if (*i + 1 < argc) {
        *out = argv[++*i];
    } else {
        return wn_fail(err, WSLNET_E_USAGE, 0, "option %s needs a value (see wslnet --help)", name);
    }
    if (!**out)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "option %s needs a non-empty value", name);
    return WSLNET_OK;
}

static wslnet_status parse_option(int argc, char **argv, int *i, unsigned allowed, wn_args *out,
                                  wslnet_error *err)
{
    static const struct { const char *name; unsigned flag; } valued[] = {
        {"--adapter", OPT_ADAPTER}, {"--source", OPT_SOURCE}, {"--config", OPT_CONFIG}};
    const char *arg = argv[*i], *inline_value = NULL, *value = NULL;
    size_t k;
    if (strcmp(arg, "--json") == 0) {
        out->json = 1;
        return WSLNET_OK;
    }
    if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0 || strcmp(arg, "-?") == 0 ||
        strcmp(arg, "/?") == 0) {
        out->help = 1;
        return WSLNET_OK;
    }
    for (k = 0; k < sizeof valued / sizeof valued[0]; k++) {
        wslnet_status st;
        if (!is_option(arg, valued[k].name, &inline_value))
            continue;
        if (!(allowed & valued[k].flag))
            return wn_fail(err, WSLNET_E_USAGE, 0, "option %s does not apply to this command (see wslnet COMMAND --help)",
                           valued[k].name);
        st = take_value(argc, argv, i, valued[k].name, inline_value, &value, err);
        if (st != WSLNET_OK)
            return st;
        if (valued[k].flag == OPT_ADAPTER)
            out->adapter = value;
        else if (valued[k].flag == OPT_CONFIG)
            out->config = value;
        else if (!wn_source_parse(value, &out->source))
            return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                           "--source '%.60s' is not one of auto, hns, registry, neighbor, wsl", value);
        return WSLNET_OK;
    }
    if (arg[0] == '-')
        return wn_fail(err, WSLNET_E_USAGE, 0, "unknown option '%.60s' (see wslnet --help)", arg);
    return wn_fail(err, WSLNET_E_USAGE, 0, "unexpected argument '%.60s' (see wslnet --help)", arg);
}

/* Options seen before the command words are collected first; they are
 * re-checked against the command once it is known. */
wslnet_status wn_args_parse(int argc, char **argv, wn_args *out, wslnet_error *err)
{
    const command_spec *spec = NULL;
    unsigned allowed = OPT_ADAPTER | OPT_SOURCE | OPT_CONFIG;
    int i, help_command = 0;
    wslnet_status st;
    memset(out, 0, sizeof *out);
    for (i = 1; i < argc; i++) { /* --json anywhere, so usage errors come out as JSON too */
        if (strcmp(argv[i], "--json") == 0)
            out->json = 1;
    }
    for (i = 1; i < argc; i++) {
        if (!spec && argv[i][0] != '-') {
            if (!help_command && strcmp(argv[i], "help") == 0) {
                help_command = 1;
                out->help = 1;
                continue;
            }
            if (!(spec = match_command(argc, argv, &i)))
                return wn_fail(err, WSLNET_E_USAGE, 0, "unknown command '%.60s' (see wslnet --help)",
                               argv[i]);
            out->command = spec->command;
            allowed = spec->options;
            i--;
            continue;
        }
        if (strcmp(argv[i], "--version") == 0 && !spec) {
            out->command = WN_CMD_VERSION;
            continue;
        }
        st = parse_option(argc, argv, &i, allowed, out, err);
        if (st != WSLNET_OK)
            return st;
    }
    if (spec && !out->help && ((out->adapter && !(spec->options & OPT_ADAPTER)) ||
                               (out->config && !(spec->options & OPT_CONFIG)) ||
                               (out->source && !(spec->options & OPT_SOURCE))))
        return wn_fail(err, WSLNET_E_USAGE, 0, "an option given does not apply to this command");
    if (!spec && !out->help && out->command == WN_CMD_NONE)
        return wn_fail(err, WSLNET_E_USAGE, 0, "no command given (see wslnet --help)");
    return WSLNET_OK;
}
