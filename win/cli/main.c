/* main.c - wslnet.exe: parses the command line and hands it to the command's
 * group (cmd_<group>.c). Nothing here decides anything; see shared/cli/args.c. */
#include "cli.h"

#include <stdlib.h>

static int run(int argc, char **argv)
{
    static int (*const runners[WN_GROUP_COUNT])(const wn_args *) = {
        [WN_GROUP_CORE] = wn_run_core,         [WN_GROUP_PROXY] = wn_run_proxy,
        [WN_GROUP_FIREWALL] = wn_run_firewall, [WN_GROUP_CONFIG] = wn_run_config,
        [WN_GROUP_DOCTOR] = wn_run_doctor,     [WN_GROUP_CERTS] = wn_run_certs,
        [WN_GROUP_SUBNET] = wn_run_subnet,     [WN_GROUP_EXPOSE] = wn_run_expose,
        [WN_GROUP_POLICY] = wn_run_policy,
    };
    wn_args args;
    wslnet_error err;
    if (wn_args_parse(argc, argv, &args, &err) != WSLNET_OK)
        return wn_out_error(args.json, &err);
    if (args.help) {
        wn_out_text(STD_OUTPUT_HANDLE, wn_args_help(args.command));
        return 0;
    }
    return runners[args.command->group](&args);
}

int wmain(int argc, wchar_t **wargv)
{
    char **argv = calloc((size_t)argc + 1, sizeof *argv);
    int i, code;
    /* DLLs loaded from now on (delay-loaded system DLLs included) come from
     * System32 only, never from the exe's folder or the current directory: a
     * copy of wslnet.exe in a writable folder must not load a planted DLL. */
    SetDefaultDllDirectories(LOAD_LIBRARY_SEARCH_SYSTEM32);
    if (!argv)
        return wslnet_status_exit_code(WSLNET_E_NO_MEMORY);
    for (i = 0; i < argc; i++) {
        int n = WideCharToMultiByte(CP_UTF8, 0, wargv[i], -1, NULL, 0, NULL, NULL);
        argv[i] = n > 0 ? malloc((size_t)n) : NULL;
        if (!argv[i] || !WideCharToMultiByte(CP_UTF8, 0, wargv[i], -1, argv[i], n, NULL, NULL)) {
            wn_out_text(STD_ERROR_HANDLE, "wslnet: cannot read the command line\n");
            return wslnet_status_exit_code(WSLNET_E_INTERNAL);
        }
    }
    code = run(argc, argv);
    for (i = 0; i < argc; i++)
        free(argv[i]);
    free(argv);
    return code;
}
