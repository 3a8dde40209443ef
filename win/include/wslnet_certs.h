/*
 * wslnet_certs.h - part of wslnet's public C API (include wslnet.h):
 * Windows trusted root and enterprise CAs, exported as PEM for WSL.
 */
#ifndef WSLNET_CERTS_H
#define WSLNET_CERTS_H

#include "wslnet.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif
#endif /* WSLNET_CERTS_H */
