/* iphlpsvc.h - the IP Helper service, which owns the port proxy listeners:
 * its state, starting it, and telling it the store changed. */
#ifndef WN_IPHLPSVC_H
#define WN_IPHLPSVC_H

#include "status.h" /* wslnet.h, WN_MUST_CHECK */

#define WN_IPHLPSVC_NAME L"iphlpsvc"

/* Reads the service's state into *out (ABSENT when it does not exist).
 * WSLNET_E_SYSTEM (with *out UNKNOWN) when the service manager cannot say. */
WN_MUST_CHECK
wslnet_status wn_iphlpsvc_state(wslnet_service_state *out, wslnet_error *err);

/* Starts the service and waits up to 30 s for it to run. */
WN_MUST_CHECK
wslnet_status wn_iphlpsvc_start(wslnet_error *err);

/* Sends SERVICE_CONTROL_PARAMCHANGE so the service re-reads the store
 * (after puts and after deletes). */
WN_MUST_CHECK
wslnet_status wn_iphlpsvc_notify(wslnet_error *err);

#endif
