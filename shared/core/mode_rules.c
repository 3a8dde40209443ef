/* mode_rules.c - interpreting networkingMode, Group Policy and the platform as WSL
 * does. Line numbers cite microsoft/WSL at 3e27a6a (2026-08). */
#include "mode_rules.h"

#include "status.h"
#include "text.h"
#include "wslcfg.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const mode_names[] = {"none", "nat", "bridged", "mirrored", "consomme"};

const char *wn_mode_name(int mode)
{
    if (mode < 0 || mode > WN_MODE_CONSOMME)
        return "unknown";
    return mode_names[mode];
}

int wn_mode_parse(const char *name)
{
    int i;
    for (i = 0; i <= WN_MODE_CONSOMME; i++)
        if (wn_streq_nocase(name, mode_names[i]))
            return i;
    if (wn_streq_nocase(name, "virtioproxy")) /* WslCoreConfig.h:127-128: legacy alias */
        return WN_MODE_CONSOMME;
    return -1;
}

void wn_mode_snapshot_init(wn_mode_snapshot *s)
{
    memset(s, 0, sizeof *s);
    s->config_mode = s->config_firewall = s->config_virtio = -1;
    s->policy_default_mode = s->policy_allow_mode_user = s->policy_allow_firewall_user = -1;
    s->hyperv_firewall = s->hns_flow_steering = s->ipv6_disabled = -1;
    s->nat_network_plain = s->nat_network_firewall = s->vm_running = -1;
}

/* A boolean key's value as WSL reads it: -1 when not set (or invalid). */
static int config_bool(const wn_cfg_doc *doc, const char *name)
{
    const wn_cfg_key *key = wn_cfg_key_match(WN_CFG_FILE_WSLCONFIG, name, NULL);
    wn_cfg_setting s;
    int v;
    if (!key)
        return -1;
    wn_cfg_get(doc, key, &s);
    if (s.origin != WN_CFG_ORIGIN_FILE || !wn_cfg_parse_bool(s.value, &v))
        return -1;
    return v;
}

void wn_mode_apply_config(const char *text, wslnet_mode_info *info, wn_mode_snapshot *snap)
{
    const wn_cfg_key *key = wn_cfg_key_match(WN_CFG_FILE_WSLCONFIG, "wsl2.networkingMode", NULL);
    wn_cfg_doc *doc = NULL;
    wn_cfg_setting s;
    size_t i;
    wn_strlcpy(info->configured, sizeof info->configured, "nat");
    info->configured_is_default = 1;
    info->config_line = 0;
    info->config_section[0] = '\0';
    info->config_warning[0] = '\0';
    /* the full reader (shared/core/wslcfg.h): WSL's own parser, [experimental] alias included */
    if (!text || !key || wn_cfg_read((const uint8_t *)text, strlen(text), WN_CFG_FILE_WSLCONFIG, &doc, NULL) != WSLNET_OK)
        return;
    wn_cfg_get(doc, key, &s);
    if (s.item) {
        const char *dot = strchr(s.item->name, '.');
        char section[16];
        size_t n = dot ? (size_t)(dot - s.item->name) : 0;
        info->config_line = s.item->line;
        for (i = 0; i < n && i + 1 < sizeof section; i++)
            section[i] = (char)((s.item->name[i] >= 'A' && s.item->name[i] <= 'Z') ? s.item->name[i] + 32
                                                                                    : s.item->name[i]);
        section[i] = '\0';
        wn_strlcpy(info->config_section, sizeof info->config_section, section);
    }
    if (s.origin == WN_CFG_ORIGIN_FILE && wn_mode_parse(s.value) >= 0) {
        int mode = wn_mode_parse(s.value);
        wn_strlcpy(info->configured, sizeof info->configured, wn_mode_name(mode));
        info->configured_is_default = 0;
        if (snap)
            snap->config_mode = mode;
    } else if (s.origin == WN_CFG_ORIGIN_INVALID) {
        wn_snprintf(info->config_warning, sizeof info->config_warning,
                    "line %u: networkingMode '%.80s' is not a mode WSL knows; WSL uses its default", s.item->line,
                    s.item->value);
    }
    if (snap) {
        snap->config_firewall = config_bool(doc, "wsl2.firewall");
        snap->config_virtio = config_bool(doc, "wsl2.virtio");
        snap->config_safe_mode = config_bool(doc, "wsl2.safeMode") == 1;
    }
    wn_cfg_free(doc);
}

int wn_policy_allows(int64_t value)
{
    return value != 0; /* absent (-1), 1, and any other value: allowed */
}

/* ---- the resolver */

typedef struct resolver {
    wslnet_mode_info *info;
    int mode;
    int last_mode;          /* the mode after the previous step */
    size_t decisive;        /* the step that last changed the mode (or the first) */
} resolver;

static void step(resolver *r, const char *rule, const char *source, const char *fmt, ...) WN_PRINTF(4, 5);

static void step(resolver *r, const char *rule, const char *source, const char *fmt, ...)
{
    wslnet_mode_step *s;
    va_list ap;
    if (r->info->step_count >= WSLNET_MODE_STEPS_MAX)
        return;
    if (r->info->step_count == 0 || r->mode != r->last_mode)
        r->decisive = r->info->step_count;
    r->last_mode = r->mode;
    s = &r->info->steps[r->info->step_count++];
    wn_strlcpy(s->rule, sizeof s->rule, rule);
    wn_strlcpy(s->mode, sizeof s->mode, wn_mode_name(r->mode));
    wn_strlcpy(s->source, sizeof s->source, source);
    va_start(ap, fmt);
    vsnprintf(s->text, sizeof s->text, fmt, ap);
    va_end(ap);
}

/* Before 22621.2359 (22631 shares its updates): the docs' footnote for mirrored mode. */
static int build_before_mirrored(uint32_t build, uint32_t ubr)
{
    if (build == 0)
        return -1;
    if (build < WN_BUILD_WIN11_22H2)
        return 1;
    if ((build == 22621 || build == 22631) && ubr != 0 && ubr < WN_UBR_MIRRORED)
        return 1;
    if ((build == 22621 || build == 22631) && ubr == 0)
        return -1;
    return 0;
}

/* WSL's IsHyperVFirewallSupported (MirroredNetworking.cpp:66-107, the same
 * decision as NatNetworking.cpp:136-160): registry switch, then only V2. */
static int firewall_supported(const wn_mode_snapshot *s)
{
    if (s->hyperv_firewall_disabled == 1) /* WslCoreFirewallSupport.cpp:161-170 */
        return 0;
    if (s->hyperv_firewall < 0)
        return build_before_mirrored(s->build, s->ubr) == 1 ? 0 : -1;
    return s->hyperv_firewall == 2;
}

static const char *firewall_why(const wn_mode_snapshot *s, char *buf, size_t size)
{
    if (s->hyperv_firewall_disabled == 1)
        return "MpsSvc HyperVFirewallDisable=1 turns the Hyper-V firewall off";
    if (s->hyperv_firewall == 0)
        return "this Windows has no Hyper-V firewall (no MSFT_NetFirewallHyperVVMCreator)";
    if (s->hyperv_firewall == 1)
        return "only version 1 of the Hyper-V firewall (no MSFT_NetFirewallHyperVProfile); WSL needs "
               "version 2 for NAT and mirrored alike";
    wn_snprintf(buf, size, "Windows %u.%u is before 22621.2359: no Hyper-V firewall version 2",
                (unsigned)s->build, (unsigned)s->ubr);
    return buf;
}

void wn_mode_resolve(const wn_mode_snapshot *s, wslnet_mode_info *info)
{
    resolver r;
    int def = WN_MODE_NAT, fw, fw_ok, virtio, unknown = 0, ipv6_unknown = 0;
    char why[96];
    int allow_mode = wn_policy_allows(s->policy_allow_mode_user);
    r.info = info;
    r.decisive = 0;
    info->step_count = 0;
    info->policy_default_mode = s->policy_default_mode;
    info->policy_allow_mode_user = s->policy_allow_mode_user;
    info->policy_allow_firewall_user = s->policy_allow_firewall_user;
    info->hyperv_firewall = s->hyperv_firewall;
    info->hyperv_firewall_disabled = s->hyperv_firewall_disabled;
    info->hns_flow_steering = s->hns_flow_steering;
    info->ipv6_disabled = s->ipv6_disabled;
    info->nat_network = s->nat_network_plain == 1 || s->nat_network_firewall == 1 ? 1
                        : s->nat_network_plain == 0 && s->nat_network_firewall == 0 ? 0 : WSLNET_UNKNOWN;
    info->nat_network_firewall = s->nat_network_firewall;
    r.mode = s->config_mode >= 0 ? s->config_mode : WN_MODE_NAT;
    r.last_mode = r.mode;

    /* WslCoreConfig.cpp:152-157: the firewall from the file (default on), always on for mirrored */
    fw = r.mode == WN_MODE_MIRRORED || s->config_firewall != 0;

    /* WslCoreConfig.cpp:356-374: DefaultNetworkingMode (Bridged and others ignored) */
    if (s->policy_default_mode >= 0) {
        int64_t v = s->policy_default_mode;
        if (v == WN_MODE_NONE || v == WN_MODE_NAT || v == WN_MODE_MIRRORED || v == WN_MODE_CONSOMME)
            def = (int)v;
        else
            step(&r, "policy-default-invalid", "WslCoreConfig.cpp:370-373",
                 "Group Policy DefaultNetworkingMode=%lld is not a mode WSL accepts; the default stays NAT",
                 (long long)v);
    }
    /* WslCoreConfig.cpp:377-392: the user's choice, unless policy forbids it (None always allowed) */
    if (s->config_mode >= 0) {
        if (!allow_mode && r.mode != WN_MODE_NONE && r.mode != def) {
            int was = r.mode;
            r.mode = def;
            step(&r, "policy-forces-mode", "WslCoreConfig.cpp:380-387",
                 "Group Policy (AllowNetworkingModeUserSetting=0) overrides networkingMode=%s: "
                 "DefaultNetworkingMode=%s applies", wn_mode_name(was), wn_mode_name(def));
        } else if (!allow_mode && r.mode == WN_MODE_NONE) {
            step(&r, "none-always-allowed", "WslCoreConfig.cpp:377-387",
                 "networkingMode=None stands although Group Policy forbids choosing the mode: "
                 "a user can always turn networking off");
        } else {
            step(&r, "configured", "WslCoreConfig.cpp:116", "networkingMode=%s from .wslconfig",
                 wn_mode_name(r.mode));
        }
    } else {
        r.mode = def;
        if (s->policy_default_mode >= 0 && def == (int)s->policy_default_mode)
            step(&r, "policy-default", "WslCoreConfig.cpp:389-392",
                 ".wslconfig sets no networkingMode: Group Policy's DefaultNetworkingMode=%s applies",
                 wn_mode_name(def));
        else
            step(&r, "default", "WslCoreConfig.cpp:357,389-392",
                 ".wslconfig sets no networkingMode: WSL's default, NAT");
    }
    /* WslCoreConfig.cpp:394-403: policy can force the firewall on, never off */
    if (r.mode != WN_MODE_MIRRORED && !fw && !wn_policy_allows(s->policy_allow_firewall_user)) {
        fw = 1;
        step(&r, "policy-forces-firewall", "WslCoreConfig.cpp:394-403",
             "Group Policy (AllowFirewallUserSetting=0) overrides wsl2.firewall=false: the Hyper-V "
             "firewall stays on");
    }
    /* WslCoreConfig.cpp:424-438: safe mode turns networking off */
    if (s->config_safe_mode && r.mode != WN_MODE_NONE) {
        r.mode = WN_MODE_NONE;
        step(&r, "safe-mode", "WslCoreConfig.cpp:424-438", "wsl2.safeMode=true: WSL runs without networking");
    }
    /* WslCoreConfig.cpp:441-452 (default WslCoreConfig.h:331): Consomme needs virtio */
    virtio = s->config_virtio >= 0 ? s->config_virtio : (!s->arm64 || s->build >= 22000 || s->build == 0);
    if (!virtio && r.mode == WN_MODE_CONSOMME) {
        r.mode = def == WN_MODE_CONSOMME ? WN_MODE_NONE : WN_MODE_NAT;
        step(&r, "consomme-needs-virtio", "WslCoreConfig.cpp:441-452",
             "Consomme needs wsl2.virtio (off here): WSL uses %s", wn_mode_name(r.mode));
    }

    /* WslCoreVm.cpp:2906-2921: the firewall needs Hyper-V firewall V2 (NAT too) */
    fw_ok = firewall_supported(s);
    if (fw && (r.mode == WN_MODE_MIRRORED || r.mode == WN_MODE_NAT)) {
        if (fw_ok == 0) {
            fw = 0;
            step(&r, "firewall-unsupported", "WslCoreVm.cpp:2906-2921", "%s: WSL runs the VM without it",
                 firewall_why(s, why, sizeof why));
        } else if (fw_ok < 0) {
            fw = -1;
        }
    } else if (r.mode != WN_MODE_MIRRORED && r.mode != WN_MODE_NAT) {
        fw = 0; /* only NAT and mirrored endpoints carry the firewall policy (NatNetworking.cpp:189-197) */
    }
    /* WslCoreVm.cpp:2924-2940: mirrored needs IPv6 (DisabledComponents != 0xFF) */
    if (r.mode == WN_MODE_MIRRORED) {
        if (s->ipv6_disabled == 1) {
            r.mode = WN_MODE_NAT;
            step(&r, "mirrored-needs-ipv6", "WslCoreVm.cpp:2924-2940",
                 "IPv6 is disabled (Tcpip6 DisabledComponents=0xFF): WSL falls back to NAT");
        } else if (s->ipv6_disabled < 0) {
            ipv6_unknown = 1; /* decided below unless another rule falls back anyway */
        }
    }
    /* WslCoreVm.cpp:2942-2950: the kernel (5.10 and seccomp): WSL's own kernel has both */
    /* WslCoreVm.cpp:2951-2956: flow steering exports and the firewall */
    if (r.mode == WN_MODE_MIRRORED) {
        if (s->hns_flow_steering == 0) {
            r.mode = WN_MODE_NAT;
            step(&r, "mirrored-needs-hns", "WslCoreVm.cpp:2951-2956, WslCoreNetworkingSupport.cpp:107-137",
                 "ComputeNetwork.dll lacks HcnReserveGuestNetworkServicePort*: WSL falls back to NAT");
        } else if (fw == 0) {
            r.mode = WN_MODE_NAT;
            step(&r, "mirrored-needs-firewall", "WslCoreVm.cpp:2951-2956",
                 "mirrored needs the Hyper-V firewall (%s): WSL falls back to NAT", firewall_why(s, why, sizeof why));
        } else if (s->hns_flow_steering < 0 && build_before_mirrored(s->build, s->ubr) == 1) {
            r.mode = WN_MODE_NAT;
            step(&r, "mirrored-needs-build", "WslCoreVm.cpp:2951-2956",
                 "Windows %u.%u is before 22621.2359, which mirrored mode needs: WSL falls back to NAT",
                 (unsigned)s->build, (unsigned)s->ubr);
        } else if (s->hns_flow_steering < 0 || fw < 0 || ipv6_unknown) {
            unknown = 1;
            r.mode = WN_MODE_UNKNOWN;
            step(&r, "mirrored-unknown", "WslCoreVm.cpp:2924-2956",
                 "cannot tell whether %s: mirrored or its NAT fallback",
                 ipv6_unknown ? "IPv6 is disabled (Tcpip6 DisabledComponents unreadable)"
                              : "HNS has flow steering and the Hyper-V firewall version 2");
        }
    }
    /* WslCoreVm.cpp:576-592: NAT whose network cannot be created falls back to Consomme */
    if (!unknown && r.mode == WN_MODE_NAT) {
        int mine = fw == 1 ? s->nat_network_firewall : fw == 0 ? s->nat_network_plain : -1;
        if (s->vm_running == 1 && mine == 0 && s->nat_network_plain != 1 && s->nat_network_firewall != 1) {
            r.mode = WN_MODE_CONSOMME;
            step(&r, "nat-fallback-consomme", "WslCoreVm.cpp:576-592",
                 "the VM runs but HNS holds no WSL NAT network: creating it failed and WSL fell back to Consomme");
        } else if (mine == 1) {
            step(&r, "nat-network", "WslCoreConfig.cpp:505-514",
                 "HNS holds the WSL NAT network '%s'", fw == 1 ? "WSL (Hyper-V firewall)" : "WSL");
        }
    }
    /* WSL never deletes its NAT networks (NatNetworking.cpp): one left from another mode is stale */
    if (s->nat_network_plain == 1 || s->nat_network_firewall == 1) {
        int stale_plain = s->nat_network_plain == 1 && !(r.mode == WN_MODE_NAT && fw == 0);
        int stale_fw = s->nat_network_firewall == 1 && !(r.mode == WN_MODE_NAT && fw == 1);
        if (!unknown && fw >= 0 && (stale_plain || stale_fw))
            step(&r, "stale-nat-network", "WslCoreVm.cpp:576-592",
                 "HNS still holds the NAT network '%s' from an earlier start: WSL never deletes it, so it "
                 "is no evidence of the mode", stale_fw ? "WSL (Hyper-V firewall)" : "WSL");
    }
    if (unknown)
        r.mode = WN_MODE_UNKNOWN;
    wn_strlcpy(info->effective, sizeof info->effective, wn_mode_name(r.mode));
    /* the rule that decided, not a later note (stale network, firewall dropped) */
    wn_strlcpy(info->effective_reason, sizeof info->effective_reason,
               info->step_count ? info->steps[r.decisive].text : "");
    info->firewall = fw;
    /* what mirrored would need, whatever is configured */
    if (s->ipv6_disabled == 1 || s->hns_flow_steering == 0 || fw_ok == 0)
        info->mirrored_supported = 0;
    else if (s->ipv6_disabled == 0 && s->hns_flow_steering == 1 && fw_ok == 1)
        info->mirrored_supported = 1;
    else if (build_before_mirrored(s->build, s->ubr) == 1)
        info->mirrored_supported = 0;
    else
        info->mirrored_supported = WSLNET_UNKNOWN;
}

int wn_mode_policy_override(const char *fullname, const char *value, int64_t policy_default_mode,
                            int64_t policy_allow_mode_user, int64_t policy_allow_firewall_user,
                            char *buf, size_t size)
{
    buf[0] = '\0';
    if (wn_streq_nocase(fullname, "wsl2.networkingMode") || wn_streq_nocase(fullname, "experimental.networkingMode")) {
        int mode = wn_mode_parse(value), def = WN_MODE_NAT;
        if (policy_default_mode == WN_MODE_NONE || policy_default_mode == WN_MODE_NAT ||
            policy_default_mode == WN_MODE_MIRRORED || policy_default_mode == WN_MODE_CONSOMME)
            def = (int)policy_default_mode;
        if (mode < 0 || wn_policy_allows(policy_allow_mode_user) || mode == WN_MODE_NONE || mode == def)
            return 0;
        wn_snprintf(buf, size,
                    "set, but Group Policy forces networkingMode=%s (AllowNetworkingModeUserSetting=0; "
                    "only %s or None take effect)", wn_mode_name(def), wn_mode_name(def));
        return 1;
    }
    if (wn_streq_nocase(fullname, "wsl2.firewall") || wn_streq_nocase(fullname, "experimental.firewall")) {
        int v;
        if (!wn_cfg_parse_bool(value, &v) || v || wn_policy_allows(policy_allow_firewall_user))
            return 0;
        wn_snprintf(buf, size,
                    "set, but Group Policy keeps the Hyper-V firewall on (AllowFirewallUserSetting=0)");
        return 1;
    }
    return 0;
}
