/* cli_certs.c - the command table of the certs group: export, install. */
#include "args.h"
#include "commands.h"

#include <stddef.h>

/* The options selecting certificates, shared by export and install. */
#define SELECT_OPTIONS                                                                             \
    {"--store", WN_OPT_VALUE | WN_OPT_REPEAT, NULL, "LIST",                                        \
     "stores to read, comma-separated or repeated (default\n"                                      \
     "machine,user,enterprise,policy):\n"                                                           \
     "  machine     LocalMachine\\Root\n"                                                           \
     "  user        CurrentUser\\Root\n"                                                            \
     "  enterprise  LocalMachineEnterprise\\Root (published in Active Directory)\n"                 \
     "  policy      LocalMachineGroupPolicy\\Root (deployed by Group Policy)\n"                     \
     "  ca          LocalMachine\\CA and CurrentUser\\CA (intermediate CAs)\n"                      \
     "all = every one of them"},                                                                    \
    {"--intermediate", 0, NULL, NULL, "add the intermediate CAs (same as adding --store ca)"},      \
    {"--subject", WN_OPT_VALUE | WN_OPT_REPEAT, NULL, "TEXT",                                       \
     "only certificates whose subject contains TEXT (case-insensitive;\n"                          \
     "repeat for any of several)"},                                                                 \
    {"--thumbprint", WN_OPT_VALUE | WN_OPT_REPEAT, NULL, "HEX",                                     \
     "only the certificate with this SHA-1 thumbprint (40 hex digits,\n"                           \
     "any case, spaces allowed; repeat for several). With --subject too,\n"                         \
     "a certificate must match both."}

#define SELECT_NOTE                                                                                      \
    "Expired and not yet valid certificates are skipped; one found in several stores is\n"              \
    "exported once. A store that does not exist or cannot be opened is reported, not fatal.\n\n"

static const wn_option_spec export_options[] = {
    {"--out", WN_OPT_VALUE, NULL, "FILE", "write one PEM bundle to FILE (replaced atomically)"},
    {"--dir", WN_OPT_VALUE, NULL, "DIR",
     "write one <name>-<thumbprint>.crt per certificate into DIR\n"
     "(created if missing; other files in it are left alone)\n"
     "Neither: the bundle goes to stdout."},
    SELECT_OPTIONS,
    WN_OPTION_END};
static const wn_option_spec install_options[] = {
    {"--distro", WN_OPT_VALUE, NULL, "NAME", "the distribution (wsl.exe --list): letters, digits, '.', '_', '-'"},
    SELECT_OPTIONS,
    {"--dry-run", 0, NULL, NULL, "show the plan (files, wsl.exe command) and run nothing"},
    {"--allow-distro-code", 0, NULL, NULL,
     "needed when elevated: the distro's own programs run, and its\n"
     "owner controls them (refused otherwise, exit 2)"},
    WN_OPTION_END};

const wn_command_spec wn_commands_certs[] = {
    {WN_GROUP_CERTS, WN_CERTS_EXPORT, {"certs", "export", NULL}, export_options, 0, 0,
     "export Windows' root CAs as PEM (bundle or one .crt each)",
     "Usage: wslnet certs export [--out FILE | --dir DIR] [--store LIST] [--intermediate]\n"
     "                           [--subject TEXT] [--thumbprint HEX] [--json]\n\n"
     "Exports the trusted root certificates of Windows (crypt32, read-only) as PEM, for\n"
     "WSL distros and Linux tools: corporate roots (enterprise, Group Policy) included.\n"
     "The JSON document lists the certificates (subject, issuer, thumbprint, validity,\n"
     "store) and where they were written; with --json and neither --out nor --dir\n"
     "nothing is written.\n\n",
     SELECT_NOTE, "certsExport", "Nothing matched exits 4. Needs no elevation.\n"},
    {WN_GROUP_CERTS, WN_CERTS_INSTALL, {"certs", "install", NULL}, install_options, 0, 0,
     "install Windows' root CAs into a WSL distro",
     "Usage: wslnet certs install --distro NAME [--store LIST] [--intermediate]\n"
     "                            [--subject TEXT] [--thumbprint HEX] [--dry-run]\n"
     "                            [--allow-distro-code] [--json]\n\n"
     "Puts the certificates `certs export` selects into the distro's\n"
     "/usr/local/share/ca-certificates/wslnet/ (replacing what wslnet put there before, so\n"
     "roots removed on Windows leave the distro too) and runs update-ca-certificates, as\n"
     "root, through %SystemRoot%\\System32\\wsl.exe -d NAME -u root; the files travel on its\n"
     "stdin. It starts the distro if it is not running.\n\n",
     SELECT_NOTE, "certsInstall",
     "It changes the distro, not Windows: no elevation needed (run it as the user who owns\n"
     "the distro; SYSTEM has no distros). Exit 9 when the distro has no\n"
     "update-ca-certificates (Debian/Ubuntu's ca-certificates package), 10 when wsl.exe or\n"
     "the script failed, 5 when WSL is not installed.\n"},
    {WN_GROUP_NONE, 0, {NULL, NULL, NULL}, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL},
};
