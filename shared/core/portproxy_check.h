/* portproxy_check.h - what portproxy.c (rules, codec, ownership records)
 * lends portproxy_plan.c (the planner): checks and message pieces. Not for
 * other files. */
#ifndef WN_PORTPROXY_CHECK_H
#define WN_PORTPROXY_CHECK_H

#include "portproxy.h"

#include <stddef.h>
#include <stdint.h>

/* 1 when kind is one of the four kinds. */
int wn_pp_kind_valid(wn_pp_kind kind);

/* 1 when text is an address of family 4 or 6 (no host names). */
int wn_pp_address_of_family(int family, const char *text);

/* Copies text into buf (at least 8 bytes) for a message: control bytes as
 * '?', long text cut with "...". */
void wn_pp_quote(char *buf, size_t size, const char *text);

/* "IPv6" for 6, else "IPv4". */
const char *wn_pp_family_word(int family);

/* "0.0.0.0:8080 (v4tov4)" or "[::1]:8080 (v6tov4)" into buf. */
void wn_pp_describe(char *buf, size_t size, wn_pp_kind kind, const char *listen, uint16_t port);

/* Fails err with st: the listen address text is not '*' or an address of the
 * kind's listen family; what prefixes the message. Returns st. */
wslnet_status wn_pp_bad_listen(wslnet_status st, wn_pp_kind kind, const char *what, const char *text,
                               wslnet_error *err);

/* Checks an ownership record's fields as wn_pp_rule_check does a rule's. */
wslnet_status wn_pp_owned_check(const wn_pp_owned *owned, wslnet_error *err);

#endif
