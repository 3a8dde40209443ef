/* ipv4.h - strict IPv4 parsing, formatting and subnet tests. */
#ifndef WN_IPV4_H
#define WN_IPV4_H

#include <stddef.h>
#include <stdint.h>

/* Parses dotted-quad text ("172.28.20.5": four decimal parts 0-255, no
 * leading zeros, nothing else). Returns 1 and sets *out (host order) on success. */
int wn_ipv4_parse(const char *text, uint32_t *out);

/* Same, over the first len bytes of text (not NUL-terminated). */
int wn_ipv4_parse_n(const char *text, size_t len, uint32_t *out);

/* Parses "a.b.c.d/n" (n 0-32). */
int wn_ipv4_parse_cidr(const char *text, uint32_t *addr, uint8_t *prefix);

/* Formats host-order addr into buf (at least 16 bytes). */
void wn_ipv4_format(uint32_t addr, char *buf, size_t size);

/* 1 when a and b share the first prefix bits. */
int wn_ipv4_same_subnet(uint32_t a, uint32_t b, uint8_t prefix);

/* 1 for an address a VM can hold: not 0/8, loopback, multicast, broadcast, link-local. */
int wn_ipv4_is_unicast_host(uint32_t addr);

#endif
