/*
 * journal.h - wslnet's persistent change journal: HKLM\SOFTWARE\wslnet\Journal
 * (64-bit view), written before the first change of a plan and removed after
 * the last, so a run that dies in between leaves a record the next run rolls
 * forward or back (win/lib/proxyapply.c). The key inherits HKLM\SOFTWARE's
 * ACL: only administrators and SYSTEM can write it.
 *
 * Values: "Plan" (REG_SZ, shared/core/proxyplan.h's journal text) and "Done"
 * (REG_DWORD, steps finished).
 */
#ifndef WN_JOURNAL_H
#define WN_JOURNAL_H

#include "wslnet.h"

#include <stddef.h>

/* Writes the plan text with Done = 0 (and flushes the key). */
wslnet_status wn_journal_begin(const char *text, wslnet_error *err);

/* Records that done steps are finished. */
wslnet_status wn_journal_progress(size_t done, wslnet_error *err);

/* Removes the journal. */
wslnet_status wn_journal_end(wslnet_error *err);

/* Reads an interrupted journal: *text (malloc'ed, free() it) and *done;
 * *text NULL when there is none. */
wslnet_status wn_journal_load(char **text, size_t *done, wslnet_error *err);

#endif
