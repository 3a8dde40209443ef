/*
 * ppstore.h - the port proxy store (the IP Helper service's registry key) and
 * wslnet's ownership records, read into a snapshot and changed by a plan.
 *
 *   store:  HKLM\SYSTEM\CurrentControlSet\Services\PortProxy\<kind>\tcp
 *   owned:  HKLM\SOFTWARE\wslnet\PortProxy\<kind>
 * (64-bit registry view; see shared/portproxy.h for the value formats).
 */
#ifndef WN_PPSTORE_H
#define WN_PPSTORE_H

#include "portproxy.h"

/* A registry value as found, for values that are not valid rules or records. */
typedef struct wn_pp_raw {
    wn_pp_kind kind;
    char name[300];
    char data[300];
    char why[160];          /* why it is not valid */
} wn_pp_raw;

typedef struct wn_pp_snapshot {
    wn_pp_rule *rules;      /* valid store values, every kind */
    size_t rule_count;
    wn_pp_raw *bad;         /* store values that are not valid rules */
    size_t bad_count;
    wn_pp_owned *owned;     /* valid ownership records */
    size_t owned_count;
} wn_pp_snapshot;

/* Reads the store and the records of every kind. Missing keys are empty.
 * On WSLNET_OK free *out with wn_ppstore_free (also after a failure). */
WN_MUST_CHECK
wslnet_status wn_ppstore_read(wn_pp_snapshot *out, wslnet_error *err);

void wn_ppstore_free(wn_pp_snapshot *snapshot);

/*
 * Applies plan->changes in order. Before each change the value's previous
 * state is kept; when a change fails, the ones already applied are undone in
 * reverse, and err says what failed and whether the undo restored
 * everything. *writes (may be NULL) gets the number of registry writes and
 * deletes done (0 for an empty plan).
 */
WN_MUST_CHECK
wslnet_status wn_ppstore_apply(const wn_pp_plan *plan, size_t *writes, wslnet_error *err);

/* The journal of an apply, so a later failure (firewall, service) can undo it. */
typedef struct wn_pp_journal wn_pp_journal;

/* As wn_ppstore_apply, but on success keeps the journal in *journal (NULL
 * for an empty plan) for wn_ppstore_undo or wn_ppstore_journal_free. */
WN_MUST_CHECK
wslnet_status wn_ppstore_apply_journaled(const wn_pp_plan *plan, wn_pp_journal **journal,
                                         wslnet_error *err);

/* Restores every value the journal's apply changed; WSLNET_OK when all were
 * restored. Frees the journal. */
WN_MUST_CHECK
wslnet_status wn_ppstore_undo(wn_pp_journal *journal, wslnet_error *err);

void wn_ppstore_journal_free(wn_pp_journal *journal);

#endif
