/*
 * hvfwrule.h - the Hyper-V firewall rules of exposures, for the plan applier
 * (proxyapply.c) and the exposure reader (expose_apply.c): read every rule, put one,
 * delete one, in the persistent store over WMI (hvfw_wmi.c).
 */
#ifndef WN_HVFWRULE_H
#define WN_HVFWRULE_H

#include "proxyplan.h"
#include "wslnet.h"

/*
 * Probes the Hyper-V firewall (*cap) and reads every rule of the persistent
 * store into *rules (*count; free with wn_hvfw_rules_free). A Windows without
 * the Hyper-V firewall is WSLNET_OK with no rules and cap->support
 * UNSUPPORTED.
 */
wslnet_status wn_hvfw_rules_read(wslnet_hvfw_capability *cap, wslnet_hvfw_rule **rules, size_t *count,
                                 wslnet_error *err);

void wn_hvfw_rules_free(wslnet_hvfw_rule *rules, size_t count);

/* Creates or replaces the rule hv describes (shared/core/expose_plan.h's
 * wn_expose_hvrule_make). Repeating it is harmless. */
wslnet_status wn_hvfw_rule_put(const wn_proxy_hvrule *hv, wslnet_error *err);

/* Deletes the rule named name; a rule already gone is WSLNET_OK. */
wslnet_status wn_hvfw_rule_delete(const char *name, wslnet_error *err);

#endif
