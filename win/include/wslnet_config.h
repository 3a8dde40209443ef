/*
 * wslnet_config.h - part of wslnet's public C API (include wslnet.h):
 * .wslconfig and wsl.conf: read, edit and lint with WSL's own rules.
 */
#ifndef WSLNET_CONFIG_H
#define WSLNET_CONFIG_H

#include "wslnet.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif
#endif /* WSLNET_CONFIG_H */
