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

/* What a policy created: one value per item, name "<area>:<item>" (REG_SZ ""). */
#define WSLNET_POLICY_OWNED_KEY "SOFTWARE\\wslnet\\Policy\\Owned"

/* ---- the engine (win/lib/policy_engine.c) */

/* Where the policy came from. */
typedef enum wslnet_policy_source {
    WSLNET_POLICY_SOURCE_ARGUMENT = 0,    /* the file given */
    WSLNET_POLICY_SOURCE_GROUP_POLICY     /* WSLNET_GP_KEY's PolicyFile (no file given) */
} wslnet_policy_source;

/* "argument", "groupPolicy". */
WSLNET_API const char *wslnet_policy_source_name(wslnet_policy_source source);

/* Largest policy file read (bytes); larger is WSLNET_E_INVALID_INPUT. */
#define WSLNET_POLICY_FILE_MAX (1024 * 1024)

typedef struct wslnet_policy_options {
    const char *file;             /* the policy file (a path or UNC path); NULL: Group Policy's PolicyFile */
    int dry_run;                  /* apply: plan only, nothing written */
} wslnet_policy_options;

typedef struct wslnet_policy_problem {
    char path[256];               /* "$.portProxies[0].listenPort", or the Group Policy value's path */
    char message[256];
} wslnet_policy_problem;

typedef struct wslnet_policy_change {
    char area[16];                /* "portProxies", "exposures", "hyperVFirewall", "natSubnet",
                                     "wslConfig", "certificates" */
    char item[160];               /* "v4tov4 0.0.0.0:8080", "tcp-3000", "wslnet-web",
                                     "settings.defaultInboundAction", "192.168.240.0/20", "wsl2.memory" */
    char change[8];               /* "add", "update", "remove" */
    char user[128];               /* wslConfig: whose file (DOMAIN\name); "" otherwise */
    char what[320];               /* one line */
} wslnet_policy_change;

typedef struct wslnet_policy_failure {
    char area[16];
    char item[160];
    char user[128];
    wslnet_error error;
} wslnet_policy_failure;

typedef struct wslnet_policy_result {
    char policy_file[520];        /* the file read; "" when none could be named */
    wslnet_policy_source source;
    int valid;                    /* validate: no problem found */
    size_t problem_count;
    wslnet_policy_problem *problems;   /* validate (and a refused plan/apply/check): every problem */
    size_t change_count;
    wslnet_policy_change *changes;     /* plan/check: what differs; apply: what was planned */
    size_t applied;               /* apply: changes made (0 for plan, check, dry run) */
    int dry_run;                  /* apply with dry_run: nothing was made */
    size_t failure_count;
    wslnet_policy_failure *failures;   /* apply: changes that failed (the others were made) */
    char recovered[256];          /* apply: what finishing an interrupted earlier change did; "" */
} wslnet_policy_result;

WSLNET_API void wslnet_policy_result_free(wslnet_policy_result *result);

/*
 * Reads and validates the policy (nothing else is read). WSLNET_OK with
 * *out->valid 1, or WSLNET_E_INVALID_INPUT with *out listing every problem
 * (JSON path and message) and err the first; *out is set in both cases
 * (free it). A file that cannot be read: its status, *out NULL.
 */
WSLNET_MUST_CHECK
WSLNET_API wslnet_status wslnet_policy_validate(const wslnet_policy_options *options, wslnet_policy_result **out,
                                                wslnet_error *err);

/*
 * Validates the whole policy, then reads the system in one pass and lists
 * every change apply would make (nothing written, no elevation needed for
 * what a standard user may read). check is plan for a detector: the same
 * result, and it reports to the Event Log (one event per run, one per drifted
 * item; a log that cannot be written never fails it). Refusals:
 * WSLNET_E_INVALID_INPUT (bad policy: *out has the problems; a foreign item
 * on an identity the policy names; natSubnet over a route),
 * WSLNET_E_UNSUPPORTED (certificates; a Hyper-V firewall the system lacks).
 */
WSLNET_MUST_CHECK
WSLNET_API wslnet_status wslnet_policy_plan(const wslnet_policy_options *options, wslnet_policy_result **out,
                                            wslnet_error *err);
WSLNET_MUST_CHECK
WSLNET_API wslnet_status wslnet_policy_check(const wslnet_policy_options *options, wslnet_policy_result **out,
                                             wslnet_error *err);

/*
 * Converges: plans as wslnet_policy_plan under the machine lock (elevation
 * required), then makes each change through its area's API (proxy, expose,
 * Hyper-V firewall, subnet, config --user), each with its own journal, and
 * records what the policy owns (HKLM\SOFTWARE\wslnet\Policy\Owned). A change
 * that fails is listed in failures; the others are made. WSLNET_OK when all
 * were made (zero changes: nothing written at all); WSLNET_E_SYSTEM (or the
 * first failure's status) when some failed, *out filled. Reports to the
 * Event Log: one summary event, one per failed change.
 */
WSLNET_MUST_CHECK
WSLNET_API wslnet_status wslnet_policy_apply(const wslnet_policy_options *options, wslnet_policy_result **out,
                                             wslnet_error *err);

/*
 * Removes everything a policy created (its ownership record's items), as an
 * apply of an empty policy: what the MSI's uninstall and rollback call.
 * options may be NULL; options->file is not read. Statuses as apply.
 */
WSLNET_MUST_CHECK
WSLNET_API wslnet_status wslnet_policy_remove_owned(const wslnet_policy_options *options,
                                                    wslnet_policy_result **out, wslnet_error *err);

#ifdef __cplusplus
}
#endif

#endif
