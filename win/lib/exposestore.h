/*
 * exposestore.h - wslnet's exposure records: REG_SZ values "<proto>-<port>"
 * under HKLM\SOFTWARE\wslnet\Exposures (64-bit view; the key inherits
 * HKLM\SOFTWARE's ACL: only administrators and SYSTEM write it). Text form:
 * shared/core/expose_plan.h (wn_expose_record_encode).
 */
#ifndef WN_EXPOSESTORE_H
#define WN_EXPOSESTORE_H

#include "expose_plan.h"

/* Every valid record into *records (*count; free() it); values wslnet did
 * not write are skipped. No key: none. */
wslnet_status wn_exposestore_read(wn_expose_record **records, size_t *count, wslnet_error *err);

/* Writes the record (creating the key). */
wslnet_status wn_exposestore_put(const wn_proxy_exposure *record, wslnet_error *err);

/* Deletes the record named name; already gone is WSLNET_OK. */
wslnet_status wn_exposestore_delete(const char *name, wslnet_error *err);

#endif
