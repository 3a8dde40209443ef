/*
 * wslnet_proxy.h - part of wslnet's public C API (include wslnet.h):
 * port proxies (netsh interface portproxy's store) with ownership, and their host firewall rules.
 */
#ifndef WSLNET_PROXY_H
#define WSLNET_PROXY_H

#include "wslnet.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif
#endif /* WSLNET_PROXY_H */
