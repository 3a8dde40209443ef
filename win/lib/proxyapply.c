/* proxyapply.c - applying port proxy plans with the journal (proxyapply.h). */
#include <windows.h>

#include "proxyapply.h"

#include "exposestore.h"
#include "hvfwrule.h"
#include "iphlpsvc.h"
#include "journal.h"
#include "netfwclient.h"
#include "ppstore.h"
#include "status.h"
#include "winutil.h"

#include <stdlib.h>

/* ---- console interruption: finish the current step, then undo */

static volatile LONG g_interrupted;
static HANDLE g_idle; /* signalled while no step is running */

/* Ctrl+C / Ctrl+Break: noted, the apply loop stops after the current step.
 * Close / logoff / shutdown: the process ends when this returns, so wait
 * (at most 4 s, under the system's 5 s limit) for the loop to undo first. */
static BOOL WINAPI on_console_event(DWORD type)
{
    InterlockedExchange(&g_interrupted, 1);
    if (type == CTRL_CLOSE_EVENT || type == CTRL_LOGOFF_EVENT || type == CTRL_SHUTDOWN_EVENT)
        WaitForSingleObject(g_idle, 4000);
    return TRUE;
}

/* ---- one step */

static wslnet_status step_apply(const wn_proxy_step *step, wslnet_error *err)
{
    switch (step->op) {
    case WN_PROXY_PUT_RULE:
    case WN_PROXY_DELETE_RULE:
    case WN_PROXY_PUT_OWNED:
    case WN_PROXY_DELETE_OWNED:
        return wn_ppstore_change(&step->reg, err);
    case WN_PROXY_PUT_FIREWALL:
        return wn_hostfw_put(&step->fw, err);
    case WN_PROXY_DELETE_FIREWALL:
        return wn_hostfw_delete(step->fw.name, err);
    case WN_PROXY_START_SERVICE:
        return wn_iphlpsvc_start(err);
    case WN_PROXY_NOTIFY:
        return wn_iphlpsvc_notify(err);
    case WN_PROXY_PUT_HVRULE:
        return wn_hvfw_rule_put(&step->hv, err);
    case WN_PROXY_DELETE_HVRULE:
        return wn_hvfw_rule_delete(step->hv.name, err);
    case WN_PROXY_PUT_EXPOSURE:
        return wn_exposestore_put(&step->exp, err);
    case WN_PROXY_DELETE_EXPOSURE:
        return wn_exposestore_delete(step->exp.name, err);
    default:
        return wn_fail(err, WSLNET_E_INTERNAL, 0, "unknown plan step %d", (int)step->op);
    }
}

/* Undoes steps [0, count) in reverse; 1 when all were undone. A store change
 * undone is followed by a notification, so the service sees the old state. */
static int undo(const wn_proxy_plan *plan, size_t count)
{
    int ok = 1, store = 0;
    size_t i;
    for (i = count; i-- > 0;) {
        wn_proxy_step inverse;
        wslnet_error ignored;
        if (!wn_proxy_step_inverse(&plan->steps[i], &inverse))
            continue;
        store |= inverse.op == WN_PROXY_PUT_RULE || inverse.op == WN_PROXY_DELETE_RULE;
        ok &= step_apply(&inverse, &ignored) == WSLNET_OK;
    }
    if (store) {
        wslnet_error ignored;
        /* Listeners still serving the undone state are not "restored". */
        ok &= wn_iphlpsvc_notify(&ignored) == WSLNET_OK;
    }
    return ok;
}

/* Runs steps [from, plan->count), recording progress; on failure *failed_at
 * is the failing step. */
static wslnet_status run_steps(const wn_proxy_plan *plan, size_t from, size_t *failed_at, wslnet_error *err)
{
    size_t i;
    for (i = from; i < plan->count; i++) {
        wslnet_status st;
        if (g_interrupted) {
            *failed_at = i;
            return wn_fail(err, WSLNET_E_SYSTEM, ERROR_OPERATION_ABORTED, "interrupted (Ctrl+C or console closed)");
        }
        ResetEvent(g_idle);
        st = step_apply(&plan->steps[i], err);
        if (st == WSLNET_OK)
            st = wn_journal_progress(i + 1, err);
        SetEvent(g_idle);
        if (st != WSLNET_OK) {
            *failed_at = i;
            return st;
        }
    }
    return WSLNET_OK;
}

wslnet_status wn_proxy_apply(const char *command, const wn_proxy_plan *plan, wslnet_error *err)
{
    char *text;
    size_t failed_at = 0;
    wslnet_status st;
    wslnet_error ignored;
    if (plan->count == 0)
        return WSLNET_OK;
    if (!(text = wn_proxy_journal_encode(command, plan, 0)))
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    st = wn_journal_begin(text, err);
    free(text);
    if (st != WSLNET_OK)
        return st;
    if (!g_idle)
        g_idle = CreateEventW(NULL, TRUE, TRUE, NULL);
    InterlockedExchange(&g_interrupted, 0);
    SetConsoleCtrlHandler(on_console_event, TRUE);
    st = run_steps(plan, 0, &failed_at, err);
    if (st != WSLNET_OK && plan->steps[failed_at].op == WN_PROXY_NOTIFY && failed_at + 1 == plan->count) {
        wn_journal_end(&ignored);
        SetConsoleCtrlHandler(on_console_event, FALSE);
        return wn_fail(err, st, err->code, "the changes listed were made, but telling the IP Helper service failed "
                       "(%s): restart it (Restart-Service iphlpsvc) for them to take effect", err->message);
    }
    if (st != WSLNET_OK) {
        wslnet_error failure = *err;
        int undone;
        ResetEvent(g_idle);
        undone = undo(plan, failed_at);
        if (undone)
            wn_journal_end(&ignored);
        SetEvent(g_idle);
        st = wn_fail(err, failure.status, failure.code, "%s; %s", failure.message,
                     undone ? "the changes made before it were undone: nothing was changed"
                            : "undoing the earlier changes failed too: the journal is kept and the next wslnet "
                              "change finishes it; check with wslnet proxy list");
    } else {
        st = wn_journal_end(err);
    }
    SetConsoleCtrlHandler(on_console_event, FALSE);
    return st;
}

wslnet_status wn_proxy_recover(char *note, size_t size, wslnet_error *err)
{
    char *text = NULL, command[64];
    wn_proxy_plan plan;
    size_t done = 0, failed_at = 0;
    wslnet_status st = wn_journal_load(&text, &done, err);
    note[0] = '\0';
    if (st != WSLNET_OK || !text)
        return st;
    st = wn_proxy_journal_decode(text, command, sizeof command, &plan, &done, err);
    free(text);
    if (st != WSLNET_OK) {
        wslnet_error ignored;
        /* not ours to act on: say so, and clear it so it cannot block every change */
        wn_snprintf(note, size, "an unreadable change journal was found and removed (%s)", err->message);
        wn_error_clear(err);
        return wn_journal_end(&ignored) == WSLNET_OK ? WSLNET_OK : st;
    }
    /* the step at done may have been half done: every step can be repeated */
    st = run_steps(&plan, done, &failed_at, err);
    if (st == WSLNET_OK) {
        wn_snprintf(note, size, "an interrupted '%s' was finished (rolled forward: %lu of %lu steps had been done)",
                    command, (unsigned long)done, (unsigned long)plan.count);
    } else if (undo(&plan, plan.count)) {
        wn_snprintf(note, size, "an interrupted '%s' could not be finished (%s), so it was rolled back", command,
                    err->message);
        wn_error_clear(err);
        st = WSLNET_OK;
    } else {
        wn_proxy_plan_free(&plan);
        return wn_fail(err, st, err->code, "an interrupted '%s' could be neither finished nor undone (%s); the "
                       "journal is kept: check with wslnet proxy list", command, err->message);
    }
    wn_proxy_plan_free(&plan);
    return st == WSLNET_OK ? wn_journal_end(err) : st;
}
