/* wslexe.h - running System32's wsl.exe (only when the user asks: it starts WSL). */
#ifndef WN_WSLEXE_H
#define WN_WSLEXE_H

#include "status.h" /* wslnet.h, WN_MUST_CHECK */

#include <stddef.h>
#include <stdint.h>

/*
 * Runs `%SystemRoot%\System32\wsl.exe -e hostname -I` without a window and
 * captures its stdout and stderr (the last 64 KiB). On WSLNET_OK *out is malloc'd (caller
 * frees) and *exit_code is wsl.exe's. WSLNET_E_UNAVAILABLE when wsl.exe is not
 * installed or does not finish within 60 seconds.
 */
WN_MUST_CHECK
wslnet_status wn_wslexe_hostname(uint8_t **out, size_t *len, int *exit_code, wslnet_error *err);

#endif
