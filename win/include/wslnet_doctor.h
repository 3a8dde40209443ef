/*
 * wslnet_doctor.h - part of wslnet's public C API (include wslnet.h):
 * checks of the WSL networking setup, each with a verdict and a fix.
 */
#ifndef WSLNET_DOCTOR_H
#define WSLNET_DOCTOR_H

#include "wslnet.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif
#endif /* WSLNET_DOCTOR_H */
