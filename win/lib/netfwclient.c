/* netfwclient.c - host firewall rules through INetFwPolicy2 (see netfwclient.h). */
#define COBJMACROS
#include <windows.h>
#include <initguid.h>
#include <ole2.h>
#include <oleauto.h>
#include <netfw.h>

#include "netfwclient.h"

#include "portproxy.h"
#include "status.h"
#include "winutil.h"

#include <stdlib.h>
#include <string.h>

#define HR_NOT_FOUND HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)

/* ---- validation */

static wslnet_status check_name(const char *name, wslnet_error *err)
{
    if (!name || !wn_hostfw_name_valid(name))
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "firewall rule name is empty, too long, 'all', or holds '|' or control characters");
    return WSLNET_OK;
}

/* Checks every field; the RemoteAddresses to set goes to remote. */
static wslnet_status check_rule(const wn_hostfw_rule *rule, char *remote, size_t size,
                                wslnet_error *err)
{
    wslnet_status st = check_name(rule->name, err);
    if (st != WSLNET_OK)
        return st;
    if (memchr(rule->description, '\0', sizeof rule->description) == NULL ||
        strchr(rule->description, '|'))
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "firewall rule description is not terminated or holds '|'");
    if (rule->port == 0)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "firewall rule port 0 is not valid; use 1-65535");
    if (!wn_hostfw_profiles_valid(rule->profiles))
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "firewall rule profiles 0x%x are not valid; use domain, private, public or any",
                       rule->profiles);
    if (memchr(rule->local, '\0', sizeof rule->local) == NULL ||
        (rule->local[0] && !wn_pp_listen_address_valid(WN_PP_V4TOV4, rule->local) &&
         !wn_pp_listen_address_valid(WN_PP_V6TOV6, rule->local)) || strcmp(rule->local, "*") == 0)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "firewall rule local address is not one address");
    if (memchr(rule->service, '\0', sizeof rule->service) == NULL || strpbrk(rule->service, "|,\\/ "))
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "firewall rule service name is not a service name");
    if (memchr(rule->remote, '\0', sizeof rule->remote) == NULL)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "firewall rule remote addresses are not terminated");
    return wn_hostfw_remote_parse(rule->remote, remote, size, err);
}

/* ---- a COM session: the policy's Rules collection */

typedef struct session {
    int uninitialize;    /* CoUninitialize at the end */
    INetFwPolicy2 *policy;
    INetFwRules *rules;
} session;

static void session_close(session *s)
{
    if (s->rules)
        INetFwRules_Release(s->rules);
    if (s->policy)
        INetFwPolicy2_Release(s->policy);
    wn_com_leave(s->uninitialize);
    memset(s, 0, sizeof *s);
}

static wslnet_status session_open(session *s, wslnet_error *err)
{
    HRESULT hr;
    memset(s, 0, sizeof *s);
    if (FAILED(hr = wn_com_enter(&s->uninitialize)))
        return wn_fail_hr(err, hr, "CoInitializeEx");
    hr = CoCreateInstance(&CLSID_NetFwPolicy2, NULL, CLSCTX_INPROC_SERVER, &IID_INetFwPolicy2,
                          (void **)&s->policy);
    if (FAILED(hr)) {
        session_close(s);
        return wn_fail_hr(err, hr, "CoCreateInstance(NetFwPolicy2)");
    }
    hr = INetFwPolicy2_get_Rules(s->policy, &s->rules);
    if (FAILED(hr) || !s->rules) {
        session_close(s);
        return wn_fail_hr(err, FAILED(hr) ? hr : E_POINTER, "INetFwPolicy2.get_Rules");
    }
    return WSLNET_OK;
}

/* ---- reading rules */

/* Reads a BSTR property as UTF-8 into buf ("" for a NULL BSTR). */
static HRESULT read_text(INetFwRule *r, HRESULT(STDMETHODCALLTYPE *get)(INetFwRule *, BSTR *),
                         char *buf, size_t size)
{
    BSTR b = NULL;
    HRESULT hr = get(r, &b);
    if (SUCCEEDED(hr))
        wn_utf8_from_wide(b ? b : L"", buf, size);
    SysFreeString(b);
    return hr;
}

/* 1 when BSTR b (NULL = "") equals wide, ordinal; case-insensitive on request. */
static int bstr_is(BSTR b, const wchar_t *wide, int ignore_case)
{
    const wchar_t *s = b ? b : L"";
    return CompareStringOrdinal(s, -1, wide, -1, ignore_case ? TRUE : FALSE) == CSTR_EQUAL;
}

/* A rule as read back, with what decides ownership and shape. */
typedef struct read_rule {
    wn_hostfw_rule rule;
    int owned;       /* Grouping is exactly WN_HOSTFW_GROUPING */
    int canonical;   /* the shape wn_hostfw_put creates (see rule_shape_ok) */
} read_rule;

/* Reads what wslnet cares about of one rule. */
static HRESULT rule_read(INetFwRule *r, read_rule *out)
{
    char text[WN_HOSTFW_REMOTE_MAX], grouping[64];
    BSTR b = NULL;
    LONG protocol = 0, profiles = 0;
    NET_FW_RULE_DIRECTION dir = 0;
    NET_FW_ACTION action = 0;
    VARIANT_BOOL enabled = VARIANT_FALSE, edge = VARIANT_FALSE;
    VARIANT ifs;
    HRESULT hr;
    int empty_extras = 1;
    uint16_t port = 0;
    memset(out, 0, sizeof *out);
    hr = read_text(r, r->lpVtbl->get_Name, out->rule.name, sizeof out->rule.name);
    if (SUCCEEDED(hr))
        hr = read_text(r, r->lpVtbl->get_Description, out->rule.description,
                       sizeof out->rule.description);
    if (SUCCEEDED(hr))
        hr = read_text(r, r->lpVtbl->get_Grouping, grouping, sizeof grouping);
    if (SUCCEEDED(hr))
        hr = read_text(r, r->lpVtbl->get_LocalPorts, text, sizeof text);
    if (SUCCEEDED(hr) && wn_pp_port_parse(text, &port))
        out->rule.port = port;
    if (SUCCEEDED(hr))
        hr = read_text(r, r->lpVtbl->get_RemoteAddresses, out->rule.remote, sizeof out->rule.remote);
    if (SUCCEEDED(hr))
        hr = INetFwRule_get_Profiles(r, &profiles);
    if (FAILED(hr))
        return hr;
    out->rule.profiles = (unsigned)profiles;
    out->owned = strcmp(grouping, WN_HOSTFW_GROUPING) == 0;
    /* the scope: "*" (any) reads as "" */
    if (FAILED(read_text(r, r->lpVtbl->get_LocalAddresses, out->rule.local, sizeof out->rule.local)) ||
        strcmp(out->rule.local, "*") == 0)
        out->rule.local[0] = '\0';
    if (FAILED(read_text(r, r->lpVtbl->get_ServiceName, out->rule.service, sizeof out->rule.service)))
        out->rule.service[0] = '\0';

    /* The rest only decides whether the rule has exactly wslnet's shape:
     * a failing getter just means "not canonical". */
    if (FAILED(INetFwRule_get_Protocol(r, &protocol)) || FAILED(INetFwRule_get_Direction(r, &dir)) ||
        FAILED(INetFwRule_get_Action(r, &action)) || FAILED(INetFwRule_get_Enabled(r, &enabled)) ||
        FAILED(INetFwRule_get_EdgeTraversal(r, &edge)))
        return S_OK;
    if (SUCCEEDED(INetFwRule_get_RemotePorts(r, &b)))
        empty_extras &= bstr_is(b, L"", 0) || bstr_is(b, L"*", 0);
    SysFreeString(b);
    b = NULL;
    if (SUCCEEDED(INetFwRule_get_ApplicationName(r, &b)))
        empty_extras &= bstr_is(b, L"", 0);
    SysFreeString(b);
    b = NULL;
    if (SUCCEEDED(INetFwRule_get_InterfaceTypes(r, &b)))
        empty_extras &= bstr_is(b, L"All", 1);
    SysFreeString(b);
    VariantInit(&ifs);
    if (SUCCEEDED(INetFwRule_get_Interfaces(r, &ifs)))
        empty_extras &= V_VT(&ifs) == VT_EMPTY || V_VT(&ifs) == VT_NULL;
    else
        empty_extras = 0;
    VariantClear(&ifs);
    if (protocol == NET_FW_IP_PROTOCOL_UDP)
        out->rule.protocol = WN_HOSTFW_UDP;
    else if (protocol == NET_FW_IP_PROTOCOL_TCP)
        out->rule.protocol = WN_HOSTFW_TCP;
    out->canonical = empty_extras && port != 0 && out->rule.protocol != 0 &&
                     dir == NET_FW_RULE_DIR_IN && action == NET_FW_ACTION_ALLOW &&
                     enabled != VARIANT_FALSE && edge == VARIANT_FALSE;
    return S_OK;
}

/* Every rule of one name. */
typedef struct observed {
    unsigned count;          /* rules of the name */
    int foreign;             /* some rule of the name is not wslnet's */
    read_rule first;         /* the first rule of the name (when count > 0) */
} observed;

/* Calls fn(rule, ctx) for every rule of the collection, in order, until fn
 * fails; *call names the COM call when the listing itself fails. */
static HRESULT for_each_rule(session *s, HRESULT (*fn)(INetFwRule *, void *), void *ctx, const char **call)
{
    IUnknown *unk = NULL;
    IEnumVARIANT *en = NULL;
    HRESULT hr = INetFwRules_get__NewEnum(s->rules, &unk);
    *call = "INetFwRules.get__NewEnum";
    if (SUCCEEDED(hr) && unk)
        hr = IUnknown_QueryInterface(unk, &IID_IEnumVARIANT, (void **)&en);
    if (unk)
        IUnknown_Release(unk);
    if (FAILED(hr) || !en)
        return FAILED(hr) ? hr : E_POINTER;
    *call = "IEnumVARIANT.Next (listing firewall rules)";
    for (;;) {
        VARIANT v;
        ULONG got = 0;
        INetFwRule *r = NULL;
        VariantInit(&v);
        hr = IEnumVARIANT_Next(en, 1, &v, &got);
        if (hr != S_OK || got != 1) {
            VariantClear(&v);
            if (SUCCEEDED(hr))
                hr = S_OK; /* S_FALSE: the end */
            break;
        }
        if (V_VT(&v) == VT_DISPATCH && V_DISPATCH(&v) &&
            SUCCEEDED(IDispatch_QueryInterface(V_DISPATCH(&v), &IID_INetFwRule, (void **)&r))) {
            hr = fn(r, ctx);
            INetFwRule_Release(r);
        }
        VariantClear(&v);
        if (FAILED(hr))
            break;
    }
    IEnumVARIANT_Release(en);
    return hr;
}

typedef struct observe_ctx {
    const wchar_t *wname;
    observed *obs;
} observe_ctx;

/* Folds one rule into ctx->obs when its name is ctx->wname. */
static HRESULT observe_one(INetFwRule *r, void *context)
{
    const observe_ctx *ctx = context;
    const wchar_t *wname = ctx->wname;
    observed *obs = ctx->obs;
    read_rule rr;
    BSTR b = NULL;
    HRESULT hr = INetFwRule_get_Name(r, &b);
    int match = SUCCEEDED(hr) && bstr_is(b, wname, 1);
    SysFreeString(b);
    if (FAILED(hr) || !match)
        return hr;
    hr = rule_read(r, &rr);
    if (FAILED(hr))
        return hr;
    if (obs->count++ == 0)
        obs->first = rr;
    if (!rr.owned)
        obs->foreign = 1;
    return S_OK;
}

/* Looks at every rule named wname: Item first (absent: done), then the
 * whole collection for duplicates. */
static wslnet_status observe(session *s, const wchar_t *wname, observed *obs, wslnet_error *err)
{
    BSTR bname = SysAllocString(wname);
    INetFwRule *item = NULL;
    observed by_item;
    observe_ctx ctx = {wname, obs};
    const char *call;
    HRESULT hr;
    memset(obs, 0, sizeof *obs);
    memset(&by_item, 0, sizeof by_item);
    if (!bname)
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    hr = INetFwRules_Item(s->rules, bname, &item);
    SysFreeString(bname);
    if (hr == HR_NOT_FOUND)
        return WSLNET_OK;
    if (FAILED(hr) || !item)
        return wn_fail_hr(err, FAILED(hr) ? hr : E_POINTER, "INetFwRules.Item");
    hr = rule_read(item, &by_item.first);
    INetFwRule_Release(item);
    if (FAILED(hr))
        return wn_fail_hr(err, hr, "INetFwRule (reading a rule)");

    hr = for_each_rule(s, observe_one, &ctx, &call);
    if (FAILED(hr))
        return wn_fail_hr(err, hr, call);
    /* Item found a rule: whatever the listing says, it counts. */
    if (!by_item.first.owned)
        obs->foreign = 1;
    if (obs->count == 0) {
        obs->count = 1;
        obs->first = by_item.first;
    }
    return WSLNET_OK;
}

static wslnet_status refuse_foreign(const char *name, wslnet_error *err)
{
    return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                   "a firewall rule named '%s' exists and is not wslnet's (its group is not '%s'); "
                   "wslnet leaves it alone: rename or remove it, or use another listen address or port",
                   name, WN_HOSTFW_GROUPING);
}

/* ---- writing rules */

/* Sets a BSTR property from UTF-8. */
static HRESULT put_text(INetFwRule *r, HRESULT(STDMETHODCALLTYPE *put)(INetFwRule *, BSTR),
                        const char *utf8)
{
    wchar_t *wide = wn_wide_from_utf8(utf8);
    BSTR b = wide ? SysAllocString(wide) : NULL;
    HRESULT hr;
    free(wide);
    if (!b)
        return E_OUTOFMEMORY;
    hr = put(r, b);
    SysFreeString(b);
    return hr;
}

/* A new, not yet added rule object with every property of rule set. On
 * failure *call names the COM call that failed. */
static HRESULT rule_build(const wn_hostfw_rule *rule, const char *remote, INetFwRule **out,
                          const char **call)
{
    INetFwRule *r = NULL;
    char port[8];
    HRESULT hr;
    *out = NULL;
    *call = "CoCreateInstance(NetFwRule)";
    hr = CoCreateInstance(&CLSID_NetFwRule, NULL, CLSCTX_INPROC_SERVER, &IID_INetFwRule, (void **)&r);
    if (FAILED(hr))
        return hr;
    wn_snprintf(port, sizeof port, "%u", (unsigned)rule->port);
#define STEP(name, expr)                                                                         \
    if (SUCCEEDED(hr)) {                                                                         \
        *call = "INetFwRule." name;                                                              \
        hr = (expr);                                                                             \
    }
    STEP("put_Name", put_text(r, r->lpVtbl->put_Name, rule->name))
    STEP("put_Description", put_text(r, r->lpVtbl->put_Description, rule->description))
    STEP("put_Grouping", put_text(r, r->lpVtbl->put_Grouping, WN_HOSTFW_GROUPING))
    /* Protocol before LocalPorts: Windows refuses ports on a rule of any protocol. */
    STEP("put_Protocol", INetFwRule_put_Protocol(r, wn_hostfw_protocol(rule)))
    STEP("put_LocalPorts", put_text(r, r->lpVtbl->put_LocalPorts, port))
    STEP("put_RemoteAddresses", put_text(r, r->lpVtbl->put_RemoteAddresses, remote))
    if (rule->local[0])
        STEP("put_LocalAddresses", put_text(r, r->lpVtbl->put_LocalAddresses, rule->local))
    if (rule->service[0])
        STEP("put_ServiceName", put_text(r, r->lpVtbl->put_ServiceName, rule->service))
    STEP("put_Direction", INetFwRule_put_Direction(r, NET_FW_RULE_DIR_IN))
    STEP("put_Action", INetFwRule_put_Action(r, NET_FW_ACTION_ALLOW))
    STEP("put_Profiles", INetFwRule_put_Profiles(r, (LONG)rule->profiles))
    STEP("put_InterfaceTypes", put_text(r, r->lpVtbl->put_InterfaceTypes, "All"))
    STEP("put_Enabled", INetFwRule_put_Enabled(r, VARIANT_TRUE))
#undef STEP
    if (FAILED(hr)) {
        INetFwRule_Release(r);
        return hr;
    }
    *out = r;
    return S_OK;
}

/* Removes every rule of the name (count of them, as observed). */
static wslnet_status remove_all(session *s, const wchar_t *wname, unsigned count, wslnet_error *err)
{
    BSTR bname = SysAllocString(wname);
    INetFwRule *left = NULL;
    HRESULT hr = S_OK;
    unsigned i;
    if (!bname)
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    for (i = 0; i < count && SUCCEEDED(hr); i++)
        hr = INetFwRules_Remove(s->rules, bname);
    if (SUCCEEDED(hr)) {
        hr = INetFwRules_Item(s->rules, bname, &left);
        if (SUCCEEDED(hr)) {
            INetFwRule_Release(left);
            SysFreeString(bname);
            return wn_fail(err, WSLNET_E_SYSTEM, 0,
                           "a firewall rule of this name is still there after %u removals", count);
        }
        if (hr == HR_NOT_FOUND)
            hr = S_OK;
    }
    SysFreeString(bname);
    return FAILED(hr) ? wn_fail_hr(err, hr, "INetFwRules.Remove") : WSLNET_OK;
}

/* 1 when the observed single rule already is exactly the wanted one. */
static int already_there(const observed *obs, const wn_hostfw_rule *rule, const char *remote)
{
    const read_rule *f = &obs->first;
    return obs->count == 1 && f->owned && f->canonical && f->rule.port == rule->port &&
           wn_hostfw_protocol(&f->rule) == wn_hostfw_protocol(rule) &&
           f->rule.profiles == rule->profiles && strcmp(f->rule.description, rule->description) == 0 &&
           strcmp(f->rule.remote, remote) == 0 && _stricmp(f->rule.local, rule->local) == 0 &&
           _stricmp(f->rule.service, rule->service) == 0;
}

/* Adds rule back after a failed replacement; says how that went in err. */
static void restore(session *s, const read_rule *old, HRESULT add_hr, wslnet_error *err)
{
    char remote[WN_HOSTFW_REMOTE_MAX];
    const char *call;
    INetFwRule *r = NULL;
    wslnet_error ignored;
    HRESULT hr = E_FAIL;
    wslnet_status st = wn_fail_hr(err, add_hr, "INetFwRules.Add");
    if (wn_hostfw_remote_parse(old->rule.remote, remote, sizeof remote, &ignored) == WSLNET_OK &&
        wn_hostfw_profiles_valid(old->rule.profiles) && old->rule.port != 0 &&
        SUCCEEDED(rule_build(&old->rule, remote, &r, &call))) {
        hr = INetFwRules_Add(s->rules, r);
        INetFwRule_Release(r);
    }
    {
        char msg[WSLNET_MESSAGE_MAX];
        wn_strlcpy(msg, sizeof msg, err ? err->message : "");
        wn_fail(err, st, (uint32_t)add_hr, "%s; %s", msg,
                SUCCEEDED(hr) ? "the previous rule was put back"
                              : "the previous rule was removed and could not be put back");
    }
}

/* ---- the API */

wslnet_status wn_hostfw_put(const wn_hostfw_rule *rule, wslnet_error *err)
{
    char remote[WN_HOSTFW_REMOTE_MAX];
    wchar_t *wname;
    session s;
    observed obs;
    INetFwRule *fresh = NULL;
    const char *call;
    HRESULT hr;
    wslnet_status st;
    if (!rule)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "no firewall rule given");
    st = check_rule(rule, remote, sizeof remote, err);
    if (st != WSLNET_OK)
        return st;
    wname = wn_wide_from_utf8(rule->name);
    if (!wname)
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    st = session_open(&s, err);
    if (st == WSLNET_OK)
        st = observe(&s, wname, &obs, err);
    if (st == WSLNET_OK && obs.foreign)
        st = refuse_foreign(rule->name, err);
    if (st == WSLNET_OK && already_there(&obs, rule, remote)) {
        session_close(&s);
        free(wname);
        wn_error_clear(err);
        return WSLNET_OK;
    }
    if (st == WSLNET_OK) {
        hr = rule_build(rule, remote, &fresh, &call);
        if (FAILED(hr))
            st = wn_fail_hr(err, hr, call);
    }
    if (st == WSLNET_OK && obs.count > 0)
        st = remove_all(&s, wname, obs.count, err);
    if (st == WSLNET_OK) {
        hr = INetFwRules_Add(s.rules, fresh);
        if (FAILED(hr)) {
            if (obs.count > 0)
                restore(&s, &obs.first, hr, err);
            else
                wn_fail_hr(err, hr, "INetFwRules.Add");
            st = err ? err->status : wn_status_from_hresult(hr);
        }
    }
    if (fresh)
        INetFwRule_Release(fresh);
    session_close(&s);
    free(wname);
    if (st == WSLNET_OK)
        wn_error_clear(err);
    return st;
}

wslnet_status wn_hostfw_delete(const char *name, wslnet_error *err)
{
    wchar_t *wname;
    session s;
    observed obs;
    wslnet_status st = check_name(name, err);
    if (st != WSLNET_OK)
        return st;
    wname = wn_wide_from_utf8(name);
    if (!wname)
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    st = session_open(&s, err);
    if (st == WSLNET_OK)
        st = observe(&s, wname, &obs, err);
    if (st == WSLNET_OK && obs.foreign)
        st = refuse_foreign(name, err);
    if (st == WSLNET_OK && obs.count > 0)
        st = remove_all(&s, wname, obs.count, err);
    session_close(&s);
    free(wname);
    if (st == WSLNET_OK)
        wn_error_clear(err);
    return st;
}

wslnet_status wn_hostfw_get(const char *name, wn_hostfw_rule *out, int *found, int *owned,
                            wslnet_error *err)
{
    wchar_t *wname;
    session s;
    observed obs;
    wslnet_status st = check_name(name, err);
    if (found)
        *found = 0;
    if (owned)
        *owned = 0;
    if (out)
        memset(out, 0, sizeof *out);
    if (st != WSLNET_OK)
        return st;
    wname = wn_wide_from_utf8(name);
    if (!wname)
        return wn_fail(err, WSLNET_E_NO_MEMORY, 0, "out of memory");
    st = session_open(&s, err);
    if (st == WSLNET_OK)
        st = observe(&s, wname, &obs, err);
    session_close(&s);
    free(wname);
    if (st != WSLNET_OK)
        return st;
    if (found)
        *found = obs.count > 0;
    if (owned)
        *owned = obs.count > 0 && !obs.foreign;
    if (out && obs.count > 0)
        *out = obs.first.rule;
    wn_error_clear(err);
    return WSLNET_OK;
}

typedef struct collect_ctx {
    const char *prefix;
    wn_hostfw_found *list;
    size_t count, cap;
} collect_ctx;

/* Folds one rule into ctx's list when its name starts with the prefix (ASCII
 * case-insensitive), one entry per name. */
static HRESULT collect_one(INetFwRule *r, void *context)
{
    collect_ctx *c = context;
    read_rule rr;
    size_t i;
    HRESULT hr = rule_read(r, &rr);
    if (FAILED(hr) || _strnicmp(rr.rule.name, c->prefix, strlen(c->prefix)) != 0)
        return hr;
    for (i = 0; i < c->count; i++)
        if (_stricmp(c->list[i].rule.name, rr.rule.name) == 0) {
            c->list[i].count++;
            c->list[i].owned &= rr.owned;
            return S_OK;
        }
    if (c->count == c->cap) {
        size_t grown = c->cap ? c->cap * 2 : 16;
        wn_hostfw_found *more = realloc(c->list, grown * sizeof *more);
        if (!more)
            return E_OUTOFMEMORY;
        c->list = more;
        c->cap = grown;
    }
    memset(&c->list[c->count], 0, sizeof *c->list);
    c->list[c->count].rule = rr.rule;
    c->list[c->count].count = 1;
    c->list[c->count].owned = rr.owned;
    c->list[c->count].canonical = rr.canonical;
    c->count++;
    return S_OK;
}

wslnet_status wn_hostfw_find_prefix(const char *prefix, wn_hostfw_found **out, size_t *count, wslnet_error *err)
{
    collect_ctx ctx = {prefix, NULL, 0, 0};
    const char *call;
    session s;
    HRESULT hr;
    wslnet_status st;
    *out = NULL;
    *count = 0;
    if ((st = session_open(&s, err)) != WSLNET_OK)
        return st;
    hr = for_each_rule(&s, collect_one, &ctx, &call);
    session_close(&s);
    if (FAILED(hr)) {
        free(ctx.list);
        return wn_fail_hr(err, hr, call);
    }
    *out = ctx.list;
    *count = ctx.count;
    wn_error_clear(err);
    return WSLNET_OK;
}
