/*
 * hvfw_plan.h - the Hyper-V firewall for WSL, portable part: the validators of
 * what a person types (ports, addresses, protocol, profiles, GUIDs, names),
 * the rule model with its WMI values, and the planners that turn (what the
 * store holds, what was asked) into what to write. win/lib/hvfw_wmi.c reads the
 * store over WMI and writes what the plan says.
 *
 * Values follow MSFT_NetFirewallHyperVRule / MSFT_NetFirewallHyperVVMSetting
 * (learn.microsoft.com/windows/win32/fwp/wmi/wfascimprov): rule Direction
 * 1 in / 2 out, Action 2 allow / 4 block, Enabled 1 true / 2 false, Profiles
 * bitmask 0 any, 1 domain, 2 private, 4 public; setting Enabled,
 * LoopbackEnabled, AllowHostPolicyMerge 0 false / 1 true / 2 not configured;
 * DefaultInbound/OutboundAction 0 not configured / 2 allow / 4 block.
 */
#ifndef WN_HVFW_H
#define WN_HVFW_H

#include "status.h" /* wslnet.h, WN_MUST_CHECK */

#include <stddef.h>

#define WN_HVFW_DIRECTION_IN 1
#define WN_HVFW_DIRECTION_OUT 2
#define WN_HVFW_ACTION_NOT_CONFIGURED 0
#define WN_HVFW_ACTION_ALLOW 2
#define WN_HVFW_ACTION_BLOCK 4
#define WN_HVFW_RULE_ENABLED 1
#define WN_HVFW_RULE_DISABLED 2
#define WN_HVFW_FALSE 0
#define WN_HVFW_TRUE 1
#define WN_HVFW_NOT_CONFIGURED 2
#define WN_HVFW_PROFILE_ANY 0
#define WN_HVFW_PROFILE_DOMAIN 1
#define WN_HVFW_PROFILE_PRIVATE 2
#define WN_HVFW_PROFILE_PUBLIC 4

#define WN_HVFW_NAME_MAX 200       /* a name wslnet creates, prefix included */
#define WN_HVFW_TEXT_MAX 1024      /* display name, a foreign name given to remove */
#define WN_HVFW_LIST_MAX 1000      /* items in one port or address list */

/* ---- strings lists (wslnet_hvfw_strings) */

/* Appends a copy of text (len bytes). WSLNET_OK or WSLNET_E_NO_MEMORY. */
WN_MUST_CHECK
wslnet_status wn_hvfw_strings_push(wslnet_hvfw_strings *list, const char *text, size_t len,
                                   wslnet_error *err);

/* Frees the items and zeroes the list. */
void wn_hvfw_strings_clear(wslnet_hvfw_strings *list);

/* 1 when both hold the same items in the same order (exact bytes). */
int wn_hvfw_strings_equal(const wslnet_hvfw_strings *a, const wslnet_hvfw_strings *b);

/* ---- validators; each fills err (WSLNET_E_INVALID_INPUT) naming the bad part */

/* Up to size - 4 bytes of text[0..len) for a message into buf, cut with "..."
 * when longer; returns buf (hvfw_parse.c). */
const char *wn_hvfw_quote(const char *text, size_t len, char *buf, size_t size);

/*
 * A port list: "any" (alone: no condition, *out empty), or comma-separated
 * items, each a port 1-65535 or a range "a-b" with a <= b, decimal without
 * sign, leading zero or spaces. what names the field in messages
 * ("--local-port"). *out receives the items as given; clear it after.
 */
WN_MUST_CHECK
wslnet_status wn_hvfw_ports_parse(const char *text, const char *what, wslnet_hvfw_strings *out,
                                  wslnet_error *err);

/*
 * An address list: "any" (alone), or comma-separated items, each an IPv4 or
 * IPv6 address, a subnet "addr/prefix" (0-32 / 0-128), an IPv4 subnet by mask
 * "a.b.c.d/255.255.255.0" (stored as /prefix: the WMI class documents the
 * prefix form only), or a range "first-last" of one family with first <=
 * last. Keywords of the host firewall (LocalSubnet, DNS, ...) are refused:
 * Hyper-V rules document none.
 */
WN_MUST_CHECK
wslnet_status wn_hvfw_addresses_parse(const char *text, const char *what, wslnet_hvfw_strings *out,
                                      wslnet_error *err);

/*
 * A protocol: tcp, udp, icmpv4, icmpv6 (any case) or a number 0-255; "any"
 * gives "". Written as WMI's names: "TCP", "UDP", "ICMPv4", "ICMPv6"; the
 * numbers of those four (6, 17, 1, 58) become their names too, so that the
 * TCP/UDP-only checks see one form. out must hold 8 bytes.
 */
WN_MUST_CHECK
wslnet_status wn_hvfw_protocol_parse(const char *text, char *out, size_t size, wslnet_error *err);

/* 1 when protocol (canonical) is "TCP" or "UDP": the ones that have ports. */
int wn_hvfw_protocol_has_ports(const char *protocol);

/* 1 when text is a braced GUID "{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}" (hex
 * digits, any case). The braces are required, as WMI requires them. */
int wn_hvfw_guid_valid(const char *text);

/* A VM creator ID (braced GUID), NULL meaning WSL's; copied into out[40]. */
WN_MUST_CHECK
wslnet_status wn_hvfw_creator_parse(const char *text, char out[40], wslnet_error *err);

/* "any", or a comma list of domain, private, public (any case) -> bitmask. */
WN_MUST_CHECK
wslnet_status wn_hvfw_profiles_parse(const char *text, int *out, wslnet_error *err);

/* "in"/"inbound" -> 1, "out"/"outbound" -> 2 (any case). */
WN_MUST_CHECK
wslnet_status wn_hvfw_direction_parse(const char *text, int *out, wslnet_error *err);

/* The words the parsers below take, NULL-ended (the command line's choices). */
extern const char *const wn_hvfw_action_words[];
extern const char *const wn_hvfw_default_action_words[];
extern const char *const wn_hvfw_rule_enabled_words[];
extern const char *const wn_hvfw_tristate_words[];
extern const char *const wn_hvfw_store_words[];

/* Rule action: "allow" -> 2, "block" -> 4. */
WN_MUST_CHECK
wslnet_status wn_hvfw_action_parse(const char *text, int *out, wslnet_error *err);

/* Setting default action: also "notconfigured" -> 0. what names the field. */
WN_MUST_CHECK
wslnet_status wn_hvfw_default_action_parse(const char *text, const char *what, int *out,
                                           wslnet_error *err);

/* Rule Enabled: "true" -> 1, "false" -> 2. */
WN_MUST_CHECK
wslnet_status wn_hvfw_rule_enabled_parse(const char *text, int *out, wslnet_error *err);

/* Setting tri-state: "true" -> 1, "false" -> 0, "notconfigured" -> 2. */
WN_MUST_CHECK
wslnet_status wn_hvfw_tristate_parse(const char *text, const char *what, int *out, wslnet_error *err);

/*
 * The name of a rule wslnet creates: letters, digits, '.', '_', '-', '{', '}'
 * (what goes into a WMI object path without escapes), WSLNET_HVFW_RULE_PREFIX
 * added when it is not there (any case), at most WN_HVFW_NAME_MAX bytes in
 * all. out must hold WN_HVFW_NAME_MAX + 1 bytes.
 */
WN_MUST_CHECK
wslnet_status wn_hvfw_name_make(const char *text, char *out, size_t size, wslnet_error *err);

/* 1 when name starts with WSLNET_HVFW_RULE_PREFIX (ASCII case-insensitive). */
int wn_hvfw_name_is_owned(const char *name);

/* 1 when text is well-formed UTF-8 without control characters, 1 to max bytes. */
int wn_hvfw_text_valid(const char *text, size_t max);

/* ---- rules */

/* Frees what a rule owns and zeroes it (numbers become WSLNET_HVFW_UNSET). */
void wn_hvfw_rule_clear(wslnet_hvfw_rule *rule);

/* A rule with every string "" and every number WSLNET_HVFW_UNSET, or
 * WSLNET_E_NO_MEMORY. Clear it with wn_hvfw_rule_clear. */
WN_MUST_CHECK
wslnet_status wn_hvfw_rule_init(wslnet_hvfw_rule *rule, wslnet_error *err);

/* Deep copy of src into dst (dst uninitialised). */
WN_MUST_CHECK
wslnet_status wn_hvfw_rule_copy(wslnet_hvfw_rule *dst, const wslnet_hvfw_rule *src, wslnet_error *err);

/* Replaces *field (a rule's string) with a copy of text. */
WN_MUST_CHECK
wslnet_status wn_hvfw_set_text(char **field, const char *text, wslnet_error *err);

/*
 * Builds the rule to write from text options, checking all of them and their
 * combination (ports only with TCP/UDP). Defaults as New-NetFirewallHyperVRule:
 * direction inbound, action allow, enabled true, profiles any; display name
 * the name; creator WSL's. Fields not given stay "" / empty / UNSET except
 * Direction, Action, Enabled, Profiles, which are always set. On failure out
 * is cleared.
 */
WN_MUST_CHECK
wslnet_status wn_hvfw_rule_make(const wslnet_hvfw_rule_options *options, wslnet_hvfw_rule *out,
                                wslnet_error *err);

/* 1 when existing already holds every value want sets (what wslnet writes). */
int wn_hvfw_rule_same(const wslnet_hvfw_rule *want, const wslnet_hvfw_rule *existing);

/* 1 when rule applies to creator: its VMCreatorId equals creator (any case). */
int wn_hvfw_rule_for_creator(const wslnet_hvfw_rule *rule, const char *creator);

/* The rule in rules[count] named name (ASCII case-insensitive, as WMI keys
 * compare), NULL when none. */
const wslnet_hvfw_rule *wn_hvfw_rule_find(const wslnet_hvfw_rule *rules, size_t count,
                                          const char *name);

/* ---- plans */

typedef enum wn_hvfw_op {
    WN_HVFW_OP_NONE = 0,      /* identical rule already there */
    WN_HVFW_OP_CREATE,
    WN_HVFW_OP_UPDATE,        /* wslnet's rule of that name, replaced */
    WN_HVFW_OP_DELETE
} wn_hvfw_op;

/* "none", "create", "update", "delete". */
const char *wn_hvfw_op_name(wn_hvfw_op op);

/* What adding want does given the store's rules (every creator). */
wn_hvfw_op wn_hvfw_plan_add(const wslnet_hvfw_rule *want, const wslnet_hvfw_rule *rules, size_t count);

/*
 * Which rule a remove of name_text means: wslnet's rule (prefix added when
 * missing) first, else a rule of exactly name_text, which when foreign needs
 * force. *target points into rules on WSLNET_OK. WSLNET_E_INVALID_INPUT for a
 * bad name or a foreign rule without force, WSLNET_E_NOT_FOUND for none.
 */
WN_MUST_CHECK
wslnet_status wn_hvfw_plan_remove(const char *name_text, int force, const wslnet_hvfw_rule *rules,
                                  size_t count, const wslnet_hvfw_rule **target, wslnet_error *err);

/* The WMI object path of a rule: MSFT_NetFirewallHyperVRule.InstanceID="<name>"
 * with '\' and '"' escaped. malloc'd (caller frees), NULL when out of memory. */
char *wn_hvfw_rule_path(const char *name);

/* ---- settings */

/* The settings' WMI property names in wslnet_hvfw_settings field order. */
extern const char *const wn_hvfw_setting_names[WSLNET_HVFW_SETTING_COUNT];

/* The i-th value of s (wn_hvfw_setting_names order); NULL past the end. */
int *wn_hvfw_setting_field(wslnet_hvfw_settings *s, size_t i);

/* Settings with every value UNSET, exists 0, for creator. */
void wn_hvfw_settings_blank(wslnet_hvfw_settings *s, const char *creator);

typedef struct wn_hvfw_settings_request {
    char vm_creator_id[40];
    int values[WSLNET_HVFW_SETTING_COUNT];   /* WSLNET_HVFW_UNSET: leave as is */
} wn_hvfw_settings_request;

/* Checks the text options; at least one value must be given. */
WN_MUST_CHECK
wslnet_status wn_hvfw_settings_request_parse(const wslnet_hvfw_settings_options *options,
                                             wn_hvfw_settings_request *out, wslnet_error *err);

/* Fills out->before (= *before), out->after, create, change_count, changed. */
void wn_hvfw_settings_plan(const wslnet_hvfw_settings *before, const wn_hvfw_settings_request *request,
                           wslnet_hvfw_settings_result *out);

/* ---- names for output */

/* "unsupported", "v1", "v2" / "persistent", "active" (wslnet_hvfw_*_name). */
const char *wn_hvfw_support_name(wslnet_hvfw_support support);
const char *wn_hvfw_store_name(wslnet_hvfw_store store);
/* "persistent" or "active" (any case) -> store. */
WN_MUST_CHECK
wslnet_status wn_hvfw_store_parse(const char *text, wslnet_hvfw_store *out, wslnet_error *err);

/* Setting tri-state: "false", "true", "notConfigured"; NULL for other values. */
const char *wn_hvfw_tristate_name(int value);
/* Action: "notConfigured", "allow", "block"; NULL for other values. */
const char *wn_hvfw_action_name(int value);
/* Direction: "inbound", "outbound"; NULL for other values. */
const char *wn_hvfw_direction_name(int value);
/* Rule Enabled: "true", "false"; NULL for other values. */
const char *wn_hvfw_rule_enabled_name(int value);
/* Profiles into buf: "any" or "domain,private,public" (size >= 24). */
void wn_hvfw_profiles_format(int mask, char *buf, size_t size);

#endif
