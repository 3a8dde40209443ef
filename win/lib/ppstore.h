/*
 * ppstore.h - the port proxy store (the IP Helper service's registry key) and
 * wslnet's ownership records: read into the snapshot (shared/core/proxyplan.h),
 * changed one value at a time.
 *
 *   store:  HKLM\SYSTEM\CurrentControlSet\Services\PortProxy\<kind>\tcp
 *   owned:  HKLM\SOFTWARE\wslnet\PortProxy\<kind>
 * (64-bit registry view; see shared/core/portproxy.h for the value formats).
 */
#ifndef WN_PPSTORE_H
#define WN_PPSTORE_H

#include "proxyplan.h"

/* Reads the store and the records of every kind into out->rules, ->bad and
 * ->owned (other fields untouched). Missing keys are empty. Free them with
 * wn_ppstore_free (also after a failure). */
wslnet_status wn_ppstore_read(wn_proxy_snapshot *out, wslnet_error *err);

/* Frees what wn_ppstore_read allocated and clears those fields. */
void wn_ppstore_free(wn_proxy_snapshot *snapshot);

/* Applies one change: puts or deletes one value (deleting a missing value
 * is WSLNET_OK). */
WN_MUST_CHECK
wslnet_status wn_ppstore_change(const wn_pp_change *change, wslnet_error *err);

#endif
