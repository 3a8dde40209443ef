/* wslconfig.c - WSL's .wslconfig line grammar (see shared/reference/wslconfig.md):
 * sections "[" letter {letter|digit} "]", keys letter {letter|digit}, '#'
 * comments outside quotes, escapes \\ \" \b \n \t only, trailing blanks trimmed. */
#include "wslconfig.h"

#include "status.h"
#include "text.h"

#include <string.h>

static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_alnum(char c) { return is_alpha(c) || (c >= '0' && c <= '9'); }
static int is_blank(char c) { return c == ' ' || c == '\t'; }

/* Reads an identifier at *p into buf; returns its length (0 when none). */
static size_t read_name(const char **p, char *buf, size_t size)
{
    size_t n = 0;
    if (!is_alpha(**p))
        return 0;
    while (is_alnum(**p)) {
        if (n + 1 < size)
            buf[n] = (char)((**p >= 'A' && **p <= 'Z') ? **p + 32 : **p);
        n++;
        (*p)++;
    }
    buf[n < size ? n : size - 1] = '\0';
    return n;
}

/* Parses a section header line. Returns 1 and sets name when valid; a header
 * followed by junk keeps the previous section, as WSL does. */
static int parse_section(const char *p, const char *end, char *name, size_t size)
{
    p++; /* '[' */
    if (!read_name(&p, name, size) || p >= end || *p != ']')
        return 0;
    p++;
    while (p < end && is_blank(*p))
        p++;
    return p == end || *p == '#';
}

/* Parses the value after '='. Returns 1 and the value, 0 when WSL drops the line. */
static int parse_value(const char *p, const char *end, char *buf, size_t size)
{
    size_t n = 0, keep = 0;
    int quoted = 0;
    while (p < end && is_blank(*p))
        p++;
    for (; p < end; p++) {
        char c = *p;
        if (c == '"') {
            quoted = !quoted;
            keep = n;
            continue;
        }
        if (c == '#' && !quoted)
            break;
        if (c == '\\') {
            static const char from[] = "\\\"bnt", to[] = "\\\"\b\n\t";
            const char *hit;
            if (++p >= end)
                return 0; /* continuation lines are not followed by this reader */
            hit = strchr(from, *p);
            if (!hit || !*p)
                return 0; /* "Invalid escaped character": the line is dropped */
            c = to[hit - from];
        }
        if (n + 1 < size)
            buf[n++] = c;
        if (quoted || !is_blank(c))
            keep = n;
    }
    if (quoted)
        return 0; /* unterminated quote */
    buf[keep] = '\0';
    return 1;
}

static int section_wanted(const char *section, const char *const *sections, size_t count)
{
    size_t i;
    for (i = 0; i < count; i++)
        if (wn_streq_nocase(section, sections[i]))
            return 1;
    return 0;
}

void wn_wslconfig_find(const char *text, const char *const *sections, size_t section_count,
                       const char *key, wn_config_value *out)
{
    char section[16] = "", name[64];
    uint32_t line = 0;
    memset(out, 0, sizeof *out);
    while (*text) {
        const char *end = text + strcspn(text, "\n"), *p = text, *stop = end;
        const char *next = *end ? end + 1 : end;
        line++;
        if (stop > p && stop[-1] == '\r')
            stop--;
        while (p < stop && is_blank(*p))
            p++;
        if (p < stop && *p == '[') {
            char candidate[16];
            if (parse_section(p, stop, candidate, sizeof candidate))
                memcpy(section, candidate, sizeof section);
        } else if (p < stop && read_name(&p, name, sizeof name)) {
            while (p < stop && is_blank(*p))
                p++;
            if (p < stop && *p == '=' && section_wanted(section, sections, section_count) &&
                wn_streq_nocase(name, key) &&
                parse_value(p + 1, stop, out->value, sizeof out->value)) {
                out->found = 1;
                out->line = line;
                wn_strlcpy(out->section, sizeof out->section, section);
                return;
            }
        }
        text = next;
    }
}
