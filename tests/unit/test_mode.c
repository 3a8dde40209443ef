/* Unit tests: the effective-mode resolver (shared/core/mode_rules.c), one test per rule
 * of WSL's (microsoft/WSL 3e27a6a: WslCoreConfig.cpp, WslCoreVm.cpp). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "mode_rules.h"

/* A machine where mirrored works: Hyper-V firewall v2, flow steering, IPv6. */
static wn_mode_snapshot capable(void)
{
    wn_mode_snapshot s;
    wn_mode_snapshot_init(&s);
    s.build = 26100;
    s.ubr = 2033;
    s.hyperv_firewall = 2;
    s.hns_flow_steering = 1;
    s.ipv6_disabled = 0;
    s.nat_network_plain = 0;
    s.nat_network_firewall = 0;
    s.vm_running = 0;
    return s;
}

static wslnet_mode_info resolve(const wn_mode_snapshot *s)
{
    wslnet_mode_info m;
    memset(&m, 0, sizeof m);
    wn_mode_resolve(s, &m);
    return m;
}

/* The step with this rule, or NULL. */
static const wslnet_mode_step *rule(const wslnet_mode_info *m, const char *name)
{
    size_t i;
    for (i = 0; i < m->step_count; i++)
        if (strcmp(m->steps[i].rule, name) == 0)
            return &m->steps[i];
    return NULL;
}

static void configured_mirrored_runs_mirrored(void **state)
{
    wn_mode_snapshot s = capable();
    wslnet_mode_info m;
    (void)state;
    s.config_mode = WN_MODE_MIRRORED;
    m = resolve(&s);
    assert_string_equal(m.effective, "mirrored");
    assert_int_equal(m.firewall, 1);
    assert_int_equal(m.mirrored_supported, 1);
    assert_non_null(rule(&m, "configured"));
}

static void policy_forces_mirrored_over_users_nat(void **state)
{
    wn_mode_snapshot s = capable();
    wslnet_mode_info m;
    (void)state;
    s.config_mode = WN_MODE_NAT;
    s.policy_allow_mode_user = 0;
    s.policy_default_mode = WN_MODE_MIRRORED;
    m = resolve(&s);
    assert_string_equal(m.effective, "mirrored");
    assert_non_null(rule(&m, "policy-forces-mode"));
    assert_string_equal(rule(&m, "policy-forces-mode")->source, "WslCoreConfig.cpp:380-387");
    /* the same with the user allowed: the user's NAT stands */
    s.policy_allow_mode_user = 1;
    m = resolve(&s);
    assert_string_equal(m.effective, "nat");
    assert_null(rule(&m, "policy-forces-mode"));
    /* a value other than 0/1 counts as allowed (wslpolicies.h:65-83) */
    s.policy_allow_mode_user = 7;
    m = resolve(&s);
    assert_string_equal(m.effective, "nat");
}

static void policy_default_when_user_sets_nothing(void **state)
{
    wn_mode_snapshot s = capable();
    wslnet_mode_info m;
    (void)state;
    s.policy_default_mode = WN_MODE_MIRRORED; /* allowed or not: the default applies */
    m = resolve(&s);
    assert_string_equal(m.effective, "mirrored");
    assert_non_null(rule(&m, "policy-default"));
    /* Bridged (2) and unknown values are not accepted as the default: NAT */
    s.policy_default_mode = WN_MODE_BRIDGED;
    m = resolve(&s);
    assert_string_equal(m.effective, "nat");
    assert_non_null(rule(&m, "policy-default-invalid"));
    assert_non_null(rule(&m, "default"));
}

static void none_always_allowed(void **state)
{
    wn_mode_snapshot s = capable();
    wslnet_mode_info m;
    (void)state;
    s.config_mode = WN_MODE_NONE;
    s.policy_allow_mode_user = 0;
    s.policy_default_mode = WN_MODE_MIRRORED;
    m = resolve(&s);
    assert_string_equal(m.effective, "none");
    assert_non_null(rule(&m, "none-always-allowed"));
    assert_int_equal(m.firewall, 0);
}

static void policy_forces_firewall_on_never_off(void **state)
{
    wn_mode_snapshot s = capable();
    wslnet_mode_info m;
    (void)state;
    s.config_firewall = 0;
    m = resolve(&s);
    assert_int_equal(m.firewall, 0); /* wsl2.firewall=false honoured */
    s.policy_allow_firewall_user = 0;
    m = resolve(&s);
    assert_int_equal(m.firewall, 1);
    assert_non_null(rule(&m, "policy-forces-firewall"));
    /* mirrored has it on whatever the file says (WslCoreConfig.cpp:152-157) */
    s.policy_allow_firewall_user = -1;
    s.config_mode = WN_MODE_MIRRORED;
    m = resolve(&s);
    assert_int_equal(m.firewall, 1);
    assert_string_equal(m.effective, "mirrored");
}

static void mirrored_before_22621_2359_falls_back(void **state)
{
    wn_mode_snapshot s;
    wslnet_mode_info m;
    (void)state;
    wn_mode_snapshot_init(&s); /* features unknown: only the build is known */
    s.config_mode = WN_MODE_MIRRORED;
    s.build = 22621;
    s.ubr = 2358;
    m = resolve(&s);
    assert_string_equal(m.effective, "nat");
    assert_non_null(strstr(m.effective_reason, "22621.2358"));
    assert_int_equal(m.mirrored_supported, 0);
    s.ubr = 2359; /* from here the features decide: unknown ones make the answer unknown */
    m = resolve(&s);
    assert_string_equal(m.effective, "unknown");
    assert_non_null(rule(&m, "mirrored-unknown"));
    assert_int_equal(m.mirrored_supported, -1);
}

static void mirrored_with_firewall_v1_falls_back(void **state)
{
    wn_mode_snapshot s = capable();
    wslnet_mode_info m;
    (void)state;
    s.config_mode = WN_MODE_MIRRORED;
    s.hyperv_firewall = 1;
    m = resolve(&s);
    assert_string_equal(m.effective, "nat");
    assert_non_null(rule(&m, "firewall-unsupported"));
    assert_non_null(rule(&m, "mirrored-needs-firewall"));
    assert_int_equal(m.firewall, 0);
    /* NAT refuses V1 too: the VM runs without the firewall */
    s.config_mode = WN_MODE_NAT;
    m = resolve(&s);
    assert_string_equal(m.effective, "nat");
    assert_int_equal(m.firewall, 0);
    assert_non_null(strstr(rule(&m, "firewall-unsupported")->text, "version 1"));
    /* switched off in the registry */
    s.hyperv_firewall = 2;
    s.hyperv_firewall_disabled = 1;
    s.config_mode = WN_MODE_MIRRORED;
    m = resolve(&s);
    assert_string_equal(m.effective, "nat");
    assert_non_null(strstr(m.effective_reason, "HyperVFirewallDisable"));
}

static void mirrored_without_hns_exports_falls_back(void **state)
{
    wn_mode_snapshot s = capable();
    wslnet_mode_info m;
    (void)state;
    s.config_mode = WN_MODE_MIRRORED;
    s.hns_flow_steering = 0;
    m = resolve(&s);
    assert_string_equal(m.effective, "nat");
    assert_non_null(rule(&m, "mirrored-needs-hns"));
    assert_non_null(strstr(m.effective_reason, "HcnReserveGuestNetworkServicePort"));
    assert_int_equal(m.mirrored_supported, 0);
}

static void mirrored_with_ipv6_disabled_falls_back(void **state)
{
    wn_mode_snapshot s = capable();
    wslnet_mode_info m;
    (void)state;
    s.config_mode = WN_MODE_MIRRORED;
    s.ipv6_disabled = 1;
    m = resolve(&s);
    assert_string_equal(m.effective, "nat");
    assert_non_null(rule(&m, "mirrored-needs-ipv6"));
    assert_non_null(strstr(m.effective_reason, "DisabledComponents"));
    /* unreadable: unknown, unless another rule falls back anyway */
    s.ipv6_disabled = -1;
    m = resolve(&s);
    assert_string_equal(m.effective, "unknown");
    s.hns_flow_steering = 0;
    m = resolve(&s);
    assert_string_equal(m.effective, "nat");
}

static void consomme_and_its_fallbacks(void **state)
{
    wn_mode_snapshot s = capable();
    wslnet_mode_info m;
    (void)state;
    s.config_mode = WN_MODE_CONSOMME;
    m = resolve(&s);
    assert_string_equal(m.effective, "consomme");
    assert_int_equal(wn_mode_parse("VirtioProxy"), WN_MODE_CONSOMME);
    /* virtio off: NAT, or None when Consomme is the policy default (WslCoreConfig.cpp:441-452) */
    s.config_virtio = 0;
    m = resolve(&s);
    assert_string_equal(m.effective, "nat");
    assert_non_null(rule(&m, "consomme-needs-virtio"));
    s.policy_default_mode = WN_MODE_CONSOMME;
    m = resolve(&s);
    assert_string_equal(m.effective, "none");
    /* ARM64 before Windows 11: virtio is off by default (WslCoreConfig.h:331) */
    s = capable();
    s.config_mode = WN_MODE_CONSOMME;
    s.arm64 = 1;
    s.build = 19045;
    m = resolve(&s);
    assert_string_equal(m.effective, "nat");
    /* NAT whose network could not be created: a running VM without one runs Consomme */
    s = capable();
    s.vm_running = 1;
    m = resolve(&s);
    assert_string_equal(m.effective, "consomme");
    assert_non_null(rule(&m, "nat-fallback-consomme"));
}

static void stale_nat_network_is_no_evidence(void **state)
{
    wn_mode_snapshot s = capable();
    wslnet_mode_info m;
    (void)state;
    s.config_mode = WN_MODE_MIRRORED;
    s.nat_network_firewall = 1; /* left from an earlier NAT start */
    m = resolve(&s);
    assert_string_equal(m.effective, "mirrored");
    assert_non_null(rule(&m, "stale-nat-network"));
    assert_int_equal(m.nat_network, 1);
    /* NAT with the firewall: its own network is not stale, the plain one is */
    s.config_mode = WN_MODE_NAT;
    m = resolve(&s);
    assert_null(rule(&m, "stale-nat-network"));
    assert_non_null(rule(&m, "nat-network"));
    s.nat_network_plain = 1;
    m = resolve(&s);
    assert_non_null(rule(&m, "stale-nat-network"));
    assert_string_equal(m.effective, "nat");
}

static void safe_mode_turns_networking_off(void **state)
{
    wn_mode_snapshot s = capable();
    wslnet_mode_info m;
    (void)state;
    s.config_mode = WN_MODE_MIRRORED;
    s.config_safe_mode = 1;
    m = resolve(&s);
    assert_string_equal(m.effective, "none");
    assert_non_null(rule(&m, "safe-mode"));
}

static void config_fields_from_text(void **state)
{
    wslnet_mode_info m;
    wn_mode_snapshot s;
    (void)state;
    memset(&m, 0, sizeof m);
    wn_mode_snapshot_init(&s);
    wn_mode_apply_config("[wsl2]\nnetworkingMode=VirtioProxy\nfirewall=false\nvirtio=false\n", &m, &s);
    assert_int_equal(s.config_mode, WN_MODE_CONSOMME);
    assert_string_equal(m.configured, "consomme");
    assert_int_equal(s.config_firewall, 0);
    assert_int_equal(s.config_virtio, 0);
    wn_mode_snapshot_init(&s);
    wn_mode_apply_config("[wsl2]\nnetworkingMode=bogus\n", &m, &s);
    assert_int_equal(s.config_mode, -1); /* invalid: as if absent, the (policy) default applies */
}

static void policy_override_sentences(void **state)
{
    char buf[256];
    (void)state;
    assert_true(wn_mode_policy_override("wsl2.networkingMode", "nat", 3, 0, -1, buf, sizeof buf));
    assert_non_null(strstr(buf, "Group Policy forces networkingMode=mirrored"));
    assert_false(wn_mode_policy_override("wsl2.networkingMode", "None", 3, 0, -1, buf, sizeof buf));
    assert_false(wn_mode_policy_override("wsl2.networkingMode", "nat", 3, -1, -1, buf, sizeof buf));
    assert_false(wn_mode_policy_override("wsl2.networkingMode", "mirrored", 3, 0, -1, buf, sizeof buf));
    assert_true(wn_mode_policy_override("wsl2.firewall", "false", -1, -1, 0, buf, sizeof buf));
    assert_false(wn_mode_policy_override("wsl2.firewall", "true", -1, -1, 0, buf, sizeof buf));
    assert_false(wn_mode_policy_override("wsl2.memory", "4GB", 3, 0, 0, buf, sizeof buf));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(configured_mirrored_runs_mirrored),
        cmocka_unit_test(policy_forces_mirrored_over_users_nat),
        cmocka_unit_test(policy_default_when_user_sets_nothing),
        cmocka_unit_test(none_always_allowed),
        cmocka_unit_test(policy_forces_firewall_on_never_off),
        cmocka_unit_test(mirrored_before_22621_2359_falls_back),
        cmocka_unit_test(mirrored_with_firewall_v1_falls_back),
        cmocka_unit_test(mirrored_without_hns_exports_falls_back),
        cmocka_unit_test(mirrored_with_ipv6_disabled_falls_back),
        cmocka_unit_test(consomme_and_its_fallbacks),
        cmocka_unit_test(stale_nat_network_is_no_evidence),
        cmocka_unit_test(safe_mode_turns_networking_off),
        cmocka_unit_test(config_fields_from_text),
        cmocka_unit_test(policy_override_sentences),
    };
    return cmocka_run_group_tests_name("mode", tests, NULL, NULL);
}
