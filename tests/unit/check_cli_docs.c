/*
 * check_cli_docs.c - checks the option lists of docs/cli.md, and the usage
 * line of each command's help, against the command tables (shared/cli/
 * cli_*.c), where each option is declared once. Native only (CTest test
 * cli_docs: it reads the source tree).
 *
 *   check_cli_docs docs/cli.md   exit 0 when every list matches, 1 with each
 *                                difference otherwise
 *
 * In docs/cli.md a command's option list is its usage: a line in a fenced
 * code block that starts with "wslnet" and the command's words, with the
 * indented lines after it. For every command of the tables: it has such a
 * line; every option of its table is named there; every --option named
 * there is in its table (--json and --help are every command's). The same
 * two ways for the "Usage:" paragraph of the command's own help text.
 */
#include "args.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COMMANDS 64
#define USAGE_MAX 4096

static char usage[MAX_COMMANDS][USAGE_MAX]; /* docs/cli.md's usage text per command */
static int usage_line[MAX_COMMANDS];        /* where it starts (0: not found) */

static size_t command_index(const wn_command_spec *c)
{
    size_t i;
    for (i = 0; wn_args_command_at(i); i++)
        if (wn_args_command_at(i) == c)
            return i;
    return MAX_COMMANDS;
}

static void words_of(const wn_command_spec *c, char *buf, size_t size)
{
    snprintf(buf, size, "%s%s%s%s%s", c->words[0], c->words[1] ? " " : "", c->words[1] ? c->words[1] : "",
             c->words[2] ? " " : "", c->words[2] ? c->words[2] : "");
}

/* The command a usage line names ("wslnet proxy add LISTENPORT ..."), or NULL. */
static const wn_command_spec *line_command(const char *line)
{
    char copy[512], *tok[3] = {NULL, NULL, NULL}, *p;
    int n = 0;
    snprintf(copy, sizeof copy, "%s", line + strlen("wslnet"));
    for (p = strtok(copy, " \t\n"); p && n < 3; p = strtok(NULL, " \t\n")) {
        const char *q = p;
        while (*q && (islower((unsigned char)*q) || *q == '-'))
            q++;
        if (*q || *p == '-')
            break;
        tok[n++] = p;
    }
    for (; n > 0; n--) {
        const wn_command_spec *c = wn_args_find(tok[0], n > 1 ? tok[1] : NULL, n > 2 ? tok[2] : NULL);
        if (c)
            return c;
    }
    return NULL;
}

/* Calls found(name) for each "--option" in text; name is valid for the call only. */
static int each_option(const char *text, int (*found)(const char *name, void *ctx), void *ctx)
{
    const char *p = text;
    int errors = 0;
    while ((p = strstr(p, "--")) != NULL) {
        char name[64];
        size_t n = 2;
        if (p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '-')) {
            p += 2;
            continue;
        }
        while (n < sizeof name - 1 && (islower((unsigned char)p[n]) || isdigit((unsigned char)p[n]) || p[n] == '-'))
            n++;
        if (n > 2) {
            memcpy(name, p, n);
            name[n] = '\0';
            errors += found(name, ctx);
        }
        p += n;
    }
    return errors;
}

/* Whether text names option name ("--to" and not only "--to-port"). */
static int names_option(const char *text, const char *name)
{
    size_t len = strlen(name);
    const char *p = text;
    while ((p = strstr(p, name)) != NULL) {
        char next = p[len];
        if ((p == text || !(isalnum((unsigned char)p[-1]) || p[-1] == '-')) &&
            !(islower((unsigned char)next) || isdigit((unsigned char)next) || next == '-'))
            return 1;
        p += len;
    }
    return 0;
}

struct check {
    const wn_command_spec *command;
    const char *where;
};

static int in_table(const char *name, void *ctx)
{
    const struct check *k = ctx;
    const wn_option_spec *o;
    char words[64];
    if (strcmp(name, "--json") == 0 || strcmp(name, "--help") == 0)
        return 0;
    for (o = k->command->options; o && o->name; o++)
        if (strcmp(o->name, name) == 0)
            return 0;
    words_of(k->command, words, sizeof words);
    printf("not ok - %s: 'wslnet %s' names %s, which its table (shared/cli/cli_*.c) lacks\n", k->where,
           words, name);
    return 1;
}

/* Both ways between a command's table and text (its usage in where). */
static int check_both_ways(const wn_command_spec *c, const char *text, const char *where)
{
    struct check k = {c, where};
    const wn_option_spec *o;
    char words[64];
    int errors = each_option(text, in_table, &k);
    words_of(c, words, sizeof words);
    for (o = c->options; o && o->name; o++)
        if (!names_option(text, o->name)) {
            printf("not ok - %s: 'wslnet %s' does not name %s, an option of its table\n", where, words, o->name);
            errors++;
        }
    return errors;
}

static int read_docs(const char *path)
{
    char line[1024];
    int lineno = 0, fenced = 0;
    size_t current = MAX_COMMANDS;
    FILE *f = fopen(path, "r");
    if (!f) {
        printf("not ok - %s: cannot open\n", path);
        return 1;
    }
    while (fgets(line, sizeof line, f)) {
        lineno++;
        if (strncmp(line, "```", 3) == 0) {
            fenced = !fenced;
            current = MAX_COMMANDS;
            continue;
        }
        if (!fenced)
            continue;
        if (strncmp(line, "wslnet ", 7) == 0) {
            const wn_command_spec *c = line_command(line);
            current = c ? command_index(c) : MAX_COMMANDS;
            if (current < MAX_COMMANDS && !usage_line[current])
                usage_line[current] = lineno;
        } else if (line[0] != ' ' && line[0] != '\t') {
            current = MAX_COMMANDS;
        }
        if (current < MAX_COMMANDS && strlen(usage[current]) + strlen(line) < USAGE_MAX)
            strcat(usage[current], line);
    }
    fclose(f);
    return 0;
}

int main(int argc, char **argv)
{
    const wn_command_spec *c;
    size_t i;
    int errors = 0;
    if (argc != 2) {
        fprintf(stderr, "usage: check_cli_docs docs/cli.md\n");
        return 2;
    }
    if (read_docs(argv[1]))
        return 1;
    for (i = 0; (c = wn_args_command_at(i)) != NULL; i++) {
        char words[64], where[1100];
        const char *start = strstr(c->help, "Usage:"), *end;
        char help_usage[1024];
        int before = errors;
        if (i >= MAX_COMMANDS) {
            printf("not ok - more than %d commands: raise MAX_COMMANDS\n", MAX_COMMANDS);
            return 1;
        }
        words_of(c, words, sizeof words);
        if (!usage_line[i]) {
            printf("not ok - %s: no usage line 'wslnet %s ...' in a code block\n", argv[1], words);
            errors++;
        } else {
            snprintf(where, sizeof where, "%s:%d", argv[1], usage_line[i]);
            errors += check_both_ways(c, usage[i], where);
        }
        if (!start) {
            printf("not ok - the help of 'wslnet %s' has no \"Usage:\"\n", words);
            errors++;
        } else {
            end = strstr(start, "\n\n");
            snprintf(help_usage, sizeof help_usage, "%.*s", end ? (int)(end - start) : (int)strlen(start), start);
            snprintf(where, sizeof where, "the help's Usage of 'wslnet %s'", words);
            errors += check_both_ways(c, help_usage, where);
        }
        if (errors == before)
            printf("ok - wslnet %s: docs/cli.md and the help's usage name exactly its table's options\n", words);
    }
    return errors ? 1 : 0;
}
