/* ipv4.c - IPv4 text handling without the platform's inet_* functions
 * (which differ in strictness between Windows and glibc). */
#include "ipv4.h"

#include <stdio.h>
#include <string.h>

int wn_ipv4_parse_n(const char *text, size_t len, uint32_t *out)
{
    uint32_t addr = 0;
    size_t i = 0;
    int part;
    for (part = 0; part < 4; part++) {
        unsigned value = 0, digits = 0;
        if (part > 0) {
            if (i >= len || text[i] != '.')
                return 0;
            i++;
        }
        while (i < len && text[i] >= '0' && text[i] <= '9') {
            if (digits > 0 && value == 0)
                return 0; /* leading zero: ambiguous (octal in some parsers) */
            value = value * 10 + (unsigned)(text[i] - '0');
            if (value > 255)
                return 0;
            digits++;
            i++;
        }
        if (digits == 0)
            return 0;
        addr = (addr << 8) | value;
    }
    if (i != len)
        return 0;
    *out = addr;
    return 1;
}

int wn_ipv4_parse(const char *text, uint32_t *out)
{
    return wn_ipv4_parse_n(text, strlen(text), out);
}

int wn_ipv4_parse_cidr(const char *text, uint32_t *addr, uint8_t *prefix)
{
    const char *slash = strchr(text, '/');
    unsigned value = 0;
    const char *p;
    if (!slash || !wn_ipv4_parse_n(text, (size_t)(slash - text), addr))
        return 0;
    p = slash + 1;
    if (*p == '\0' || strlen(p) > 2)
        return 0;
    for (; *p; p++) {
        if (*p < '0' || *p > '9')
            return 0;
        value = value * 10 + (unsigned)(*p - '0');
    }
    if (value > 32)
        return 0;
    *prefix = (uint8_t)value;
    return 1;
}

void wn_ipv4_format(uint32_t addr, char *buf, size_t size)
{
    snprintf(buf, size, "%u.%u.%u.%u", (addr >> 24) & 255, (addr >> 16) & 255,
             (addr >> 8) & 255, addr & 255);
}

int wn_ipv4_same_subnet(uint32_t a, uint32_t b, uint8_t prefix)
{
    uint32_t mask;
    if (prefix == 0)
        return 1;
    if (prefix > 32)
        return 0;
    mask = prefix == 32 ? 0xFFFFFFFFu : ~(0xFFFFFFFFu >> prefix);
    return (a & mask) == (b & mask);
}

int wn_ipv4_is_unicast_host(uint32_t addr)
{
    uint8_t first = (uint8_t)(addr >> 24);
    if (first == 0 || first == 127 || first >= 224)
        return 0;
    if ((addr & 0xFFFF0000u) == 0xA9FE0000u) /* 169.254/16 */
        return 0;
    return 1;
}
