/*
 * wslnet_firewall.h - part of wslnet's public C API (include wslnet.h):
 * the Hyper-V firewall for the WSL VM creator, over WMI.
 */
#ifndef WSLNET_FIREWALL_H
#define WSLNET_FIREWALL_H

#include "wslnet.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif
#endif /* WSLNET_FIREWALL_H */
