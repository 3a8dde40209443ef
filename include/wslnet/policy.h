/*
 * wslnet/policy.h - desired state for a machine (issue 12): one JSON policy
 * file (docs/policy.schema.json, schemaVersion 1) validated, planned against
 * the system, applied idempotently, or checked for drift.
 *
 * Ownership decides removal: apply removes what wslnet created from a policy
 * earlier and the policy no longer lists, and never touches anything else.
 *
 * The policy may come from Group Policy: HKLM\SOFTWARE\Policies\wslnet holds
 * the values below (installer/gpo/wslnet.admx writes them; a test checks the
 * ADMX against this table both ways). This table is the one place their names
 * are spelled.
 */
#ifndef WSLNET_POLICY_H
#define WSLNET_POLICY_H

#include "wslnet.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Group Policy key read by wslnet (read-only access is enough). */
#define WSLNET_GP_KEY "SOFTWARE\\Policies\\wslnet"

/*
 * X(value name, registry type, what it means). Values set here take
 * precedence over the same members of the policy file.
 */
#define WSLNET_GP_VALUES(X)                                                                              \
    X("PolicyFile", "REG_SZ", "path or UNC path of the policy file used when none is given")             \
    X("HyperVFirewallDefaultInboundAction", "REG_SZ",                                                     \
      "\"block\" or \"allow\": hyperVFirewall.settings.defaultInboundAction")                             \
    X("NatSubnet", "REG_SZ", "CIDR of WSL's NAT network: natSubnet")

/* Where the installer records the policy it applied (MSI POLICYFILE). */
#define WSLNET_INSTALLED_POLICY_KEY "SOFTWARE\\wslnet"
#define WSLNET_INSTALLED_POLICY_VALUE "PolicyFile"

#ifdef __cplusplus
}
#endif

#endif
