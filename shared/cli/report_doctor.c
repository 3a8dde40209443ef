/* report_doctor.c - the doctor's report as JSON and as text. */
#include "report_doctor.h"

#include "doctor_judge.h"
#include "report.h"
#include "strbuf.h"

static const char *overall(const wslnet_doctor_report *r)
{
    return r->fail ? "fail" : r->warn ? "warn" : "ok";
}

cJSON *wn_json_doctor(const wslnet_doctor_report *r)
{
    cJSON *doc = wn_json_document("doctor"), *summary, *checks;
    size_t i;
    int bad = 0;
    if (!doc)
        return NULL;
    if (r->port)
        bad |= !cJSON_AddNumberToObject(doc, "port", r->port);
    else
        bad |= !cJSON_AddNullToObject(doc, "port");
    bad |= !cJSON_AddStringToObject(doc, "verdict", overall(r));
    bad |= !cJSON_AddNumberToObject(doc, "exitCode", wn_doctor_exit_code(r));
    bad |= !(summary = cJSON_AddObjectToObject(doc, "summary"));
    if (summary) {
        bad |= !cJSON_AddNumberToObject(summary, "ok", (double)r->ok);
        bad |= !cJSON_AddNumberToObject(summary, "warn", (double)r->warn);
        bad |= !cJSON_AddNumberToObject(summary, "fail", (double)r->fail);
        bad |= !cJSON_AddNumberToObject(summary, "skipped", (double)r->skipped);
    }
    bad |= !(checks = cJSON_AddArrayToObject(doc, "checks"));
    for (i = 0; checks && i < r->count; i++) {
        const wslnet_doctor_check *c = &r->checks[i];
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(checks, o)) {
            cJSON_Delete(o);
            bad = 1;
            break;
        }
        bad |= !cJSON_AddStringToObject(o, "id", c->id);
        bad |= !cJSON_AddStringToObject(o, "title", c->title);
        bad |= !cJSON_AddStringToObject(o, "verdict", wn_verdict_name(c->verdict));
        bad |= !cJSON_AddStringToObject(o, "detail", c->detail);
        bad |= !cJSON_AddStringToObject(o, "hint", c->hint);
        bad |= !cJSON_AddStringToObject(o, "fix", c->fix);
    }
    if (bad) {
        cJSON_Delete(doc);
        return NULL;
    }
    return doc;
}

char *wn_text_doctor(const wslnet_doctor_report *r)
{
    wn_strbuf b = {0};
    size_t i;
    for (i = 0; i < r->count; i++) {
        const wslnet_doctor_check *c = &r->checks[i];
        wn_strbuf_printf(&b, "[%-7s] %-17s %s\n", wn_verdict_name(c->verdict), c->id, c->detail);
        if (c->hint[0])
            wn_strbuf_printf(&b, "%-27s %s\n", "", c->hint);
        if (c->fix[0])
            wn_strbuf_printf(&b, "%-27s fix: %s\n", "", c->fix);
    }
    wn_strbuf_printf(&b, "%s: %u ok, %u warn, %u fail, %u skipped\n", overall(r), (unsigned)r->ok,
                     (unsigned)r->warn, (unsigned)r->fail, (unsigned)r->skipped);
    return wn_strbuf_take(&b);
}
