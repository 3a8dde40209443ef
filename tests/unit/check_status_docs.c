/*
 * check_status_docs.c - checks the exit-code tables of README.md and
 * docs/cli.md against WSLNET_STATUS_MAP (wslnet.h), the one place a status is
 * spelled. Native only (CTest test status_docs: it reads the source tree).
 *
 *   check_status_docs FILE.md...   exit 0 when every table matches, 1 with
 *                                  each difference (file:line) otherwise
 *   check_status_docs --print      prints the table to paste into the docs
 *
 * A table is the first Markdown table after a heading that says "Exit codes".
 * Its rows must be the status table in order: | code | name | meaning |.
 * Rows after those whose name is in parentheses ("(doctor)") are a command's
 * own codes and must not reuse a status's code.
 */
#include "status.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void trim(char *s)
{
    size_t n = strlen(s), i = 0;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
    while (s[i] == ' ')
        i++;
    memmove(s, s + i, n - i + 1);
}

/* Splits "| a | b | c |" into its cells (at most max); returns how many. */
static int cells(char *line, char **cell, int max)
{
    int n = 0;
    char *p = strchr(line, '|');
    while (p && n < max) {
        char *next = strchr(p + 1, '|');
        if (!next)
            break;
        *next = '\0';
        cell[n] = p + 1;
        trim(cell[n]);
        n++;
        p = next;
    }
    return n;
}

static int check_file(const char *path)
{
    char line[1024];
    int lineno = 0, in_section = 0, in_table = 0, row = 0, errors = 0, seen_extra = 0, max_code = 0;
    size_t count = 0;
    FILE *f = fopen(path, "r");
    if (!f) {
        printf("not ok - %s: cannot open\n", path);
        return 1;
    }
    for (; wn_status_info_at(count); count++)
        if (wn_status_exit_code(wn_status_info_at(count)->status) > max_code)
            max_code = wn_status_exit_code(wn_status_info_at(count)->status);
    while (fgets(line, sizeof line, f)) {
        char *cell[4];
        int n;
        lineno++;
        if (line[0] == '#') {
            if (in_table)
                break;
            in_section = strstr(line, "Exit codes") != NULL;
            continue;
        }
        if (!in_section)
            continue;
        if (line[0] != '|') {
            if (in_table)
                break;
            continue;
        }
        n = cells(line, cell, 4);
        if (!in_table) {            /* the header row, then the separator */
            in_table = 1;
            continue;
        }
        if (n >= 1 && strspn(cell[0], "-: ") == strlen(cell[0]))
            continue;
        if (n != 3) {
            printf("not ok - %s:%d: a row needs 3 cells (code, status, meaning)\n", path, lineno);
            errors++;
            continue;
        }
        if (cell[1][0] == '(') {    /* a command's own code */
            long code = strtol(cell[0], NULL, 10);
            seen_extra = 1;
            if (code <= max_code) {
                printf("not ok - %s:%d: %s's code %ld is within the statuses' codes (0..%d)\n", path,
                       lineno, cell[1], code, max_code);
                errors++;
            }
            continue;
        }
        if ((size_t)row >= count || seen_extra) {
            printf("not ok - %s:%d: '%s' is not in WSLNET_STATUS_MAP (or stands after a command's own codes)\n",
                   path, lineno, cell[1]);
            errors++;
            continue;
        }
        {
            const wn_status_info *s = wn_status_info_at((size_t)row);
            char code[16];
            snprintf(code, sizeof code, "%d", wn_status_exit_code(s->status));
            if (strcmp(cell[0], code) != 0 || strcmp(cell[1], s->name) != 0 ||
                strcmp(cell[2], s->meaning) != 0) {
                printf("not ok - %s:%d: row says | %s | %s | %s |, WSLNET_STATUS_MAP says | %s | %s | %s |\n",
                       path, lineno, cell[0], cell[1], cell[2], code, s->name, s->meaning);
                errors++;
            }
        }
        row++;
    }
    fclose(f);
    if (!in_table) {
        printf("not ok - %s: no table under an \"Exit codes\" heading\n", path);
        return 1;
    }
    if ((size_t)row < count) {
        printf("not ok - %s: the table lacks %s and the statuses after it\n", path,
               wn_status_info_at((size_t)row)->name);
        errors++;
    }
    if (errors == 0)
        printf("ok - %s: exit-code table matches WSLNET_STATUS_MAP (%zu statuses)\n", path, count);
    return errors ? 1 : 0;
}

int main(int argc, char **argv)
{
    int i, failed = 0;
    if (argc == 2 && strcmp(argv[1], "--print") == 0) {
        const wn_status_info *s;
        size_t t;
        printf("| code | status | meaning |\n|---|---|---|\n");
        for (t = 0; (s = wn_status_info_at(t)) != NULL; t++)
            printf("| %d | %s | %s |\n", wn_status_exit_code(s->status), s->name, s->meaning);
        return 0;
    }
    if (argc < 2) {
        fprintf(stderr, "usage: check_status_docs FILE.md... | --print\n");
        return 2;
    }
    for (i = 1; i < argc; i++)
        failed |= check_file(argv[i]);
    return failed;
}
