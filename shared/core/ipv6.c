/* ipv6.c - IPv6 text parsing without the platform's inet_pton (whose
 * strictness differs between Windows and glibc). */
#include "ipv6.h"

#include "ipv4.h"

#include <stdio.h>
#include <string.h>

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Reads 1-4 hex digits at text[*i]; returns the digit count (0 when none,
 * 5 when too many) and the value in *value. */
static size_t hex_group(const char *text, size_t len, size_t *i, unsigned *value)
{
    size_t digits = 0;
    *value = 0;
    while (*i < len && hex_value(text[*i]) >= 0) {
        if (digits == 4)
            return 5;
        *value = *value * 16 + (unsigned)hex_value(text[*i]);
        digits++;
        (*i)++;
    }
    return digits;
}

/* Writes groups[0..count) with the "::" gap at index gap (-1: none) into out. */
static void expand(const uint16_t *groups, size_t count, int gap, uint8_t out[16])
{
    size_t i, pos = 0;
    memset(out, 0, 16);
    for (i = 0; i < count; i++) {
        if (gap >= 0 && i == (size_t)gap)
            pos += 8 - count;
        out[pos * 2] = (uint8_t)(groups[i] >> 8);
        out[pos * 2 + 1] = (uint8_t)(groups[i] & 0xFF);
        pos++;
    }
}

int wn_ipv6_parse_n(const char *text, size_t len, uint8_t out[16])
{
    uint16_t groups[8];
    size_t count = 0, i = 0;
    int gap = -1;
    if (len > WN_IPV6_TEXT_MAX || len < 2)
        return 0;
    if (text[0] == ':') {
        if (text[1] != ':')
            return 0;
        gap = 0;
        i = 2;
    }
    while (i < len) {
        size_t start = i;
        unsigned value;
        size_t digits = hex_group(text, len, &i, &value);
        if (i < len && text[i] == '.') { /* dotted-quad tail: the last two groups */
            uint32_t v4;
            if (count > 6 || !wn_ipv4_parse_n(text + start, len - start, &v4))
                return 0;
            groups[count++] = (uint16_t)(v4 >> 16);
            groups[count++] = (uint16_t)(v4 & 0xFFFF);
            i = len;
            break;
        }
        if (digits == 0 || digits > 4 || count == 8)
            return 0;
        groups[count++] = (uint16_t)value;
        if (i == len)
            break;
        if (text[i] != ':' || i + 1 == len)
            return 0; /* junk, or a trailing single ':' */
        i++;
        if (text[i] == ':') {
            if (gap >= 0)
                return 0; /* a second "::" */
            gap = (int)count;
            i++;
        }
    }
    if (gap < 0 ? count != 8 : count > 7)
        return 0;
    expand(groups, count, gap, out);
    return 1;
}

int wn_ipv6_parse(const char *text, uint8_t out[16])
{
    return wn_ipv6_parse_n(text, strlen(text), out);
}

int wn_ipv6_is_loopback(const uint8_t addr[16])
{
    static const uint8_t loopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    return memcmp(addr, loopback, 16) == 0;
}

void wn_ipv6_format(const uint8_t addr[16], char *buf, size_t size)
{
    char text[WN_IPV6_TEXT_MAX + 1];
    size_t len = 0;
    int best = -1, best_len = 1, run = -1, i;
    unsigned groups[8];
    for (i = 0; i < 8; i++)
        groups[i] = (unsigned)addr[2 * i] << 8 | addr[2 * i + 1];
    /* RFC 5952 4.2: the longest run of zero groups (2 or more), the first on a tie. */
    for (i = 0; i <= 8; i++) {
        if (i < 8 && groups[i] == 0) {
            if (run < 0)
                run = i;
        } else if (run >= 0) {
            if (i - run > best_len) {
                best = run;
                best_len = i - run;
            }
            run = -1;
        }
    }
    for (i = 0; i < 8; i++) {
        if (i == best) {
            len += (size_t)snprintf(text + len, sizeof text - len, "::");
            i += best_len - 1;
            continue;
        }
        len += (size_t)snprintf(text + len, sizeof text - len, "%s%x", i > 0 && i != best + best_len ? ":" : "",
                                groups[i]);
    }
    snprintf(buf, size, "%s", text);
}
