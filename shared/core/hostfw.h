/*
 * hostfw.h - host (Defender) firewall rules for port proxies, the portable
 * part: parsing --profile and --remote into what INetFwRule takes, and the
 * name and description of the rule wslnet keeps for a proxy. win/lib/
 * netfwclient.c applies rules through INetFwPolicy2.
 *
 * A proxy's rule is inbound, allow, TCP, local port = the proxy's listen port,
 * in the grouping WN_HOSTFW_GROUPING (that grouping is how wslnet recognises
 * its own rules: a rule of the same name in any other grouping is foreign and
 * never touched), never scoped to an interface (the WSL adapter's alias
 * changes across reboots).
 *
 * Rule name (stable, readable, one per proxy):
 *   "wslnet proxy <kind> <listen>:<port>"
 * with <kind> as wn_pp_kind_name ("v4tov4"), <listen> the proxy's listen
 * address in lower case, IPv6 in brackets: "wslnet proxy v4tov4 0.0.0.0:8080",
 * "wslnet proxy v6tov4 [::]:8080", "wslnet proxy v4tov4 *:8080". The kind is
 * part of the name because a v4tov4 and a v4tov6 proxy on the same listen
 * address are two proxies: removing one keeps the other's rule.
 */
#ifndef WN_HOSTFW_H
#define WN_HOSTFW_H

#include "portproxy.h"
#include "status.h" /* wslnet.h, WN_MUST_CHECK */

#include <stddef.h>
#include <stdint.h>

/* How every proxy rule name starts (wn_hostfw_proxy_rule_name). */
#define WN_HOSTFW_PROXY_PREFIX "wslnet proxy "

/* INetFwRule.Grouping of every rule wslnet owns. */
#define WN_HOSTFW_GROUPING "wslnet"

/* NET_FW_PROFILE_TYPE2 bits (INetFwRule.Profiles). */
#define WN_HOSTFW_PROFILE_DOMAIN 0x1u
#define WN_HOSTFW_PROFILE_PRIVATE 0x2u
#define WN_HOSTFW_PROFILE_PUBLIC 0x4u
#define WN_HOSTFW_PROFILE_ANY 0x7FFFFFFFu      /* NET_FW_PROFILE2_ALL */
#define WN_HOSTFW_PROFILES_DEFAULT (WN_HOSTFW_PROFILE_DOMAIN | WN_HOSTFW_PROFILE_PRIVATE)

/* --remote when not given: the local subnet only. */
#define WN_HOSTFW_REMOTE_DEFAULT "LocalSubnet"

#define WN_HOSTFW_NAME_MAX 256          /* rule name + NUL */
#define WN_HOSTFW_DESCRIPTION_MAX 256   /* description + NUL */
#define WN_HOSTFW_REMOTE_MAX 512        /* RemoteAddresses string + NUL */
#define WN_HOSTFW_PROFILES_TEXT_MAX 24  /* "domain,private,public" + NUL */

/* The IP Helper service, which hosts the port proxy listeners: a proxy's
 * rule is bound to it (INetFwRule.ServiceName), so no other program can use
 * the opening. */
#define WN_HOSTFW_PROXY_SERVICE "iphlpsvc"

/* NET_FW_IP_PROTOCOL values (INetFwRule.Protocol, netfw.h). */
#define WN_HOSTFW_TCP 6
#define WN_HOSTFW_UDP 17

/* How the rule of an exposure in consomme mode is named (wn_hostfw_expose_rule_name). */
#define WN_HOSTFW_EXPOSE_PREFIX "wslnet expose "

/* A host firewall rule wslnet keeps: inbound, allow, TCP or UDP, local port =
 * port, grouping WN_HOSTFW_GROUPING ("wslnet"), never scoped to an interface.
 * A proxy's rule is TCP (the IP Helper proxy relays TCP only); an exposure's
 * rule in consomme mode is the exposure's protocol. */
typedef struct wn_hostfw_rule {
    char name[WN_HOSTFW_NAME_MAX];          /* wn_hostfw_name_valid; e.g. wn_hostfw_proxy_rule_name */
    char description[WN_HOSTFW_DESCRIPTION_MAX]; /* no '|' */
    uint16_t port;                          /* 1-65535 */
    uint8_t protocol;                       /* WN_HOSTFW_TCP or WN_HOSTFW_UDP; 0 means TCP
                                               (wn_hostfw_protocol) */
    unsigned profiles;                      /* NET_FW_PROFILE2 bits: wn_hostfw_profiles_valid */
    char remote[WN_HOSTFW_REMOTE_MAX];      /* RemoteAddresses: what wn_hostfw_remote_parse accepts */
    char local[WN_PP_LISTEN_MAX];           /* LocalAddresses: one address; "" = any ("*") */
    char service[32];                       /* ServiceName; "" = any program */
} wn_hostfw_rule;

/* The rule's INetFwRule.Protocol: WN_HOSTFW_UDP for a UDP rule, else
 * WN_HOSTFW_TCP (also for 0, a rule built before protocols existed). */
int wn_hostfw_protocol(const wn_hostfw_rule *rule);

/*
 * Writes the name and description of an exposure's rule in consomme mode,
 * where WSL's service itself listens on the host for the VM's port (no proxy,
 * docs/expose.md): "wslnet expose tcp 8080", "Inbound TCP 8080 for WSL's own
 * listener (consomme networking). Managed by wslnet: change it with wslnet
 * expose." protocol WN_HOSTFW_TCP or WN_HOSTFW_UDP, port 1-65535, else
 * WSLNET_E_INVALID_INPUT.
 */
WN_MUST_CHECK
wslnet_status wn_hostfw_expose_rule_name(int protocol, uint16_t port, char *name, size_t name_size,
                                         char *description, size_t description_size, wslnet_error *err);

/*
 * The LocalAddresses of a proxy's rule for its listen address, into out
 * (WN_PP_LISTEN_MAX): "" (any) for the wildcards "*", "0.0.0.0" and "::",
 * else the address itself. Returns 0 when the listener is loopback
 * (127.0.0.0/8, ::1): such a proxy needs no firewall rule.
 */
int wn_hostfw_proxy_local(const char *listen_address, char *out, size_t size);

/*
 * Parses --profile: a comma list of "domain", "private", "public" (ASCII
 * case-insensitive, blanks around items ignored), or "any" alone (all
 * profiles, 0x7FFFFFFF). NULL means WN_HOSTFW_PROFILES_DEFAULT. Empty items,
 * unknown names, an item given twice, and "any" next to another item are
 * WSLNET_E_INVALID_INPUT with a message naming the item.
 */
WN_MUST_CHECK
wslnet_status wn_hostfw_profiles_parse(const char *text, unsigned *out, wslnet_error *err);

/* 1 when profiles is WN_HOSTFW_PROFILE_ANY or a non-empty set of the three bits. */
int wn_hostfw_profiles_valid(unsigned profiles);

/* Formats profiles as --profile takes them ("domain,private", "any") into buf
 * (at least WN_HOSTFW_PROFILES_TEXT_MAX bytes); "" when not valid. */
void wn_hostfw_profiles_format(unsigned profiles, char *buf, size_t size);

/*
 * Parses --remote into INetFwRule.RemoteAddresses form, written to out
 * (size bytes, at most WN_HOSTFW_REMOTE_MAX is ever needed). NULL means
 * WN_HOSTFW_REMOTE_DEFAULT. A comma list (blanks around items ignored) of:
 *   keywords LocalSubnet, DNS, DHCP, WINS, DefaultGateway (ASCII
 *     case-insensitive; written in that spelling),
 *   an IPv4 or IPv6 address (strict: shared/core/ipv4.h, shared/core/ipv6.h),
 *   a subnet "addr/prefix" (0-32 for IPv4, 0-128 for IPv6) or IPv4
 *     "addr/mask" with a contiguous dotted mask,
 *   a range "start-end" of one family with start <= end,
 *   "any" or "*" alone (any remote address; written "*").
 * Items are joined with "," and no blanks. An empty item, anything else, an
 * item given twice (ASCII case-insensitive), "any" with others, or a result
 * longer than fits are WSLNET_E_INVALID_INPUT naming the item.
 */
WN_MUST_CHECK
wslnet_status wn_hostfw_remote_parse(const char *text, char *out, size_t size, wslnet_error *err);

/* 1 when name is a rule name INetFwRule accepts and fits wslnet's buffers:
 * 1..WN_HOSTFW_NAME_MAX-1 bytes, no '|', no control byte, not "all" (any
 * case). */
int wn_hostfw_name_valid(const char *name);

/*
 * Writes the rule name of a proxy (format above) into out. listen_address
 * must be valid for the kind (wn_pp_listen_address_valid) and port 1-65535,
 * else WSLNET_E_INVALID_INPUT.
 */
WN_MUST_CHECK
wslnet_status wn_hostfw_proxy_rule_name(wn_pp_kind kind, const char *listen_address,
                                        uint16_t port, char *out, size_t size,
                                        wslnet_error *err);

/*
 * Writes the description of a proxy's rule into out, e.g. "Inbound TCP 8080
 * for the wslnet port proxy v4tov4 0.0.0.0:8080. Managed by wslnet: change it
 * with wslnet proxy." Same inputs and failures as wn_hostfw_proxy_rule_name.
 */
WN_MUST_CHECK
wslnet_status wn_hostfw_proxy_rule_description(wn_pp_kind kind, const char *listen_address,
                                               uint16_t port, char *out, size_t size,
                                               wslnet_error *err);

#endif
