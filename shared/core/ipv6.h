/* ipv6.h - strict IPv6 text parsing (RFC 4291 text forms, no zone id). */
#ifndef WN_IPV6_H
#define WN_IPV6_H

#include <stddef.h>
#include <stdint.h>

/* Longest valid text form: "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255". */
#define WN_IPV6_TEXT_MAX 45

/* Parses IPv6 text over the first len bytes of text (not NUL-terminated):
 * eight groups of 1-4 hex digits separated by ':', at most one "::" standing
 * for one or more zero groups, an optional dotted-quad tail (strict IPv4).
 * No brackets, no zone id ("%5"), no prefix, no whitespace.
 * Returns 1 and fills out (network order) on success, 0 otherwise. */
int wn_ipv6_parse_n(const char *text, size_t len, uint8_t out[16]);

/* Same over a NUL-terminated string. */
int wn_ipv6_parse(const char *text, uint8_t out[16]);

/* Formats addr in RFC 5952 canonical text (lowercase hex, no leading zeros,
 * the first longest run of two or more zero groups as "::", no dotted-quad
 * tail) into buf[size] (WN_IPV6_TEXT_MAX + 1 always suffices); truncated
 * like snprintf when size is smaller. wn_ipv6_parse reads it back. */
void wn_ipv6_format(const uint8_t addr[16], char *buf, size_t size);

/* 1 when addr is ::1. */
int wn_ipv6_is_loopback(const uint8_t addr[16]);

#endif
