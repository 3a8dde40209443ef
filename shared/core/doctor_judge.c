/* doctor_judge.c - the verdicts of `wslnet doctor` from a snapshot (see doctor_judge.h). */
#include "doctor_judge.h"

#include "ipv4.h"
#include "portproxy.h"
#include "source.h"
#include "status.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIX_PROXY_SYNC "wslnet proxy sync"
#define FIX_START_IPHLPSVC "sc start iphlpsvc"
#define FIX_START_WSL "wsl.exe --exec true"
#define FIX_EXPOSE_SYNC "wslnet expose sync"

const char *wn_verdict_name(wslnet_verdict verdict)
{
    switch (verdict) {
    case WSLNET_VERDICT_OK: return "ok";
    case WSLNET_VERDICT_WARN: return "warn";
    case WSLNET_VERDICT_FAIL: return "fail";
    case WSLNET_VERDICT_SKIPPED: return "skipped";
    }
    return "unknown";
}

void wn_doctor_snapshot_init(wn_doctor_snapshot *s)
{
    wslnet_error *parts[] = {&s->mode_error,  &s->adapter_error, &s->address_error,
                             &s->lint_error,  &s->proxy_error,   &s->hostfw_error,
                             &s->hvfw_error,  &s->hvfw_rules_error, &s->route_error,
                             &s->expose_error};
    size_t i;
    memset(s, 0, sizeof *s);
    for (i = 0; i < sizeof parts / sizeof parts[0]; i++)
        wn_fail(parts[i], WSLNET_E_UNAVAILABLE, 0, "not read");
}

wslnet_status wn_doctor_port_parse(const char *text, uint16_t *out, wslnet_error *err)
{
    *out = 0;
    if (!text)
        return WSLNET_OK;
    if (!wn_pp_port_parse(text, out))
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0,
                       "--port '%.40s' is not a port: give a number from 1 to 65535", text);
    return WSLNET_OK;
}

/* Fills the identity of a check and its verdict; detail, hint, fix empty. */
static void check_start(wslnet_doctor_check *out, const char *id, const char *title, wslnet_verdict v)
{
    memset(out, 0, sizeof *out);
    wn_strlcpy(out->id, sizeof out->id, id);
    wn_strlcpy(out->title, sizeof out->title, title);
    out->verdict = v;
}

static int mode_read(const wn_doctor_snapshot *s) { return s->mode_error.status == WSLNET_OK; }

/* A mode without WSL's NAT network in effect (the resolver's answer, mode_rules.c):
 * mirrored, Consomme or None: no NAT adapter, no VM address, no subnet. */
static int mirrored(const wn_doctor_snapshot *s)
{
    return mode_read(s) && (strcmp(s->mode.effective, "mirrored") == 0 || strcmp(s->mode.effective, "consomme") == 0 ||
                            strcmp(s->mode.effective, "none") == 0);
}

/* "mirrored networking", "consomme networking", ... for skip details. */
static const char *mode_words(const wn_doctor_snapshot *s)
{
    return strcmp(s->mode.effective, "mirrored") == 0   ? "mirrored networking"
           : strcmp(s->mode.effective, "consomme") == 0 ? "Consomme networking (user-mode NAT)"
                                                        : "networking mode None";
}

/* ------------------------------------------------------------------ mode */

void wn_doctor_check_mode(const wn_doctor_snapshot *s, wslnet_doctor_check *out)
{
    const wslnet_mode_info *m = &s->mode;
    check_start(out, "mode", "Networking mode and OS support", WSLNET_VERDICT_OK);
    if (!mode_read(s)) {
        out->verdict = WSLNET_VERDICT_WARN;
        wn_snprintf(out->detail, sizeof out->detail, "the networking mode could not be read: %s",
                    s->mode_error.message);
        wn_strlcpy(out->hint, sizeof out->hint, "run wslnet mode for details");
        wn_strlcpy(out->fix, sizeof out->fix, "wslnet mode");
        return;
    }
    if (strcmp(m->effective, "unknown") != 0 && strcmp(m->configured, m->effective) != 0 && m->step_count > 0) {
        /* WSL's own rules (policy, fallbacks) change the mode: say which one, as WSL would */
        const wslnet_mode_step *why = &m->steps[m->step_count - 1];
        size_t i;
        for (i = 0; i < m->step_count; i++)
            if (strcmp(m->steps[i].mode, m->configured) != 0) {
                why = &m->steps[i];
                break;
            }
        out->verdict = strncmp(why->rule, "policy", 6) == 0 ? WSLNET_VERDICT_WARN : WSLNET_VERDICT_FAIL;
        wn_snprintf(out->detail, sizeof out->detail, "networkingMode=%s, but WSL runs %s: %s (%s)", m->configured,
                    m->effective, why->text, why->source);
        if (strncmp(why->rule, "policy", 6) == 0) {
            wn_strlcpy(out->hint, sizeof out->hint, "Group Policy decides the mode on this machine");
            wn_strlcpy(out->fix, sizeof out->fix, "wslnet mode");
        } else {
            wn_snprintf(out->hint, sizeof out->hint, "configure %s, or give Windows what %s needs",
                        m->effective, m->configured);
            wn_snprintf(out->fix, sizeof out->fix, "wslnet config set wsl2.networkingMode %s", m->effective);
        }
        return;
    }
    if (m->config_warning[0]) {
        out->verdict = WSLNET_VERDICT_WARN;
        wn_snprintf(out->detail, sizeof out->detail, "%s", m->config_warning);
        wn_snprintf(out->hint, sizeof out->hint, "correct the line in %s", m->config_path);
        wn_strlcpy(out->fix, sizeof out->fix, "wslnet config lint");
        return;
    }
    wn_snprintf(out->detail, sizeof out->detail, "configured %s%s, running %s, Windows build %u",
                m->configured, m->configured_is_default ? " (default)" : "", m->effective,
                (unsigned)m->windows_build);
}

/* --------------------------------------------------------------- adapter */

/* The first adapter with an IPv4 address and that address; NULL when none. */
static const wslnet_adapter *wsl_adapter(const wn_doctor_snapshot *s, const wslnet_ip **ip)
{
    size_t i, j;
    if (!s->adapters || s->adapter_error.status != WSLNET_OK)
        return NULL;
    for (i = 0; i < s->adapters->count; i++) {
        const wslnet_adapter *a = &s->adapters->items[i];
        for (j = 0; j < a->address_count && j < WSLNET_ADDRESS_MAX; j++) {
            if (a->addresses[j].family == 4) {
                *ip = &a->addresses[j];
                return a;
            }
        }
    }
    return NULL;
}

int wn_doctor_wsl_subnet(const wn_doctor_snapshot *s, uint32_t *net, uint8_t *length, uint32_t *if_index)
{
    const wslnet_ip *ip = NULL;
    const wslnet_adapter *a = wsl_adapter(s, &ip);
    uint32_t addr, mask;
    if (!a || !wn_ipv4_parse(ip->address, &addr) || ip->prefix_length > 32)
        return 0;
    mask = ip->prefix_length ? 0xFFFFFFFFu << (32 - ip->prefix_length) : 0;
    *net = addr & mask;
    *length = ip->prefix_length;
    if (if_index)
        *if_index = a->if_index;
    return 1;
}

void wn_doctor_check_adapter(const wn_doctor_snapshot *s, wslnet_doctor_check *out)
{
    const wslnet_ip *ip = NULL;
    const wslnet_adapter *a;
    check_start(out, "adapter", "WSL virtual adapter", WSLNET_VERDICT_FAIL);
    if (mirrored(s)) {
        out->verdict = WSLNET_VERDICT_SKIPPED;
        wn_snprintf(out->detail, sizeof out->detail, "%s: there is no WSL NAT adapter", mode_words(s));
        return;
    }
    wn_strlcpy(out->fix, sizeof out->fix, FIX_START_WSL);
    if (s->adapter_error.status == WSLNET_E_NOT_FOUND) {
        wn_snprintf(out->detail, sizeof out->detail, "no network adapter matches '%s'", s->adapter_pattern);
        wn_strlcpy(out->hint, sizeof out->hint,
                   "start WSL once (Windows creates the adapter then), or pass --adapter with a "
                   "pattern that wslnet adapter list --adapter * shows");
        return;
    }
    if (s->adapter_error.status != WSLNET_OK) {
        wn_snprintf(out->detail, sizeof out->detail, "the adapters could not be read: %s",
                    s->adapter_error.message);
        out->fix[0] = '\0';
        wn_strlcpy(out->hint, sizeof out->hint, "run wslnet adapter list for details");
        return;
    }
    if (!(a = wsl_adapter(s, &ip))) {
        wn_snprintf(out->detail, sizeof out->detail, "'%s' matches %u adapter(s), none with an IPv4 address",
                    s->adapter_pattern, (unsigned)(s->adapters ? s->adapters->count : 0));
        wn_strlcpy(out->hint, sizeof out->hint, "start WSL: its NAT network gives the adapter its address");
        return;
    }
    out->fix[0] = '\0';
    if (a->oper_status != WSLNET_OPER_UP) {
        out->verdict = WSLNET_VERDICT_WARN;
        wn_snprintf(out->detail, sizeof out->detail, "%s %s/%u is not up", a->name, ip->address,
                    (unsigned)ip->prefix_length);
        wn_strlcpy(out->hint, sizeof out->hint, "restart WSL so that Windows brings the adapter up");
        wn_strlcpy(out->fix, sizeof out->fix, "wsl.exe --shutdown");
        return;
    }
    out->verdict = WSLNET_VERDICT_OK;
    wn_snprintf(out->detail, sizeof out->detail, "%s %s/%u, up", a->name, ip->address,
                (unsigned)ip->prefix_length);
}

/* --------------------------------------------------------------- address */

void wn_doctor_check_address(const wn_doctor_snapshot *s, wslnet_doctor_check *out)
{
    uint32_t net, vm;
    uint8_t len;
    check_start(out, "address", "WSL VM address", WSLNET_VERDICT_OK);
    if (mirrored(s)) {
        out->verdict = WSLNET_VERDICT_SKIPPED;
        wn_snprintf(out->detail, sizeof out->detail, "%s: the VM has no NAT address", mode_words(s));
        return;
    }
    if (s->address_error.status != WSLNET_OK) {
        out->verdict = WSLNET_VERDICT_FAIL;
        wn_snprintf(out->detail, sizeof out->detail, "no source knows the VM's address: %s",
                    s->address_error.message);
        wn_strlcpy(out->hint, sizeof out->hint, "start WSL, then run wslnet address to see every source");
        wn_strlcpy(out->fix, sizeof out->fix, FIX_START_WSL);
        return;
    }
    wn_snprintf(out->detail, sizeof out->detail, "%s (from %s)", s->address.address,
                wn_source_name(s->address.source));
    if (wn_doctor_wsl_subnet(s, &net, &len, NULL) && wn_ipv4_parse(s->address.address, &vm) &&
        !wn_ipv4_same_subnet(net, vm, len)) {
        char text[20];
        wn_ipv4_format(net, text, sizeof text);
        out->verdict = WSLNET_VERDICT_WARN;
        wn_snprintf(out->detail, sizeof out->detail, "%s (from %s) is outside the WSL adapter's subnet %s/%u",
                    s->address.address, wn_source_name(s->address.source), text, (unsigned)len);
        wn_strlcpy(out->hint, sizeof out->hint,
                   "the source is out of date: start WSL so that HNS reports the current address");
        wn_strlcpy(out->fix, sizeof out->fix, FIX_START_WSL);
    }
}

/* ---------------------------------------------------------------- config */

void wn_doctor_check_config(const wn_doctor_snapshot *s, wslnet_doctor_check *out)
{
    check_start(out, "config", ".wslconfig lint", WSLNET_VERDICT_OK);
    if (s->lint_error.status == WSLNET_E_UNSUPPORTED) {
        out->verdict = WSLNET_VERDICT_SKIPPED;
        wn_snprintf(out->detail, sizeof out->detail, "%s", s->lint_error.message);
        return;
    }
    if (s->lint_error.status != WSLNET_OK) {
        out->verdict = WSLNET_VERDICT_WARN;
        wn_snprintf(out->detail, sizeof out->detail, "could not lint %s: %s", s->lint_path,
                    s->lint_error.message);
        wn_strlcpy(out->fix, sizeof out->fix, "wslnet config lint");
        return;
    }
    if (s->lint_errors + s->lint_warnings == 0) {
        wn_snprintf(out->detail, sizeof out->detail, "%s: WSL reads every line as written",
                    s->lint_path[0] ? s->lint_path : "no .wslconfig (WSL uses defaults)");
        return;
    }
    out->verdict = WSLNET_VERDICT_WARN;
    wn_snprintf(out->detail, sizeof out->detail, "%s: %u error(s), %u warning(s); line %u: %s",
                s->lint_path, (unsigned)s->lint_errors, (unsigned)s->lint_warnings, (unsigned)s->lint_first_line,
                s->lint_first_message);
    wn_strlcpy(out->hint, sizeof out->hint, "WSL drops, misreads or ignores these lines: see each finding's fix");
    wn_strlcpy(out->fix, sizeof out->fix, "wslnet config lint");
}

/* -------------------------------------------------------------- proxies */

static int proxies_read(const wn_doctor_snapshot *s)
{
    return s->proxies && s->proxy_error.status == WSLNET_OK;
}

static size_t owned_count(const wn_doctor_snapshot *s)
{
    size_t i, n = 0;
    for (i = 0; proxies_read(s) && i < s->proxies->count; i++)
        n += s->proxies->entries[i].owned != 0;
    return n;
}

/* The `wslnet proxy add` command that recreates an owned entry (and its rule). */
static void proxy_add_command(const wslnet_proxy_entry *e, char *buf, size_t size)
{
    char extra[160] = "";
    size_t n = 0;
    if (strcmp(e->kind, "v4tov4") != 0)
        n += (size_t)snprintf(extra + n, sizeof extra - n, " --kind %s", e->kind);
    if (n < sizeof extra && e->listen_address[0] && strcmp(e->listen_address, "0.0.0.0") != 0 &&
        strcmp(e->listen_address, "::") != 0)
        n += (size_t)snprintf(extra + n, sizeof extra - n, " --listen-address %s", e->listen_address);
    if (n < sizeof extra && e->connect_port && e->connect_port != e->listen_port)
        snprintf(extra + n, sizeof extra - n, " --connect-port %u", (unsigned)e->connect_port);
    wn_snprintf(buf, size, "wslnet proxy add %u --to %s%s", (unsigned)e->listen_port,
                e->target[0] ? e->target : "wsl", extra);
}

void wn_doctor_check_iphlpsvc(const wn_doctor_snapshot *s, wslnet_doctor_check *out)
{
    size_t owned = owned_count(s);
    const char *state;
    check_start(out, "iphlpsvc", "IP Helper service (port proxies)", WSLNET_VERDICT_OK);
    if (!proxies_read(s)) {
        out->verdict = WSLNET_VERDICT_SKIPPED;
        wn_snprintf(out->detail, sizeof out->detail, "its state could not be read: %s", s->proxy_error.message);
        return;
    }
    state = wslnet_service_state_name(s->proxies->service);
    if (s->proxies->service == WSLNET_SERVICE_RUNNING) {
        wn_strlcpy(out->detail, sizeof out->detail, "running");
        return;
    }
    /* Not running: it only matters for proxies, so a failure when wslnet has some. */
    out->verdict = owned ? WSLNET_VERDICT_FAIL : WSLNET_VERDICT_WARN;
    if (owned)
        wn_snprintf(out->detail, sizeof out->detail, "%s: wslnet's %u port prox%s", state,
                    (unsigned)owned, owned == 1 ? "y does not listen" : "ies do not listen");
    else
        wn_snprintf(out->detail, sizeof out->detail, "%s: port proxies will not listen", state);
    switch (s->proxies->service) {
    case WSLNET_SERVICE_STOPPED:
        wn_strlcpy(out->hint, sizeof out->hint, "start it (PowerShell: Start-Service iphlpsvc)");
        wn_strlcpy(out->fix, sizeof out->fix, FIX_START_IPHLPSVC);
        break;
    case WSLNET_SERVICE_DISABLED:
        wn_strlcpy(out->hint, sizeof out->hint,
                   "enable and start it (PowerShell: Set-Service iphlpsvc -StartupType Automatic; "
                   "Start-Service iphlpsvc)");
        wn_strlcpy(out->fix, sizeof out->fix, "sc config iphlpsvc start= auto && " FIX_START_IPHLPSVC);
        break;
    case WSLNET_SERVICE_ABSENT:
        wn_strlcpy(out->hint, sizeof out->hint,
                   "this Windows has no IP Helper service: port proxies cannot work here");
        break;
    default:
        out->verdict = WSLNET_VERDICT_WARN;
        wn_strlcpy(out->hint, sizeof out->hint, "query it: sc query iphlpsvc");
        wn_strlcpy(out->fix, sizeof out->fix, "sc query iphlpsvc");
        break;
    }
}

void wn_doctor_check_proxies(const wn_doctor_snapshot *s, wslnet_doctor_check *out)
{
    size_t i, owned = 0, bad = 0, unknown = 0;
    const wslnet_proxy_entry *first = NULL;
    check_start(out, "proxies", "wslnet's port proxies point at the VM", WSLNET_VERDICT_OK);
    if (!proxies_read(s)) {
        out->verdict = WSLNET_VERDICT_WARN;
        wn_snprintf(out->detail, sizeof out->detail, "the port proxy store could not be read: %s",
                    s->proxy_error.message);
        wn_strlcpy(out->fix, sizeof out->fix, "wslnet proxy list");
        return;
    }
    for (i = 0; i < s->proxies->count; i++) {
        const wslnet_proxy_entry *e = &s->proxies->entries[i];
        if (!e->owned)
            continue;
        owned++;
        if (e->stale || e->missing) {
            if (!bad++)
                first = e;
        } else if (strcmp(e->target, "wsl") == 0 && !s->proxies->vm_address[0]) {
            unknown++;
        }
    }
    if (bad) {
        out->verdict = WSLNET_VERDICT_FAIL;
        if (first->missing)
            wn_snprintf(out->detail, sizeof out->detail,
                        "%u of %u proxies need a sync; %s %s:%u was deleted by someone else", (unsigned)bad, (unsigned)owned,
                        first->kind, first->listen_address, (unsigned)first->listen_port);
        else
            wn_snprintf(out->detail, sizeof out->detail,
                        "%u of %u proxies are stale; %s:%u goes to %s, the VM is at %s", (unsigned)bad, (unsigned)owned,
                        first->listen_address, (unsigned)first->listen_port, first->connect_address,
                        s->proxies->vm_address);
        wn_strlcpy(out->hint, sizeof out->hint, "re-point wslnet's proxies at the VM's current address");
        wn_strlcpy(out->fix, sizeof out->fix, FIX_PROXY_SYNC);
        return;
    }
    if (unknown) {
        out->verdict = WSLNET_VERDICT_WARN;
        wn_snprintf(out->detail, sizeof out->detail,
                    "%u proxies follow the VM, whose address is unknown: cannot tell whether they are current",
                    (unsigned)unknown);
        wn_strlcpy(out->hint, sizeof out->hint, "start WSL, then run this again");
        wn_strlcpy(out->fix, sizeof out->fix, FIX_START_WSL);
        return;
    }
    wn_snprintf(out->detail, sizeof out->detail, "%u of wslnet's, all current; %u other rule(s) not checked",
                (unsigned)owned, (unsigned)(s->proxies->count - owned));
}

/* --------------------------------------------------------- host firewall */

void wn_doctor_check_host_firewall(const wn_doctor_snapshot *s, wslnet_doctor_check *out)
{
    size_t i, missing = 0;
    const wn_doctor_hostfw *first = NULL;
    check_start(out, "host-firewall", "Host firewall rule for each proxied port", WSLNET_VERDICT_OK);
    if (!proxies_read(s)) {
        out->verdict = WSLNET_VERDICT_SKIPPED;
        wn_strlcpy(out->detail, sizeof out->detail, "the port proxies could not be read");
        return;
    }
    if (s->hostfw_error.status != WSLNET_OK) {
        out->verdict = WSLNET_VERDICT_SKIPPED;
        wn_snprintf(out->detail, sizeof out->detail, "the host firewall could not be read: %s",
                    s->hostfw_error.message);
        return;
    }
    if (s->hostfw_count == 0) {
        out->verdict = WSLNET_VERDICT_SKIPPED;
        wn_strlcpy(out->detail, sizeof out->detail, "wslnet has no port proxies");
        return;
    }
    for (i = 0; i < s->hostfw_count; i++) {
        if (!s->hostfw[i].found && !missing++)
            first = &s->hostfw[i];
    }
    if (missing) {
        const wslnet_proxy_entry *e = &s->proxies->entries[first->entry];
        out->verdict = WSLNET_VERDICT_WARN;
        wn_snprintf(out->detail, sizeof out->detail,
                    "%u of %u proxied ports have no inbound rule; none named '%s': LAN clients are blocked",
                    (unsigned)missing, (unsigned)s->hostfw_count, first->name);
        wn_strlcpy(out->hint, sizeof out->hint,
                   "add the proxy again without --no-firewall: it creates the rule");
        proxy_add_command(e, out->fix, sizeof out->fix);
        return;
    }
    wn_snprintf(out->detail, sizeof out->detail, "%u proxied port(s), each with its inbound rule",
                (unsigned)s->hostfw_count);
}

/* ------------------------------------------------------ Hyper-V firewall */

/* 1 when a port list is empty/"Any" or holds port ("80", "1000-2000"). */
static int ports_cover(const wslnet_hvfw_strings *ports, uint16_t port)
{
    size_t i;
    if (ports->count == 0)
        return 1;
    for (i = 0; i < ports->count; i++) {
        const char *p = ports->items[i], *dash;
        uint16_t lo, hi;
        if (!p)
            continue;
        if (strcmp(p, "Any") == 0 || strcmp(p, "any") == 0 || strcmp(p, "*") == 0)
            return 1;
        if ((dash = strchr(p, '-')) != NULL) {
            if (wn_pp_port_parse_n(p, (size_t)(dash - p), &lo) && wn_pp_port_parse(dash + 1, &hi) &&
                lo <= port && port <= hi)
                return 1;
        } else if (wn_pp_port_parse(p, &lo) && lo == port) {
            return 1;
        }
    }
    return 0;
}

int wn_doctor_hvfw_rule_allows(const wslnet_hvfw_rule *rule, uint16_t port)
{
    const char *proto = rule->protocol ? rule->protocol : "";
    if (rule->enabled != 1 || rule->direction != 1 || rule->action != 2)
        return 0;
    if (!(proto[0] == '\0' || strcmp(proto, "TCP") == 0 || strcmp(proto, "tcp") == 0 ||
          strcmp(proto, "6") == 0 || strcmp(proto, "Any") == 0 || strcmp(proto, "any") == 0))
        return 0;
    return ports_cover(&rule->local_ports, port);
}

static const char *action_name(int action)
{
    return action == 2 ? "allow" : action == 4 ? "block" : "not configured (block)";
}

void wn_doctor_check_hyperv_firewall(const wn_doctor_snapshot *s, wslnet_doctor_check *out)
{
    const wslnet_hvfw_settings *st = &s->hvfw_settings;
    int blocks;
    size_t i;
    check_start(out, "hyperv-firewall", "Hyper-V firewall for WSL", WSLNET_VERDICT_SKIPPED);
    if (s->hvfw_error.status != WSLNET_OK) {
        wn_snprintf(out->detail, sizeof out->detail, "could not be read: %s", s->hvfw_error.message);
        return;
    }
    if (s->hvfw.support == WSLNET_HVFW_UNSUPPORTED) {
        wn_strlcpy(out->detail, sizeof out->detail,
                   "this Windows has no Hyper-V firewall (Windows 11 22H2 or later has it)");
        return;
    }
    if (s->hvfw.disabled) {
        wn_strlcpy(out->detail, sizeof out->detail, "switched off on this machine (HyperVFirewallDisable)");
        return;
    }
    if (s->hvfw.support == WSLNET_HVFW_V1) {
        /* WSL's comment says V1 serves mirrored, but its code refuses V1 for NAT and mirrored alike
         * (MirroredNetworking.cpp:79-84, NatNetworking.cpp:146-151): the VM runs without it */
        wn_strlcpy(out->detail, sizeof out->detail,
                   "only version 1 on this Windows: WSL needs version 2 and runs the VM without the Hyper-V firewall");
        return;
    }
    if (mode_read(s) && s->mode.firewall == 0) {
        /* wsl2.firewall=false (or a mode without it): the NAT endpoint carries no firewall policy
         * (NatNetworking.cpp:189-197), so Hyper-V firewall rules and defaults do not apply */
        wn_snprintf(out->detail, sizeof out->detail,
                    "not applied to this VM (wsl2.firewall=false or mode %s): its rules filter nothing",
                    s->mode.effective);
        return;
    }
    out->verdict = WSLNET_VERDICT_OK;
    if (st->exists && st->enabled == 0) {
        wn_strlcpy(out->detail, sizeof out->detail, "disabled for WSL: it filters nothing");
        return;
    }
    blocks = !st->exists || st->default_inbound_action != 2;
    if (!s->port) {
        wn_snprintf(out->detail, sizeof out->detail, "default inbound %s",
                    st->exists ? action_name(st->default_inbound_action) : "block (no setting)");
        return;
    }
    if (!blocks) {
        wn_snprintf(out->detail, sizeof out->detail, "default inbound allow: TCP %u is let through",
                    (unsigned)s->port);
        return;
    }
    if (s->hvfw_rules_error.status != WSLNET_OK || !s->hvfw_rules) {
        out->verdict = WSLNET_VERDICT_WARN;
        wn_snprintf(out->detail, sizeof out->detail, "default inbound blocks, and the rules could not be read: %s",
                    s->hvfw_rules_error.message);
        wn_strlcpy(out->fix, sizeof out->fix, "wslnet firewall rule list");
        return;
    }
    for (i = 0; i < s->hvfw_rules->count; i++) {
        if (wn_doctor_hvfw_rule_allows(&s->hvfw_rules->rules[i], s->port)) {
            wn_snprintf(out->detail, sizeof out->detail, "default inbound blocks; rule '%s' allows TCP %u",
                        s->hvfw_rules->rules[i].name, (unsigned)s->port);
            return;
        }
    }
    out->verdict = WSLNET_VERDICT_WARN;
    wn_snprintf(out->detail, sizeof out->detail, "default inbound blocks and no enabled rule allows TCP %u",
                (unsigned)s->port);
    wn_strlcpy(out->hint, sizeof out->hint, "allow the port into the WSL VM with a Hyper-V firewall rule");
    wn_snprintf(out->fix, sizeof out->fix, "wslnet firewall rule add --name port-%u --protocol tcp --local-port %u",
                (unsigned)s->port, (unsigned)s->port);
}

/* -------------------------------------------------------- subnet overlap */

void wn_doctor_check_subnet_overlap(const wn_doctor_snapshot *s, wslnet_doctor_check *out)
{
    uint32_t net, wsl_if = 0, free_net, own_ifs[64], own_addrs[64];
    uint8_t len;
    char wsl_text[20], r_text[20], free_text[20];
    wn_subnet_own own;
    const wn_doctor_route *inside = NULL, *around = NULL;
    size_t i;
    check_start(out, "subnet-overlap", "WSL subnet vs. routes of other interfaces (VPN)", WSLNET_VERDICT_SKIPPED);
    if (mirrored(s)) {
        wn_snprintf(out->detail, sizeof out->detail, "%s: no NAT subnet", mode_words(s));
        return;
    }
    if (!wn_doctor_wsl_subnet(s, &net, &len, &wsl_if)) {
        wn_strlcpy(out->detail, sizeof out->detail, "no WSL adapter with an IPv4 subnet (see the adapter check)");
        return;
    }
    if (s->route_error.status != WSLNET_OK) {
        wn_snprintf(out->detail, sizeof out->detail, "the route table could not be read: %s",
                    s->route_error.message);
        return;
    }
    wn_ipv4_format(net, wsl_text, sizeof wsl_text);
    wn_subnet_own_from_adapters(s->adapters, own_ifs, own_addrs, sizeof own_ifs / sizeof own_ifs[0], &own);
    for (i = 0; i < s->route_count; i++) {
        const wn_doctor_route *r = &s->routes[i];
        if (r->if_index == wsl_if || !wn_subnet_route_conflicts(r, net, len, &own))
            continue;
        if (r->length >= len) {
            if (!inside)
                inside = r;
        } else if (!around) {
            around = r;
        }
    }
    if (inside || around) {
        const wn_doctor_route *r = inside ? inside : around;
        wn_ipv4_format(r->prefix, r_text, sizeof r_text);
        out->verdict = inside ? WSLNET_VERDICT_FAIL : WSLNET_VERDICT_WARN;
        if (inside)
            wn_snprintf(out->detail, sizeof out->detail,
                        "route %s/%u on '%s' lies inside WSL's subnet %s/%u: the host sends that traffic "
                        "there, not to the VM", r_text, (unsigned)r->length,
                        r->interface_name[0] ? r->interface_name : "?", wsl_text, (unsigned)len);
        else
            wn_snprintf(out->detail, sizeof out->detail,
                        "route %s/%u on '%s' covers WSL's subnet %s/%u: hosts behind it in that subnet "
                        "are unreachable", r_text, (unsigned)r->length,
                        r->interface_name[0] ? r->interface_name : "?", wsl_text, (unsigned)len);
        /* WSL reuses the range in HKLM Lxss NatNetwork (WslCoreConfig.cpp:487-501):
         * restarting WSL alone keeps the collision; pin a free range instead. */
        if (wn_subnet_suggest(s->routes, s->route_count, &own, &free_net, NULL) == WSLNET_OK) {
            wn_subnet_format(free_net, WN_SUBNET_SUGGEST_PREFIX, free_text, sizeof free_text);
            wn_strlcpy(out->hint, sizeof out->hint,
                       "pin WSL's NAT subnet to a range no route uses (wslnet subnet suggest), then "
                       "restart Windows so that WSL recreates its network");
            wn_snprintf(out->fix, sizeof out->fix, "wslnet subnet set %s", free_text);
        } else {
            wn_strlcpy(out->hint, sizeof out->hint,
                       "every private /20 is routed elsewhere: free one (see wslnet subnet show)");
            wn_strlcpy(out->fix, sizeof out->fix, "wslnet subnet show");
        }
        return;
    }
    out->verdict = WSLNET_VERDICT_OK;
    wn_snprintf(out->detail, sizeof out->detail, "no route of another interface overlaps %s/%u",
                wsl_text, (unsigned)len);
}

/* ----------------------------------------------------------- port checks */

/* The proxy listening on s->port that matters most: owned first. NULL: none. */
static const wslnet_proxy_entry *port_entry(const wn_doctor_snapshot *s)
{
    const wslnet_proxy_entry *found = NULL;
    size_t i;
    for (i = 0; proxies_read(s) && i < s->proxies->count; i++) {
        const wslnet_proxy_entry *e = &s->proxies->entries[i];
        if (e->listen_port != s->port || (!e->valid && !e->missing))
            continue;
        if (e->owned)
            return e;
        if (!found)
            found = e;
    }
    return found;
}

void wn_doctor_check_port_proxy(const wn_doctor_snapshot *s, wslnet_doctor_check *out)
{
    const wslnet_proxy_entry *e;
    check_start(out, "port-proxy", "A port proxy forwards the port to the VM", WSLNET_VERDICT_SKIPPED);
    if (!s->port) {
        wn_strlcpy(out->detail, sizeof out->detail, "no --port given");
        return;
    }
    if (!proxies_read(s)) {
        wn_strlcpy(out->detail, sizeof out->detail, "the port proxies could not be read");
        return;
    }
    if (!(e = port_entry(s))) {
        out->verdict = WSLNET_VERDICT_WARN;
        wn_snprintf(out->detail, sizeof out->detail,
                    "no port proxy listens on %u: other machines cannot reach the VM's port %u",
                    (unsigned)s->port, (unsigned)s->port);
        wn_strlcpy(out->hint, sizeof out->hint, "forward the port to the VM (WSL itself forwards localhost only)");
        wn_snprintf(out->fix, sizeof out->fix, "wslnet expose %u", (unsigned)s->port);
        return;
    }
    if (e->owned && (e->stale || e->missing)) {
        out->verdict = WSLNET_VERDICT_FAIL;
        if (e->missing)
            wn_snprintf(out->detail, sizeof out->detail, "wslnet's proxy for %u was deleted", (unsigned)s->port);
        else
            wn_snprintf(out->detail, sizeof out->detail, "%s:%u goes to %s, the VM is at %s", e->listen_address,
                        (unsigned)e->listen_port, e->connect_address, s->proxies->vm_address);
        wn_strlcpy(out->hint, sizeof out->hint, "re-point wslnet's proxies at the VM's current address");
        wn_strlcpy(out->fix, sizeof out->fix, FIX_PROXY_SYNC);
        return;
    }
    if (!e->owned && s->proxies->vm_address[0] && strcmp(e->connect_address, s->proxies->vm_address) != 0) {
        out->verdict = WSLNET_VERDICT_WARN;
        wn_snprintf(out->detail, sizeof out->detail, "a proxy wslnet does not own sends %u to %s, not to the VM (%s)",
                    (unsigned)s->port, e->connect_address, s->proxies->vm_address);
        wn_strlcpy(out->hint, sizeof out->hint, "replace it with one that follows the VM");
        wn_snprintf(out->fix, sizeof out->fix, "wslnet proxy remove %u --force && wslnet proxy add %u --to wsl",
                    (unsigned)s->port, (unsigned)s->port);
        return;
    }
    out->verdict = WSLNET_VERDICT_OK;
    wn_snprintf(out->detail, sizeof out->detail, "%s:%u -> %s:%u%s", e->listen_address, (unsigned)e->listen_port,
                e->connect_address, (unsigned)e->connect_port,
                e->owned ? (strcmp(e->target, "wsl") == 0 ? " (follows the VM)" : " (wslnet's)") : " (not wslnet's)");
}

/* "refused (10061)", "no answer within 1500 ms", "closed at once". */
static void connect_failure(const wn_doctor_connect *c, char *buf, size_t size)
{
    if (c->timed_out)
        wn_snprintf(buf, size, "no answer within %u ms", c->elapsed_ms);
    else if (c->code == 10061)
        wn_snprintf(buf, size, "connection refused");
    else if (c->code == 0)
        wn_snprintf(buf, size, "accepted, then closed at once without data");
    else
        wn_snprintf(buf, size, "connection failed (WSA error %u)", (unsigned)c->code);
}

void wn_doctor_check_connect_vm(const wn_doctor_snapshot *s, wslnet_doctor_check *out)
{
    const wn_doctor_connect *c = &s->connect_vm;
    char why[96];
    check_start(out, "connect-vm", "TCP to the VM's port", WSLNET_VERDICT_SKIPPED);
    if (!s->port) {
        wn_strlcpy(out->detail, sizeof out->detail, "no --port given");
        return;
    }
    if (!c->tried) {
        wn_strlcpy(out->detail, sizeof out->detail, "the VM's address is unknown (see the address check)");
        return;
    }
    if (c->ok) {
        out->verdict = WSLNET_VERDICT_OK;
        wn_snprintf(out->detail, sizeof out->detail, "%s accepted a connection in %u ms", c->target, c->elapsed_ms);
        return;
    }
    connect_failure(c, why, sizeof why);
    out->verdict = WSLNET_VERDICT_FAIL;
    wn_snprintf(out->detail, sizeof out->detail, "%s: %s: nothing in WSL accepts port %u", c->target, why,
                (unsigned)s->port);
    wn_snprintf(out->hint, sizeof out->hint,
                "start the server inside WSL listening on 0.0.0.0:%u (not only 127.0.0.1); check with ss -ltn",
                (unsigned)s->port);
    wn_strlcpy(out->fix, sizeof out->fix, "wsl.exe --exec ss -ltn");
}

void wn_doctor_check_connect_localhost(const wn_doctor_snapshot *s, wslnet_doctor_check *out)
{
    const wn_doctor_connect *c = &s->connect_localhost;
    const wslnet_proxy_entry *e;
    char why[96];
    check_start(out, "connect-localhost", "TCP to 127.0.0.1 on the port", WSLNET_VERDICT_SKIPPED);
    if (!s->port) {
        wn_strlcpy(out->detail, sizeof out->detail, "no --port given");
        return;
    }
    if (!c->tried) {
        wn_strlcpy(out->detail, sizeof out->detail, "not attempted");
        return;
    }
    e = port_entry(s);
    if (c->ok && e && e->owned && e->stale) {
        /* The proxy accepts whatever its target does: a stale one accepts, then forwards nowhere. */
        out->verdict = WSLNET_VERDICT_FAIL;
        wn_snprintf(out->detail, sizeof out->detail,
                    "%s accepted, but the proxy behind it forwards to %s, not to the VM (%s)", c->target,
                    e->connect_address, s->proxies->vm_address);
        wn_strlcpy(out->hint, sizeof out->hint, "wslnet's proxy for the port is stale");
        wn_strlcpy(out->fix, sizeof out->fix, FIX_PROXY_SYNC);
        return;
    }
    if (c->ok) {
        out->verdict = WSLNET_VERDICT_OK;
        wn_snprintf(out->detail, sizeof out->detail, "%s accepted a connection in %u ms", c->target, c->elapsed_ms);
        return;
    }
    connect_failure(c, why, sizeof why);
    out->verdict = WSLNET_VERDICT_FAIL;
    wn_snprintf(out->detail, sizeof out->detail, "%s: %s", c->target, why);
    if (s->connect_vm.tried && !s->connect_vm.ok) {
        wn_strlcpy(out->hint, sizeof out->hint, "the VM itself does not accept the port: fix connect-vm first");
    } else if (e && e->owned && (e->stale || e->missing)) {
        wn_strlcpy(out->hint, sizeof out->hint, "wslnet's proxy for the port is stale");
        wn_strlcpy(out->fix, sizeof out->fix, FIX_PROXY_SYNC);
    } else if (e && proxies_read(s) && s->proxies->service != WSLNET_SERVICE_RUNNING) {
        wn_strlcpy(out->hint, sizeof out->hint, "the IP Helper service, which runs the proxy, is not running");
        wn_strlcpy(out->fix, sizeof out->fix, FIX_START_IPHLPSVC);
    } else if (!e) {
        wn_strlcpy(out->hint, sizeof out->hint,
                   "WSL's localhost forwarding does not answer: forward the port with a proxy");
        wn_snprintf(out->fix, sizeof out->fix, "wslnet expose %u", (unsigned)s->port);
    } else {
        wn_strlcpy(out->hint, sizeof out->hint,
                   "the proxy exists but does not answer: another program may hold the port (netstat -ano)");
        wn_strlcpy(out->fix, sizeof out->fix, "netstat -ano");
    }
}

/* ---------------------------------------------------------------- report */

/* Every exposure holds the pieces the current mode needs (wslnet/expose.h). */
void wn_doctor_check_exposures(const wn_doctor_snapshot *s, wslnet_doctor_check *out)
{
    const wslnet_exposure *bad = NULL;
    size_t i, k, n_bad = 0;
    check_start(out, "exposures", "Exposed ports have what the mode needs", WSLNET_VERDICT_OK);
    if (s->expose_error.status != WSLNET_OK || !s->exposures) {
        out->verdict = WSLNET_VERDICT_SKIPPED;
        wn_snprintf(out->detail, sizeof out->detail, "the exposures could not be read: %s", s->expose_error.message);
        return;
    }
    if (s->exposures->count == 0) {
        out->verdict = WSLNET_VERDICT_SKIPPED;
        wn_strlcpy(out->detail, sizeof out->detail, "no ports exposed (wslnet expose)");
        return;
    }
    for (i = 0; i < s->exposures->count; i++)
        if (!s->exposures->items[i].ok && !n_bad++)
            bad = &s->exposures->items[i];
    if (!bad) {
        wn_snprintf(out->detail, sizeof out->detail, "%u exposure(s), each complete for %s mode",
                    (unsigned)s->exposures->count, s->exposures->mode.mode);
        return;
    }
    out->verdict = WSLNET_VERDICT_FAIL;
    if (bad->refusal[0]) {
        wn_snprintf(out->detail, sizeof out->detail, "%s %u cannot be exposed in %s mode: %s", bad->protocol,
                    (unsigned)bad->port, s->exposures->mode.mode, bad->refusal);
        wn_snprintf(out->fix, sizeof out->fix, "wslnet unexpose %u --protocol %s", (unsigned)bad->port, bad->protocol);
        return;
    }
    for (k = 0; k < 3 && (strcmp(bad->pieces[k].state, "ok") == 0 || strcmp(bad->pieces[k].state, "absent") == 0); k++)
        ;
    wn_snprintf(out->detail, sizeof out->detail, "%u of %u exposures incomplete for %s mode; %s %u: %s %s", (unsigned)n_bad,
                (unsigned)s->exposures->count, s->exposures->mode.mode, bad->protocol, (unsigned)bad->port,
                k < 3 ? bad->pieces[k].kind : "?", k < 3 ? bad->pieces[k].state : "?");
    wn_strlcpy(out->hint, sizeof out->hint, "bring every exposure to the pieces this mode needs");
    wn_strlcpy(out->fix, sizeof out->fix, FIX_EXPOSE_SYNC);
}

wslnet_doctor_report *wn_doctor_evaluate(const wn_doctor_snapshot *s)
{
    static void (*const checks[WN_DOCTOR_CHECK_COUNT])(const wn_doctor_snapshot *, wslnet_doctor_check *) = {
        wn_doctor_check_mode,           wn_doctor_check_adapter,        wn_doctor_check_address,
        wn_doctor_check_config,         wn_doctor_check_iphlpsvc,       wn_doctor_check_proxies,
        wn_doctor_check_host_firewall,  wn_doctor_check_hyperv_firewall, wn_doctor_check_subnet_overlap,
        wn_doctor_check_port_proxy,     wn_doctor_check_connect_vm,     wn_doctor_check_connect_localhost,
        wn_doctor_check_exposures};
    wslnet_doctor_report *r = calloc(1, sizeof *r);
    size_t i;
    if (!r || !(r->checks = calloc(WN_DOCTOR_CHECK_COUNT, sizeof *r->checks))) {
        free(r);
        return NULL;
    }
    r->count = WN_DOCTOR_CHECK_COUNT;
    r->port = s->port;
    for (i = 0; i < r->count; i++) {
        checks[i](s, &r->checks[i]);
        switch (r->checks[i].verdict) {
        case WSLNET_VERDICT_OK: r->ok++; break;
        case WSLNET_VERDICT_WARN: r->warn++; break;
        case WSLNET_VERDICT_FAIL: r->fail++; break;
        case WSLNET_VERDICT_SKIPPED: r->skipped++; break;
        }
    }
    return r;
}

void wn_doctor_report_free(wslnet_doctor_report *report)
{
    if (report) {
        free(report->checks);
        free(report);
    }
}

int wn_doctor_exit_code(const wslnet_doctor_report *report)
{
    if (report->fail)
        return WSLNET_DOCTOR_EXIT_FAIL;
    return report->warn ? WSLNET_DOCTOR_EXIT_WARN : 0;
}
