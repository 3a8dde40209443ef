/* args.h - wslnet.exe's command line: parsed here, portable and testable. */
#ifndef WN_ARGS_H
#define WN_ARGS_H

#include "wslnet.h"

typedef enum wn_command {
    WN_CMD_NONE = 0,        /* no command: general help */
    WN_CMD_VERSION,
    WN_CMD_ADAPTER_LIST,
    WN_CMD_ADDRESS,
    WN_CMD_MODE,
    WN_CMD_COUNT
} wn_command;

typedef struct wn_args {
    wn_command command;
    int help;               /* --help, -h, or the `help` command */
    int json;
    const char *adapter;    /* --adapter, NULL when not given */
    wslnet_source source;   /* --source, AUTO when not given */
    const char *config;     /* --config, NULL when not given */
} wn_args;

/*
 * Parses argv (UTF-8; argv[0] is the program). WSLNET_E_USAGE for unknown
 * words and options, WSLNET_E_INVALID_INPUT for a bad option value; err says
 * which. out->json is set as soon as --json is seen, so that even a usage
 * error can be reported as JSON.
 */
wslnet_status wn_args_parse(int argc, char **argv, wn_args *out, wslnet_error *err);

/* Help text for a command (WN_CMD_NONE: the overview), static storage. */
const char *wn_args_help(wn_command command);

#endif
