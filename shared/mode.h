/* mode.h - networking mode: what .wslconfig configures, what the OS supports. */
#ifndef WN_MODE_H
#define WN_MODE_H

#include "wslnet.h"

/* First build of Windows 11 22H2, where mirrored mode and the Hyper-V firewall exist. */
#define WN_BUILD_WIN11_22H2 22621u

/* Fills info's configured* fields from .wslconfig text (UTF-8; NULL when there
 * is no file): WSL reads [wsl2] networkingMode and its [experimental] alias,
 * first valid line wins; an invalid value leaves WSL's default, NAT. */
void wn_mode_apply_config(const char *text, wslnet_mode_info *info);

/* 1 when a Windows build supports mirrored networking. */
int wn_mode_mirrored_supported(uint32_t build);

#endif
