/* report_policy.c - rendering policy validate / plan / check / apply. */
#include "report_policy.h"

#include "report.h"
#include "strbuf.h"

#include <stdlib.h>

static int add_file(cJSON *doc, const wslnet_policy_result *r)
{
    int bad = 0;
    bad |= (r && r->policy_file[0] ? cJSON_AddStringToObject(doc, "policyFile", r->policy_file)
                                   : cJSON_AddNullToObject(doc, "policyFile")) == NULL;
    bad |= !cJSON_AddStringToObject(doc, "source",
                                    r && r->source == WSLNET_POLICY_SOURCE_GROUP_POLICY ? "groupPolicy" : "argument");
    return !bad;
}

cJSON *wn_json_policy_result(const char *kind, const wslnet_policy_result *r, int apply)
{
    cJSON *doc = wn_json_document(kind), *changes, *failed;
    size_t i;
    int bad = 0;
    if (!doc)
        return NULL;
    bad |= !add_file(doc, r);
    bad |= !cJSON_AddBoolToObject(doc, "compliant", r->change_count == 0);
    bad |= !cJSON_AddNumberToObject(doc, "changeCount", (double)r->change_count);
    bad |= !(changes = cJSON_AddArrayToObject(doc, "changes"));
    for (i = 0; !bad && i < r->change_count; i++) {
        const wslnet_policy_change *c = &r->changes[i];
        cJSON *o = cJSON_CreateObject();
        bad |= !o || !cJSON_AddStringToObject(o, "area", c->area);
        bad |= !o || !cJSON_AddStringToObject(o, "item", c->item);
        bad |= !o || !cJSON_AddStringToObject(o, "change", c->change);
        bad |= !o || (c->user[0] ? cJSON_AddStringToObject(o, "user", c->user) : cJSON_AddNullToObject(o, "user")) == NULL;
        bad |= !o || !cJSON_AddStringToObject(o, "what", c->what);
        if (o && (bad || !cJSON_AddItemToArray(changes, o))) {
            cJSON_Delete(o);
            bad = 1;
        }
    }
    if (apply) {
        bad |= !cJSON_AddNumberToObject(doc, "applied", (double)r->applied);
        bad |= !(failed = cJSON_AddArrayToObject(doc, "failed"));
        for (i = 0; !bad && i < r->failure_count; i++) {
            const wslnet_policy_failure *f = &r->failures[i];
            cJSON *o = cJSON_CreateObject();
            bad |= !o || !cJSON_AddStringToObject(o, "area", f->area);
            bad |= !o || !cJSON_AddStringToObject(o, "item", f->item);
            bad |= !o || !cJSON_AddStringToObject(o, "error", f->error.message);
            if (o && (bad || !cJSON_AddItemToArray(failed, o))) {
                cJSON_Delete(o);
                bad = 1;
            }
        }
    }
    if (bad) {
        cJSON_Delete(doc);
        return NULL;
    }
    return doc;
}

cJSON *wn_json_policy_validate(const wslnet_policy_result *r)
{
    cJSON *doc = wn_json_document("policyValidate"), *errors;
    size_t i;
    int bad = 0;
    if (!doc)
        return NULL;
    bad |= !cJSON_AddBoolToObject(doc, "valid", r && r->valid);
    bad |= !(errors = cJSON_AddArrayToObject(doc, "errors"));
    for (i = 0; !bad && r && i < r->problem_count; i++) {
        cJSON *o = cJSON_CreateObject();
        bad |= !o || !cJSON_AddStringToObject(o, "path", r->problems[i].path);
        bad |= !o || !cJSON_AddStringToObject(o, "message", r->problems[i].message);
        if (o && (bad || !cJSON_AddItemToArray(errors, o))) {
            cJSON_Delete(o);
            bad = 1;
        }
    }
    bad |= !add_file(doc, r);
    if (bad) {
        cJSON_Delete(doc);
        return NULL;
    }
    return doc;
}

char *wn_text_policy_result(const char *command, const wslnet_policy_result *r, int apply)
{
    wn_strbuf b = {0};
    size_t i;
    wn_strbuf_printf(&b, "policy %s (%s)\n", r->policy_file,
                     r->source == WSLNET_POLICY_SOURCE_GROUP_POLICY ? "from Group Policy" : "given");
    for (i = 0; i < r->change_count; i++) {
        const wslnet_policy_change *c = &r->changes[i];
        wn_strbuf_printf(&b, "  %-6s %s %s%s%s: %s\n", c->change, c->area, c->item, c->user[0] ? " for " : "",
                         c->user, c->what);
    }
    for (i = 0; i < r->failure_count; i++)
        wn_strbuf_printf(&b, "  FAILED %s %s: %s\n", r->failures[i].area, r->failures[i].item,
                         r->failures[i].error.message);
    if (!r->change_count)
        wn_strbuf_printf(&b, "%s: the machine complies with the policy; nothing to change\n", command);
    else if (!apply || r->dry_run)
        wn_strbuf_printf(&b, "%s: %u change%s needed%s\n", command, (unsigned)r->change_count,
                         r->change_count == 1 ? "" : "s", r->dry_run ? " (dry run: nothing changed)" : "");
    else
        wn_strbuf_printf(&b, "%s: %u of %u change%s made, %u failed\n", command, (unsigned)r->applied,
                         (unsigned)r->change_count, r->change_count == 1 ? "" : "s", (unsigned)r->failure_count);
    if (r->recovered[0])
        wn_strbuf_printf(&b, "First: %s\n", r->recovered);
    return wn_strbuf_take(&b);
}

char *wn_text_policy_validate(const wslnet_policy_result *r)
{
    wn_strbuf b = {0};
    size_t i;
    for (i = 0; r && i < r->problem_count; i++)
        wn_strbuf_printf(&b, "%s: %s\n", r->problems[i].path, r->problems[i].message);
    if (r && r->valid)
        wn_strbuf_printf(&b, "%s: valid\n", r->policy_file);
    else
        wn_strbuf_printf(&b, "%s: %u problem%s; nothing was read or changed\n", r ? r->policy_file : "policy",
                         r ? (unsigned)r->problem_count : 0u, r && r->problem_count == 1 ? "" : "s");
    return wn_strbuf_take(&b);
}
