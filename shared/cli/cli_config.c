/* cli_config.c - the command table of the config group: get, set, unset,
 * lint, show (.wslconfig and a distribution's wsl.conf). */
#include "args.h"
#include "commands.h"

#include <stddef.h>

#define FILE_OPTION {"--file", WN_OPT_VALUE, NULL, "PATH", "the file to use (default %UserProfile%\\.wslconfig)"}
#define USER_OPTION                                                                              \
    {"--user", WN_OPT_VALUE, NULL, "NAME", "that user's %UserProfile%\\.wslconfig (for SYSTEM: Group Policy, Intune)"}

static const wn_option_spec read_options[] = {FILE_OPTION, USER_OPTION, WN_OPTION_END};
static const wn_option_spec edit_options[] = {
    FILE_OPTION, USER_OPTION, {"--dry-run", 0, NULL, NULL, "print the change and write nothing"}, WN_OPTION_END};
static const wn_option_spec lint_options[] = {
    FILE_OPTION, USER_OPTION, {"--wsl-conf", 0, NULL, NULL, "the file is a wsl.conf"}, WN_OPTION_END};

const wn_command_spec wn_commands_config[] = {
    {WN_GROUP_CONFIG, WN_CONFIG_GET, {"config", "get", NULL}, read_options, 1, 1,
     "the value WSL uses for a .wslconfig key",
     "Usage: wslnet config get KEY [--file PATH] [--user NAME] [--json]\n\n"
     "Prints the value WSL would use for KEY, alone on one line: the first line that\n"
     "sets it (WSL's parser rules), or WSL's default (empty when WSL computes it).\n"
     "KEY is section.key as WSL names it: wsl2.memory, wsl2.networkingMode,\n"
     "experimental.sparseVhd. --json adds where it came from (line, section, default).\n\n",
     NULL, "configValue", WN_HELP_EXIT_CODES},
    {WN_GROUP_CONFIG, WN_CONFIG_SET, {"config", "set", NULL}, edit_options, 2, 2, "set a .wslconfig key",
     "Usage: wslnet config set KEY VALUE [--file PATH] [--user NAME] [--dry-run] [--json]\n\n"
     "Sets KEY to VALUE, checked with WSL's parser for the key (true/false, 8GB...), and\n"
     "written so that WSL reads it back exactly (backslashes doubled, quotes when needed).\n"
     "The line WSL uses is edited in place (its comment kept); otherwise a line is added to\n"
     "the section, or the section is appended. Every other byte stays: encoding, BOM, line\n"
     "breaks, comments. The file is replaced atomically; the old one is kept as\n"
     "<file>.wslnet-backup. Your own file needs no elevation; --user NAME does.\n\n",
     NULL, "configChange", WN_HELP_EXIT_CODES},
    {WN_GROUP_CONFIG, WN_CONFIG_UNSET, {"config", "unset", NULL}, edit_options, 1, 1,
     "remove a .wslconfig key (WSL then uses its default)",
     "Usage: wslnet config unset KEY [--file PATH] [--user NAME] [--dry-run] [--json]\n\n"
     "Removes every line that sets KEY (also in [experimental] for a promoted key), so\n"
     "that WSL uses its default. Atomic, with a backup, like set.\n\n",
     NULL, "configChange", WN_HELP_EXIT_CODES},
    {WN_GROUP_CONFIG, WN_CONFIG_LINT, {"config", "lint", NULL}, lint_options, 0, 0,
     "lines WSL drops, misreads or ignores in .wslconfig or wsl.conf",
     "Usage: wslnet config lint [--file PATH] [--user NAME] [--wsl-conf] [--json]\n\n"
     "Reports, per line, what WSL does with it and how to fix it: single backslashes, ';'\n"
     "comments, yes/on booleans, lowercase sizes, invalid sections and keys, unknown keys,\n"
     "keys of the other file or section, duplicates, keys needing Windows 11 22H2 on this\n"
     "build, mirrored-only keys in NAT mode, localhostForwarding with mirrored, non-ASCII.\n"
     "--wsl-conf lints a distribution's wsl.conf (--file needed), where WSL stops at the\n"
     "first invalid line. In the JSON document each finding has a line.\n\n",
     NULL, "configLint", "Exit 0 when there is no warning or error, 6 when there is.\n"},
    {WN_GROUP_CONFIG, WN_CONFIG_SHOW, {"config", "show", NULL}, read_options, 0, 0,
     "every .wslconfig key WSL would use, with its origin",
     "Usage: wslnet config show [--file PATH] [--user NAME] [--json]\n\n"
     "Lists every key WSL reads from .wslconfig with the value it would use and where the\n"
     "value comes from: a line of the file, or WSL's default.\n\n",
     NULL, "configShow", WN_HELP_EXIT_CODES},
    {WN_GROUP_NONE, 0, {NULL, NULL, NULL}, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL},
};
