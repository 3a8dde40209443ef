/* cli.h - wslnet.exe internals: output helpers and one runner per command
 * group (cmd_<group>.c). Runners return the process exit code. */
#ifndef WN_CLI_H
#define WN_CLI_H

#include <windows.h>

#include "args.h"
#include "commands.h"
#include "report.h"
#include "wslnet.h"

/* Writes UTF-8 text to STD_OUTPUT_HANDLE or STD_ERROR_HANDLE: WriteConsoleW on
 * a console, the bytes themselves on a pipe or file. */
void wn_out_text(DWORD which, const char *text);

/* Prints doc (taking ownership) on stdout; returns status's exit code. */
int wn_out_json(cJSON *doc, wslnet_status status);

/* Prints text (taking ownership, free()) on stdout; returns status's exit code.
 * NULL text means out of memory. */
int wn_out_owned_text(char *text, wslnet_status status);

/* Reports err: a JSON error document on stdout with json, else
 * "wslnet: message" on stderr. Returns err->status's exit code. */
int wn_out_error(int json, const wslnet_error *err);

/* A warning for a person ("wslnet: warning: ..." on stderr); never with --json,
 * where warnings go into the document. */
void wn_out_warning(const char *text);

/* When this process is elevated and args lack --allow-distro-code, reports
 * why `command` (which runs code from a WSL distro) is refused, sets *code to
 * the exit code and returns 1; returns 0 when it may run. */
int wn_distro_code_refused(const wn_args *args, const char *command, int *code);

int wn_run_core(const wn_args *args);
int wn_run_proxy(const wn_args *args);
int wn_run_expose(const wn_args *args);
int wn_run_firewall(const wn_args *args);
int wn_run_config(const wn_args *args);
int wn_run_doctor(const wn_args *args);
int wn_run_certs(const wn_args *args);
int wn_run_subnet(const wn_args *args);
int wn_run_policy(const wn_args *args);

#endif
