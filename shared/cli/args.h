/*
 * args.h - wslnet.exe's command line, parsed here: portable and testable.
 *
 * Commands come from tables, one per command group (cli_core.c, cli_proxy.c,
 * ...). Each names its words ("proxy", "add"), its options and how many
 * positional arguments it takes. The parser checks the shape only (known
 * words and options, values present, values among the option's choices);
 * what a value means is checked by the command, in shared/, before anything
 * touches the system.
 */
#ifndef WN_ARGS_H
#define WN_ARGS_H

#include "status.h" /* wslnet.h, WN_MUST_CHECK */

#include <stddef.h>

/* The command groups; win/cli dispatches on these. */
typedef enum wn_group {
    WN_GROUP_NONE = 0,
    WN_GROUP_CORE,      /* version, adapter list, address, mode */
    WN_GROUP_PROXY,     /* proxy ... */
    WN_GROUP_FIREWALL,  /* firewall ... */
    WN_GROUP_CONFIG,    /* config ... */
    WN_GROUP_DOCTOR,    /* doctor */
    WN_GROUP_CERTS,     /* certs ... */
    WN_GROUP_SUBNET,    /* subnet ... */
    WN_GROUP_EXPOSE,    /* expose ..., unexpose */
    WN_GROUP_POLICY,    /* policy ... */
    WN_GROUP_COUNT
} wn_group;

#define WN_OPT_VALUE  1u   /* takes a value: --name VALUE or --name=VALUE */
#define WN_OPT_REPEAT 2u   /* may be given more than once (each value kept) */

/* One option of a command, declared once: the parser, the help's option lines
 * (wn_args_help) and the check of docs/cli.md (tests/unit/check_cli_docs.c)
 * read it. */
typedef struct wn_option_spec {
    const char *name;            /* "--to"; NULL ends a list */
    unsigned flags;              /* WN_OPT_* */
    const char *const *choices;  /* allowed values (case-sensitive), NULL-ended; NULL: any */
    const char *value;           /* the value's placeholder in help ("PATTERN"); NULL for a
                                  * flag and for a value with choices (help shows "a|b|c") */
    const char *help;            /* what the option does; each '\n' starts a continuation
                                  * line, indented under the first */
} wn_option_spec;

/* Options several commands share, spelled once. */
#define WN_OPTION_DRY_RUN {"--dry-run", 0, NULL, NULL, "show the changes, change nothing (no elevation needed)"}
#define WN_OPTION_END     {NULL, 0, NULL, NULL, NULL}

typedef struct wn_command_spec {
    wn_group group;
    int id;                          /* the group's own command number */
    const char *words[3];            /* {"firewall", "rule", "add"}; unused words NULL */
    const wn_option_spec *options;   /* NULL-ended; --json and --help are always accepted */
    int min_args, max_args;          /* positional arguments after the words */
    const char *summary;             /* one line for `wslnet --help` */
    const char *help;                /* usage and description: the help before the options */
    const char *help_shared;         /* NULL, or a paragraph several commands share, after
                                      * help: one copy in the binary (a literal concatenated
                                      * into each help would be one copy per command) */
    const char *json_kind;           /* the kind of the command's --json document */
    const char *notes;               /* the help after the options (exit codes...), or NULL */
} wn_command_spec;

#define WN_ARGS_MAX_POSITIONAL 8
#define WN_ARGS_MAX_OPTIONS 64

typedef struct wn_args_option {
    const char *name;    /* the spec's name ("--to") */
    const char *value;   /* NULL for a flag */
} wn_args_option;

typedef struct wn_args {
    const wn_command_spec *command;  /* NULL: no command (overview help) */
    int help;                        /* --help, -h, or the `help` command */
    int json;                        /* --json */
    int positional_count;
    const char *positional[WN_ARGS_MAX_POSITIONAL];
    int option_count;                /* in command-line order */
    wn_args_option options[WN_ARGS_MAX_OPTIONS];
} wn_args;

/*
 * Parses argv (UTF-8; argv[0] is the program; the strings must outlive out).
 * WSLNET_E_USAGE for unknown words and options, a missing value, a wrong
 * number of arguments; WSLNET_E_INVALID_INPUT for an empty value or one not
 * among the option's choices; err says which. out->json is set as soon as
 * --json is seen, so that even a usage error can be reported as JSON.
 * "--" ends the options: what follows is positional.
 */
WN_MUST_CHECK
wslnet_status wn_args_parse(int argc, char **argv, wn_args *out, wslnet_error *err);

/* The last value given for option name, NULL when not given (or a flag). */
const char *wn_args_value(const wn_args *args, const char *name);

/* Whether option name was given (flag or valued). */
int wn_args_has(const wn_args *args, const char *name);

/* Copies up to max values of a repeatable option into out; returns how many
 * were given (which may exceed max). */
size_t wn_args_values(const wn_args *args, const char *name, const char **out, size_t max);

/* Help text for a command (NULL: the overview, built from every table): its
 * help and help_shared, one line per option from its table (and --json's from its JSON kind),
 * then its notes. The returned text is static storage, valid until the next
 * call. */
const char *wn_args_help(const wn_command_spec *command);

/* Finds a command by its words, e.g. ("proxy", "add", NULL); NULL if none. */
const wn_command_spec *wn_args_find(const char *w0, const char *w1, const char *w2);

/* The i-th command of all tables (in `wslnet --help` order), NULL past the last. */
const wn_command_spec *wn_args_command_at(size_t i);

/* The command tables, each ended by an entry whose words[0] is NULL. */
extern const wn_command_spec wn_commands_core[];
extern const wn_command_spec wn_commands_proxy[];
extern const wn_command_spec wn_commands_firewall[];
extern const wn_command_spec wn_commands_config[];
extern const wn_command_spec wn_commands_doctor[];
extern const wn_command_spec wn_commands_certs[];
extern const wn_command_spec wn_commands_subnet[];
extern const wn_command_spec wn_commands_expose[];
extern const wn_command_spec wn_commands_policy[];

/* The library names the C API's fields in its messages ("profiles: 'x' is
 * not ..."); the command line names options. When err is invalidInput or usage
 * and its message starts with a field that is an option of some command, the
 * field becomes the option ("--profile: 'x' is not ..."). */
void wn_args_name_option(wslnet_error *err);

/* Shared help text: the exit codes, for the end of a command's help; expanded
 * from WSLNET_STATUS_MAP (`wslnet help` lists what each means). */
#define WN_HELP_EXIT_CODE_(constant, code, name, meaning) " " #code "=" name
#define WN_HELP_EXIT_CODES                                                                         \
    "Exit codes (what each means: wslnet help):\n " WSLNET_STATUS_MAP(WN_HELP_EXIT_CODE_) "\n"

#endif
