/*
 * portproxy.h - netsh portproxy rules: the model, the registry codec, the
 * ownership record, and the planner that turns (store, owned set, request, VM
 * address) into a minimal list of changes. Portable: win/ reads the store and
 * applies the plan.
 *
 * Store (IP Helper service): HKLM\SYSTEM\CurrentControlSet\Services\PortProxy\
 * <kind>\tcp, one REG_SZ per rule, name "<listenaddress>/<listenport>", data
 * "<connectaddress>/<connectport>".
 *
 * Ownership (what wslnet created): one REG_SZ per owned rule under wslnet's own
 * key, in a subkey named for the kind (e.g. HKLM\SOFTWARE\wslnet\PortProxy\
 * v4tov4). The value name is the rule's value name, "<listenaddress>/
 * <listenport>"; the data is "<target>/<connectport>" where target is "wsl"
 * (follow the VM) or the literal connect address or host name ("wsl/8080",
 * "10.0.0.5/80").
 *
 * A rule's identity is (kind, listen address, listen port), the listen
 * address compared ASCII case-insensitively as the registry compares value
 * names. Text is kept as found, so encode(decode(x)) == x.
 */
#ifndef WN_PORTPROXY_H
#define WN_PORTPROXY_H

#include "status.h" /* wslnet.h, WN_MUST_CHECK */
#include "wslnet/proxy.h" /* wslnet_proxy_listen */

#include <stddef.h>
#include <stdint.h>

typedef enum wn_pp_kind {
    WN_PP_V4TOV4 = 0,
    WN_PP_V4TOV6,
    WN_PP_V6TOV4,
    WN_PP_V6TOV6,
    WN_PP_KIND_COUNT
} wn_pp_kind;

#define WN_PP_LISTEN_MAX 46                      /* "*" or IPv6 text (45) + NUL */
#define WN_PP_CONNECT_MAX 254                    /* host name (253) + NUL */
#define WN_PP_NAME_MAX (WN_PP_LISTEN_MAX + 6)    /* "<listen>/65535" + NUL */
#define WN_PP_DATA_MAX (WN_PP_CONNECT_MAX + 6)   /* "<connect>/65535" + NUL */

/* The symbolic target: connect to the WSL VM's current address. */
#define WN_PP_TARGET_WSL "wsl"

typedef struct wn_pp_rule {
    wn_pp_kind kind;
    char listen_address[WN_PP_LISTEN_MAX];   /* "*" or an address of the listen family */
    uint16_t listen_port;                    /* 1-65535 */
    char connect_address[WN_PP_CONNECT_MAX]; /* address of the connect family, or a host name */
    uint16_t connect_port;                   /* 1-65535 */
} wn_pp_rule;

typedef struct wn_pp_owned {
    wn_pp_kind kind;
    char listen_address[WN_PP_LISTEN_MAX];
    uint16_t listen_port;
    char target[WN_PP_CONNECT_MAX];          /* "wsl", or a literal connect address or host */
    uint16_t connect_port;
} wn_pp_owned;

/* ---- kinds, ports, names */

/* Parses "v4tov4", "v4tov6", "v6tov4", "v6tov6" (ASCII case-insensitive, as
 * registry key names are). Returns 1 and sets *out, 0 for anything else. */
int wn_pp_kind_parse(const char *text, wn_pp_kind *out);

/* Lowercase name of a kind, which is also its registry subkey name; "?" when
 * kind is out of range. Static storage. */
const char *wn_pp_kind_name(wn_pp_kind kind);

/* The kinds' names in wn_pp_kind order, NULL-ended (the command line's
 * --kind choices). */
extern const char *const wn_pp_kind_names[WN_PP_KIND_COUNT + 1];

/* Address family (4 or 6) a kind listens on / connects to; 0 when out of range. */
int wn_pp_listen_family(wn_pp_kind kind);
int wn_pp_connect_family(wn_pp_kind kind);

/* Parses a port over the first len bytes of text: decimal digits only,
 * 1-65535, no sign, no leading zero, no whitespace, no range. Returns 1 and
 * sets *out on success, 0 otherwise. */
int wn_pp_port_parse_n(const char *text, size_t len, uint16_t *out);

/* Same over a NUL-terminated string. */
int wn_pp_port_parse(const char *text, uint16_t *out);

/* 1 when text is an RFC 1123 host name: dot-separated labels of 1-63
 * letters, digits or hyphens, no hyphen at either end of a label, at most 253
 * characters, no empty label (so no trailing dot), last label not all digits. */
int wn_pp_hostname_valid(const char *text);

/* 1 when text is "*" or an address of the kind's listen family. */
int wn_pp_listen_address_valid(wn_pp_kind kind, const char *text);

/* 1 when text is an address of the kind's connect family or a host name. */
int wn_pp_connect_address_valid(wn_pp_kind kind, const char *text);

/* 1 when target is the symbolic "wsl" (ASCII case-insensitive). */
int wn_pp_target_is_wsl(const char *target);

/* ---- building and checking rules from user input */

/*
 * Builds a rule from command-line text. kind_text NULL means v4tov4;
 * listen_address NULL means "0.0.0.0" (v4 listen kinds) or "::" (v6);
 * connect_port_text NULL means the listen port. connect_address may be "wsl"
 * (the symbolic target; the planner resolves it). On failure returns
 * WSLNET_E_INVALID_INPUT with a message naming the bad part; *out is then
 * unspecified.
 */
WN_MUST_CHECK
wslnet_status wn_pp_rule_make(const char *kind_text, const char *listen_address,
                              const char *listen_port_text, const char *connect_address,
                              const char *connect_port_text, wn_pp_rule *out,
                              wslnet_error *err);

/* The command line's pieces, one at a time, with the messages wn_pp_rule_make
 * gives (the CLI fills wslnet_proxy_add_options with them):
 * wn_pp_port_arg parses a port ("listen", "connect" name it in the message);
 * wn_pp_kind_arg a kind (NULL: v4tov4); wn_pp_listen_arg a listen address
 * of the kind's family or "*" (NULL: zeroed, the default). Each returns
 * WSLNET_OK or WSLNET_E_INVALID_INPUT naming the bad text. */
WN_MUST_CHECK
wslnet_status wn_pp_port_arg(const char *what, const char *text, uint16_t *out, wslnet_error *err);
WN_MUST_CHECK
wslnet_status wn_pp_kind_arg(const char *text, wn_pp_kind *out, wslnet_error *err);
WN_MUST_CHECK
wslnet_status wn_pp_listen_arg(wn_pp_kind kind, const char *text, wslnet_proxy_listen *out, wslnet_error *err);

/* The listen address the API's typed value stands for, as store text
 * ("0.0.0.0" or "::" for the default, "*", the canonical address) into out.
 * WSLNET_E_INVALID_INPUT for a kind out of range, a family other than 0, 4,
 * 6, an address not of the kind's listen family, wildcard with an address. */
WN_MUST_CHECK
wslnet_status wn_pp_listen_text(wn_pp_kind kind, const wslnet_proxy_listen *listen, char out[WN_PP_LISTEN_MAX],
                                wslnet_error *err);

/* Builds a rule from values (listen_address store text as found); checks it
 * as wn_pp_rule_check. */
WN_MUST_CHECK
wslnet_status wn_pp_rule_set(wn_pp_kind kind, const char *listen_address, uint16_t listen_port,
                             const char *connect_address, uint16_t connect_port, wn_pp_rule *out,
                             wslnet_error *err);

/* Checks every field of a rule (kind in range, addresses valid for the kind,
 * ports not 0). WSLNET_E_INVALID_INPUT with a message naming the bad field. */
WN_MUST_CHECK
wslnet_status wn_pp_rule_check(const wn_pp_rule *rule, wslnet_error *err);

/* ---- registry codec */

/*
 * Decodes one store value of the kind's subkey: name "<listen>/<port>", data
 * "<connect>/<port>", each split at the last '/'. WSLNET_E_BAD_DATA with a
 * message naming the bad part when anything is not strictly valid.
 */
WN_MUST_CHECK
wslnet_status wn_pp_rule_decode(wn_pp_kind kind, const char *name, const char *data,
                                wn_pp_rule *out, wslnet_error *err);

/*
 * Encodes a rule into name[name_size] and data[data_size] (WN_PP_NAME_MAX and
 * WN_PP_DATA_MAX always suffice). WSLNET_E_INVALID_INPUT when the rule does
 * not pass wn_pp_rule_check, WSLNET_E_INTERNAL when a buffer is too small.
 */
WN_MUST_CHECK
wslnet_status wn_pp_rule_encode(const wn_pp_rule *rule, char *name, size_t name_size,
                                char *data, size_t data_size, wslnet_error *err);

/* Decodes one ownership value: name "<listen>/<port>", data "<target>/<port>"
 * (target "wsl" or a literal as in a rule). WSLNET_E_BAD_DATA when not valid. */
WN_MUST_CHECK
wslnet_status wn_pp_owned_decode(wn_pp_kind kind, const char *name, const char *data,
                                 wn_pp_owned *out, wslnet_error *err);

/* Encodes an ownership record like wn_pp_rule_encode. */
WN_MUST_CHECK
wslnet_status wn_pp_owned_encode(const wn_pp_owned *owned, char *name, size_t name_size,
                                 char *data, size_t data_size, wslnet_error *err);

/* ---- warnings */

/*
 * 1 when a listener on the rule's listen address shadows WSL's own localhost
 * forwarding for its port: the listen address is 127.0.0.1 or ::1 (any kind).
 * A one-line message goes to msg[size] (when msg is not NULL); "" when 0.
 */
int wn_pp_shadows_localhost(wn_pp_kind kind, const char *listen_address, uint16_t listen_port,
                            char *msg, size_t size);

/* ---- planner */

typedef enum wn_pp_request_type {
    WN_PP_ADD = 0,     /* create or update an owned rule */
    WN_PP_REMOVE,      /* delete a rule by (kind, listen address, listen port) */
    WN_PP_SYNC         /* make every owned rule match its record and the VM address */
} wn_pp_request_type;

typedef struct wn_pp_request {
    wn_pp_request_type type;
    /* ADD: the whole rule; connect_address "wsl" targets the VM.
     * REMOVE: kind, listen_address, listen_port. SYNC: unused. */
    wn_pp_rule rule;
    int force;         /* REMOVE: also remove a rule wslnet does not own */
} wn_pp_request;

typedef enum wn_pp_op {
    WN_PP_PUT_RULE = 0,    /* write change.rule to the store */
    WN_PP_DELETE_RULE,     /* delete change.rule's value from the store */
    WN_PP_PUT_OWNED,       /* write change.owned to the ownership key */
    WN_PP_DELETE_OWNED     /* delete change.owned's value from the ownership key */
} wn_pp_op;

typedef struct wn_pp_change {
    wn_pp_op op;
    wn_pp_kind kind;
    union {
        wn_pp_rule rule;   /* PUT_RULE, DELETE_RULE */
        wn_pp_owned owned; /* PUT_OWNED, DELETE_OWNED */
    } u;
} wn_pp_change;

typedef struct wn_pp_plan {
    size_t count;
    wn_pp_change *changes;  /* apply in order: ownership is recorded before a
                               rule is written and dropped after it is deleted */
    int needs_notify;       /* 1 when a store rule is put or deleted: tell iphlpsvc */
} wn_pp_plan;

/* Short name of an op ("putRule", "deleteRule", "putOwned", "deleteOwned"). */
const char *wn_pp_op_name(wn_pp_op op);

/*
 * Plans a request against a snapshot. store[0..store_count) holds the rules of
 * every kind; owned[0..owned_count) the ownership records; vm_address the
 * WSL VM's current address text, NULL when unknown. Rules not owned are never
 * changed, except one named by a forced REMOVE.
 *
 * ADD: a foreign rule on the same identity is WSLNET_E_INVALID_INPUT; an owned
 * one is updated in place (nothing when identical); target "wsl" with
 * vm_address NULL is WSLNET_E_NOT_FOUND. The rule gets the resolved address,
 * the record the symbolic target.
 * REMOVE: owned -> delete rule and record; owned record without a rule ->
 * delete the stale record; foreign -> WSLNET_E_INVALID_INPUT unless force,
 * then delete the rule only; nothing -> WSLNET_E_NOT_FOUND.
 * SYNC: every owned rule missing or differing from its record (with "wsl"
 * resolved to vm_address) is put; all right -> zero changes. vm_address NULL
 * while a record targets "wsl" is WSLNET_E_NOT_FOUND. O(n log n).
 *
 * On WSLNET_OK *plan holds the changes; free it with wn_pp_plan_free. On
 * failure *plan is empty (nothing to free, freeing is harmless).
 */
WN_MUST_CHECK
wslnet_status wn_pp_plan_make(const wn_pp_rule *store, size_t store_count,
                              const wn_pp_owned *owned, size_t owned_count,
                              const wn_pp_request *request, const char *vm_address,
                              wn_pp_plan *plan, wslnet_error *err);

/* Frees the changes of a plan and empties it. NULL is fine. */
void wn_pp_plan_free(wn_pp_plan *plan);

#endif
