/*
 * proxyapply.h - applying a port proxy plan (shared/core/proxyplan.h) step by
 * step: registry values, host firewall rules, the IP Helper service, and for
 * exposures Hyper-V firewall rules and exposure records (expose_apply.c). Each
 * run is journaled (journal.h) before its first step; a failure undoes the
 * steps done, in reverse, from the states the plan recorded; Ctrl+C, Ctrl+
 * Break and console close wait for the current step, then undo as for a
 * failure. A run that died (killed, power cut) is finished by the next
 * wn_proxy_recover. Callers hold the machine lock (guard.h).
 */
#ifndef WN_PROXYAPPLY_H
#define WN_PROXYAPPLY_H

#include "proxyplan.h"

/*
 * Applies plan (command names it in the journal, e.g. "proxy remove").
 * WSLNET_OK when every step was done. On failure the steps done are undone
 * and err says what failed and whether the undo restored everything; an
 * interruption is WSLNET_E_SYSTEM with code ERROR_OPERATION_ABORTED (995).
 * A failure of the final NOTIFY step keeps the changes (they are made; the
 * service just has not re-read them) and says to restart the service.
 */
wslnet_status wn_proxy_apply(const char *command, const wn_proxy_plan *plan, wslnet_error *err);

/*
 * Finishes an interrupted run found in the journal: rolls it forward (the
 * steps not done, each of which may be repeated safely); when a step fails,
 * rolls back every step of the plan. note[size] gets one line saying what
 * happened ("" when there was no journal). WSLNET_OK when the journal was
 * resolved (forward or back) and removed; an error when it could not be
 * (the journal is then kept for the next run).
 */
wslnet_status wn_proxy_recover(char *note, size_t size, wslnet_error *err);

/* ---- for the DLL's callers holding the planner's forms (policy_engine.c,
 * msica.c); defined in proxy.c */

/* wslnet_proxy_add over an item as the planner holds it (rule text as
 * found, profiles bits, remote normalized). Statuses and *out as
 * wslnet_proxy_add. */
WN_MUST_CHECK
wslnet_status wn_proxy_add_item(const wn_proxy_item *item, const char *adapter_pattern, const char *user,
                                int start_service, int dry_run, wslnet_proxy_result **out, wslnet_error *err);

/* wslnet_proxy_remove of identity's (kind, listen address text as in the
 * store, listen port); its connect side is not read. Statuses and *out as
 * wslnet_proxy_remove. */
WN_MUST_CHECK
wslnet_status wn_proxy_remove_rule(const wn_pp_rule *identity, int force, int start_service, int dry_run,
                                   wslnet_proxy_result **out, wslnet_error *err);

/* ---- shared with exposures (expose_apply.c); defined in proxy.c */

/* What a proxy or exposure decision reads: the snapshot and the VM address
 * it points at. */
typedef struct wn_proxy_reading {
    wn_proxy_snapshot s;
    char vm[46], vm_source[16];
} wn_proxy_reading;

/* Reads everything request needs (request NULL: the list's needs) in one
 * pass: store and records, host firewall rules, service state, VM address
 * (of user; NULL: the caller's, or as SYSTEM the signed-in user's). A change
 * whose request needs the VM address fails when that address is untrusted or
 * ambiguous (WSLNET_E_BAD_DATA, WSLNET_E_INVALID_INPUT); the list shows none.
 * Free with wn_proxy_snapshot_free (also after a failure). */
WN_MUST_CHECK
wslnet_status wn_proxy_snapshot_take(const wn_proxy_request *request, const char *adapter_pattern,
                                     const char *user, wn_proxy_reading *r, wslnet_error *err);
void wn_proxy_snapshot_free(wn_proxy_reading *r);

/* The public record of each planned step into *changes (*count; free()
 * it); a dry run lists no notification (nothing would be there to tell). */
wslnet_status wn_proxy_changes_list(const wn_proxy_plan *plan, int dry_run, wslnet_proxy_change **changes,
                                    size_t *count, wslnet_error *err);

#endif
