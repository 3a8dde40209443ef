/* eventlog.c - one event to the Event Log as the source "wslnet" (eventlog.h). */
#include "eventlog.h"

#include <stdlib.h>

#include "winutil.h"

#define WN_EVENT_MAX_STRINGS 16

/* The event type ReportEventW wants, from the severity bits of a message ID
 * (the top two bits, as windmc lays them out in wslnet_events.h). */
static WORD event_type(DWORD id)
{
    switch (id >> 30) {
    case STATUS_SEVERITY_WARNING:
        return EVENTLOG_WARNING_TYPE;
    case STATUS_SEVERITY_ERROR:
        return EVENTLOG_ERROR_TYPE;
    default:
        return EVENTLOG_INFORMATION_TYPE;
    }
}

wslnet_status wn_event_report(DWORD id, const char *const *strings, WORD count, wslnet_error *err)
{
    wchar_t *wide[WN_EVENT_MAX_STRINGS] = {0};
    wslnet_status st = WSLNET_OK;
    HANDLE source = NULL;
    WORD i;

    if (count > WN_EVENT_MAX_STRINGS || (count > 0 && strings == NULL))
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "an event takes at most %d insertion strings",
                       WN_EVENT_MAX_STRINGS);
    for (i = 0; i < count; i++) {
        wide[i] = wn_wide_from_utf8(strings[i] != NULL ? strings[i] : "");
        if (wide[i] == NULL) {
            st = wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory for an event's text");
            goto done;
        }
    }
    source = RegisterEventSourceW(NULL, WN_EVENT_SOURCE);
    if (source == NULL) {
        st = wn_fail_win32(err, GetLastError(), "RegisterEventSourceW(wslnet)");
        goto done;
    }
    if (!ReportEventW(source, event_type(id), 0, id, NULL, count, 0, (LPCWSTR *)wide, NULL))
        st = wn_fail_win32(err, GetLastError(), "ReportEventW(wslnet)");
    DeregisterEventSource(source);
done:
    for (i = 0; i < count; i++)
        free(wide[i]);
    return st;
}
