/*
 * hvfw_plan.h - the Hyper-V firewall for WSL, portable part: the parsers of
 * what a person types (ports, addresses, protocol, profiles, GUIDs, names)
 * into the C API's typed options, the rule model with its WMI values and
 * canonical text, and the planners that turn (what the store holds, what was
 * asked) into what to write. win/lib/hvfw_wmi.c reads the
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
#define WN_HVFW_LIST_MAX WSLNET_HVFW_LIST_MAX /* items in one port or address list */

/* ---- strings lists (wslnet_hvfw_strings) */

/* Appends a copy of text (len bytes). WSLNET_OK or WSLNET_E_NO_MEMORY. */
WN_MUST_CHECK
wslnet_status wn_hvfw_strings_push(wslnet_hvfw_strings *list, const char *text, size_t len,
                                   wslnet_error *err);

/* Frees the items and zeroes the list. */
void wn_hvfw_strings_clear(wslnet_hvfw_strings *list);

/* 1 when both hold the same ports (addresses) in the same order, compared by
 * value ("0080" is not a port, but "fe80::1" equals "FE80:0::1"); an item
 * that does not parse compares as bytes. What rule comparison uses. */
int wn_hvfw_ports_same(const wslnet_hvfw_strings *a, const wslnet_hvfw_strings *b);
int wn_hvfw_addresses_same(const wslnet_hvfw_strings *a, const wslnet_hvfw_strings *b);

/* ---- validators; each fills err (WSLNET_E_INVALID_INPUT) naming the bad part */

/* Up to size - 4 bytes of text[0..len) for a message into buf, cut with "..."
 * when longer; returns buf (hvfw_parse.c). */
const char *wn_hvfw_quote(const char *text, size_t len, char *buf, size_t size);

/*
 * A port list: "any" (alone: no condition, *out NULL, *count 0), or
 * comma-separated items, each a port 1-65535 or a range "a-b" with a <= b,
 * decimal without sign, leading zero or spaces. what names the field in
 * messages ("local_ports"). *out is malloc'd (free it), NULL on failure.
 */
WN_MUST_CHECK
wslnet_status wn_hvfw_port_list_parse(const char *text, const char *what, wslnet_hvfw_port_range **out,
                                      size_t *count, wslnet_error *err);

/* A port range given as a value: 1-65535, first <= last. */
WN_MUST_CHECK
wslnet_status wn_hvfw_port_range_check(const wslnet_hvfw_port_range *range, const char *what, wslnet_error *err);

/* WMI's text of a range: "80", or "1000-2000" (buf: 12 bytes suffice). */
void wn_hvfw_port_format(const wslnet_hvfw_port_range *range, char *buf, size_t size);

/*
 * An address list: "any" (alone), or comma-separated items, each an IPv4 or
 * IPv6 address, a subnet "addr/prefix" (0-32 / 0-128), an IPv4 subnet by mask
 * "a.b.c.d/255.255.255.0" (a prefix: the WMI class documents the prefix form
 * only), or a range "first-last" of one family with first <= last. Keywords
 * of the host firewall (LocalSubnet, DNS, ...) are refused: Hyper-V rules
 * document none. *out as wn_hvfw_port_list_parse.
 */
WN_MUST_CHECK
wslnet_status wn_hvfw_address_list_parse(const char *text, const char *what, wslnet_hvfw_address **out,
                                         size_t *count, wslnet_error *err);

/* An address given as a value: kind known, family 4 or 6, prefix in range,
 * a range of one family with first <= last. */
WN_MUST_CHECK
wslnet_status wn_hvfw_address_check(const wslnet_hvfw_address *address, const char *what, wslnet_error *err);

/* The longest text wn_hvfw_address_format writes: two IPv6 addresses and '-'. */
#define WN_HVFW_ADDRESS_TEXT_MAX 91

/* WMI's text of an address: dotted IPv4, RFC 5952 IPv6, "addr/prefix",
 * "first-last"; wn_hvfw_address_list_parse reads it back. */
void wn_hvfw_address_format(const wslnet_hvfw_address *address, char *buf, size_t size);

/* 1 when a and b are the same checked address (kind, family, bytes, prefix). */
int wn_hvfw_address_equal(const wslnet_hvfw_address *a, const wslnet_hvfw_address *b);

/* A protocol: tcp, udp, icmpv4, icmpv6 (any case), a number 0-255, or "any"
 * (WSLNET_HVFW_PROTOCOL_ANY). */
WN_MUST_CHECK
wslnet_status wn_hvfw_protocol_parse(const char *text, int *out, wslnet_error *err);

/* A protocol given as a value: 0-255 or WSLNET_HVFW_PROTOCOL_ANY. */
WN_MUST_CHECK
wslnet_status wn_hvfw_protocol_check(int protocol, wslnet_error *err);

/* WMI's text of a checked protocol: "TCP", "UDP", "ICMPv4", "ICMPv6" for 6,
 * 17, 1, 58, "" for any, else the number (buf: 8 bytes). */
void wn_hvfw_protocol_format(int protocol, char *buf, size_t size);

/* 1 for TCP and UDP: the protocols that have ports. */
int wn_hvfw_protocol_has_ports(int protocol);

/* 1 when text is a braced GUID "{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}" (hex
 * digits, any case). The braces are required, as WMI requires them. */
int wn_hvfw_guid_valid(const char *text);

/* A VM creator ID (braced GUID), NULL meaning WSL's; copied into out[40]. */
WN_MUST_CHECK
wslnet_status wn_hvfw_creator_parse(const char *text, char out[40], wslnet_error *err);

/* "any", or a comma list of domain, private, public (any case) -> bitmask. */
WN_MUST_CHECK
wslnet_status wn_hvfw_profiles_parse(const char *text, int *out, wslnet_error *err);

/* "in"/"inbound", "out"/"outbound" (any case). */
WN_MUST_CHECK
wslnet_status wn_hvfw_direction_parse(const char *text, wslnet_hvfw_direction *out, wslnet_error *err);

/* The words the parsers below take, NULL-ended (the command line's choices). */
extern const char *const wn_hvfw_action_words[];
extern const char *const wn_hvfw_default_action_words[];
extern const char *const wn_hvfw_rule_enabled_words[];
extern const char *const wn_hvfw_tristate_words[];
extern const char *const wn_hvfw_store_words[];

/* Rule action: "allow", "block". */
WN_MUST_CHECK
wslnet_status wn_hvfw_action_parse(const char *text, wslnet_hvfw_action *out, wslnet_error *err);

/* Setting default action: also "notconfigured". what names the field. */
WN_MUST_CHECK
wslnet_status wn_hvfw_default_action_parse(const char *text, const char *what, wslnet_hvfw_action *out,
                                           wslnet_error *err);

/* Rule Enabled: "true", "false". */
WN_MUST_CHECK
wslnet_status wn_hvfw_rule_enabled_parse(const char *text, wslnet_hvfw_bool *out, wslnet_error *err);

/* Setting tri-state: "true", "false", "notconfigured". */
WN_MUST_CHECK
wslnet_status wn_hvfw_tristate_parse(const char *text, const char *what, wslnet_hvfw_bool *out, wslnet_error *err);

/* The WMI value of a setting's action (0 not configured, 2 allow, 4 block) or
 * tri-state (0 false, 1 true, 2 not configured); DEFAULT: WSLNET_HVFW_UNSET. */
int wn_hvfw_action_wmi(wslnet_hvfw_action action);
int wn_hvfw_tristate_wmi(wslnet_hvfw_bool value);

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
 * Builds the rule to write (WMI's values and canonical text) from typed
 * options, checking all of them and their combination (ports only with
 * TCP/UDP); every message names the field. Defaults as
 * New-NetFirewallHyperVRule: direction inbound, action allow, enabled true,
 * profiles any; display name the name; creator WSL's. Fields not given stay
 * "" / empty / UNSET except Direction, Action, Enabled, Profiles, which are
 * always set. On failure out is cleared.
 */
WN_MUST_CHECK
wslnet_status wn_hvfw_rule_make(const wslnet_hvfw_rule_options *options, wslnet_hvfw_rule *out,
                                wslnet_error *err);

/* 1 when existing already holds every value want sets (what wslnet writes);
 * port and address lists compare by value. */
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

/* Checks the typed options; at least one value must be given. */
WN_MUST_CHECK
wslnet_status wn_hvfw_settings_request_parse(const wslnet_hvfw_settings_options *options,
                                             wn_hvfw_settings_request *out, wslnet_error *err);

/* Fills out->before (= *before), out->after, create, change_count, changed. */
void wn_hvfw_settings_plan(const wslnet_hvfw_settings *before, const wn_hvfw_settings_request *request,
                           wslnet_hvfw_settings_result *out);

/* ---- options from text (the command line, the policy file, MSI properties) */

/* A rule's options as text, NULL: the default (the words of the parsers
 * above; ports and addresses as lists). */
typedef struct wn_hvfw_rule_text {
    const char *name, *display_name, *direction, *action, *protocol;
    const char *local_ports, *remote_ports, *local_addresses, *remote_addresses;
    const char *profiles, *enabled, *vm_creator_id;
} wn_hvfw_rule_text;

/* Typed options parsed from text: options' strings point into the text,
 * its lists into ports[] and addresses[] (local, remote), owned here. */
typedef struct wn_hvfw_rule_typed {
    wslnet_hvfw_rule_options options;
    wslnet_hvfw_port_range *ports[2];
    wslnet_hvfw_address *addresses[2];
} wn_hvfw_rule_typed;

/*
 * Parses and checks text into typed options for wslnet_hvfw_rule_add, in the
 * order of wn_hvfw_rule_make (name, display name, creator, protocol, words,
 * lists, ports only with TCP/UDP), so the first complaint is the one the DLL
 * would make; messages name fields as the DLL does. dry_run is 0. Free *out
 * with wn_hvfw_rule_typed_free (cleared on failure).
 */
WN_MUST_CHECK
wslnet_status wn_hvfw_rule_text_parse(const wn_hvfw_rule_text *text, wn_hvfw_rule_typed *out, wslnet_error *err);
void wn_hvfw_rule_typed_free(wn_hvfw_rule_typed *typed);

/* Settings as text, NULL: leave it (words of wn_hvfw_tristate_parse and
 * wn_hvfw_default_action_parse). */
typedef struct wn_hvfw_settings_text {
    const char *vm_creator_id, *enabled, *default_inbound, *default_outbound, *loopback, *host_policy_merge;
} wn_hvfw_settings_text;

/* Parses the words into *out (vm_creator_id points into text; dry_run 0);
 * "nothing given" is left to wslnet_hvfw_settings_set. */
WN_MUST_CHECK
wslnet_status wn_hvfw_settings_text_parse(const wn_hvfw_settings_text *text, wslnet_hvfw_settings_options *out,
                                          wslnet_error *err);

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
