/* args.c - the table-driven command-line parser of wslnet.exe. */
#include "args.h"

#include "status.h"

#include <stdio.h>
#include <string.h>

static const wn_command_spec *const tables[] = {
    wn_commands_core, wn_commands_proxy, wn_commands_firewall,
    wn_commands_config, wn_commands_doctor, wn_commands_certs, wn_commands_subnet, wn_commands_expose,
    wn_commands_policy,
};
#define TABLE_COUNT (sizeof tables / sizeof tables[0])

static int word_count(const wn_command_spec *c)
{
    int n = 0;
    while (n < 3 && c->words[n])
        n++;
    return n;
}

/* The command whose words are the longest match at argv[pos]; *used gets
 * how many words matched. */
static const wn_command_spec *match_command(int argc, char **argv, int pos, int *used)
{
    const wn_command_spec *best = NULL;
    size_t t;
    *used = 0;
    for (t = 0; t < TABLE_COUNT; t++) {
        const wn_command_spec *c;
        for (c = tables[t]; c->words[0]; c++) {
            int n = word_count(c), k;
            if (pos + n > argc || n <= *used)
                continue;
            for (k = 0; k < n && strcmp(argv[pos + k], c->words[k]) == 0; k++)
                ;
            if (k == n) {
                best = c;
                *used = n;
            }
        }
    }
    return best;
}

const wn_command_spec *wn_args_find(const char *w0, const char *w1, const char *w2)
{
    char *words[3];
    int n = 0, used;
    const wn_command_spec *c;
    if (!w0)
        return NULL;
    words[n++] = (char *)w0;
    if (w1) {
        words[n++] = (char *)w1;
        if (w2)
            words[n++] = (char *)w2;
    }
    c = match_command(n, words, 0, &used);
    return c && used == n ? c : NULL;
}

/* The spec of option name for command c; with c NULL, from any command. */
static const wn_option_spec *find_option(const wn_command_spec *c, const char *name, size_t len)
{
    size_t t;
    const wn_option_spec *o;
    if (c) {
        for (o = c->options; o && o->name; o++)
            if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
                return o;
        return NULL;
    }
    for (t = 0; t < TABLE_COUNT; t++)
        for (c = tables[t]; c->words[0]; c++)
            for (o = c->options; o && o->name; o++)
                if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
                    return o;
    return NULL;
}

static int is_help(const char *arg)
{
    return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0 || strcmp(arg, "-?") == 0 ||
           strcmp(arg, "/?") == 0;
}

static wslnet_status check_choice(const wn_option_spec *o, const char *value, wslnet_error *err)
{
    char list[256] = "";
    const char *const *c;
    if (!*value)
        return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "option %s needs a non-empty value", o->name);
    if (!o->choices)
        return WSLNET_OK;
    for (c = o->choices; *c; c++) {
        if (strcmp(*c, value) == 0)
            return WSLNET_OK;
        if (strlen(list) + strlen(*c) + 3 < sizeof list) {
            if (c != o->choices)
                strcat(list, ", ");
            strcat(list, *c);
        }
    }
    return wn_fail(err, WSLNET_E_INVALID_INPUT, 0, "%s '%.60s' is not one of: %s", o->name, value, list);
}

/* Parses the option at argv[*i] (advancing past its value). c may be NULL
 * before the command words; such options are checked again afterwards. */
static wslnet_status parse_option(int argc, char **argv, int *i, const wn_command_spec *c,
                                  wn_args *out, wslnet_error *err)
{
    const char *arg = argv[*i], *eq = strchr(arg, '='), *value = NULL;
    size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
    const wn_option_spec *o;
    if (strcmp(arg, "--json") == 0) {
        out->json = 1;
        return WSLNET_OK;
    }
    if (is_help(arg)) {
        out->help = 1;
        return WSLNET_OK;
    }
    o = find_option(c, arg, len);
    if (!o && c && find_option(NULL, arg, len))
        return wn_fail(err, WSLNET_E_USAGE, 0, "option %.*s does not apply to this command (see wslnet %s --help)",
                       (int)(len > 60 ? 60 : len), arg, c->words[0]);
    if (!o)
        return wn_fail(err, WSLNET_E_USAGE, 0, "unknown option '%.60s' (see wslnet --help)", arg);
    if (o->flags & WN_OPT_VALUE) {
        if (eq)
            value = eq + 1;
        else if (*i + 1 < argc)
            value = argv[++*i];
        else
            return wn_fail(err, WSLNET_E_USAGE, 0, "option %s needs a value (see wslnet --help)", o->name);
    } else if (eq) {
        return wn_fail(err, WSLNET_E_USAGE, 0, "option %s takes no value", o->name);
    }
    if (out->option_count >= WN_ARGS_MAX_OPTIONS)
        return wn_fail(err, WSLNET_E_USAGE, 0, "too many options");
    out->options[out->option_count].name = o->name;
    out->options[out->option_count].value = value;
    out->option_count++;
    return WSLNET_OK;
}

/* Once the command is known: every option applies, appears once unless
 * repeatable, and has an acceptable value; the argument count fits. */
static wslnet_status check_against(const wn_command_spec *c, wn_args *out, wslnet_error *err)
{
    int k, j;
    for (k = 0; k < out->option_count; k++) {
        const wn_option_spec *o = find_option(c, out->options[k].name, strlen(out->options[k].name));
        wslnet_status st;
        if (!o)
            return wn_fail(err, WSLNET_E_USAGE, 0, "option %s does not apply to this command (see wslnet %s --help)",
                           out->options[k].name, c->words[0]);
        for (j = 0; j < k && !(o->flags & WN_OPT_REPEAT); j++)
            if (strcmp(out->options[j].name, o->name) == 0)
                return wn_fail(err, WSLNET_E_USAGE, 0, "option %s is given more than once", o->name);
        if ((o->flags & WN_OPT_VALUE) && (st = check_choice(o, out->options[k].value, err)) != WSLNET_OK)
            return st;
    }
    if (out->help)
        return WSLNET_OK;
    if (out->positional_count < c->min_args)
        return wn_fail(err, WSLNET_E_USAGE, 0, "missing argument (see wslnet %s%s%s --help)", c->words[0],
                       c->words[1] ? " " : "", c->words[1] ? c->words[1] : "");
    if (out->positional_count > c->max_args)
        return wn_fail(err, WSLNET_E_USAGE, 0, "unexpected argument '%.60s' (see wslnet --help)",
                       out->positional[c->max_args]);
    return WSLNET_OK;
}

wslnet_status wn_args_parse(int argc, char **argv, wn_args *out, wslnet_error *err)
{
    const wn_command_spec *c = NULL;
    int i, used, help_word = 0, options_ended = 0;
    wslnet_status st;
    memset(out, 0, sizeof *out);
    for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "--json") == 0) /* anywhere, so usage errors come out as JSON too */
            out->json = 1;
    for (i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!options_ended && strcmp(arg, "--") == 0) {
            options_ended = 1;
        } else if (!c && !options_ended && strcmp(arg, "--version") == 0) {
            c = wn_args_find("version", NULL, NULL);
        } else if (!options_ended && arg[0] == '-' && arg[1] != '\0') {
            if ((st = parse_option(argc, argv, &i, c, out, err)) != WSLNET_OK)
                return st;
        } else if (!c && !help_word && strcmp(arg, "help") == 0) {
            help_word = out->help = 1;
        } else if (!c) {
            if (!(c = match_command(argc, argv, i, &used)))
                return wn_fail(err, WSLNET_E_USAGE, 0, "unknown command '%.60s' (see wslnet --help)", arg);
            i += used - 1;
        } else if (out->positional_count < WN_ARGS_MAX_POSITIONAL) {
            out->positional[out->positional_count++] = arg;
        } else {
            return wn_fail(err, WSLNET_E_USAGE, 0, "too many arguments");
        }
    }
    out->command = c;
    if (c)
        return check_against(c, out, err);
    if (!out->help)
        return wn_fail(err, WSLNET_E_USAGE, 0, "no command given (see wslnet --help)");
    return WSLNET_OK;
}

const char *wn_args_value(const wn_args *args, const char *name)
{
    const char *value = NULL;
    int k;
    for (k = 0; k < args->option_count; k++)
        if (strcmp(args->options[k].name, name) == 0)
            value = args->options[k].value;
    return value;
}

int wn_args_has(const wn_args *args, const char *name)
{
    int k;
    for (k = 0; k < args->option_count; k++)
        if (strcmp(args->options[k].name, name) == 0)
            return 1;
    return 0;
}

size_t wn_args_values(const wn_args *args, const char *name, const char **out, size_t max)
{
    size_t n = 0;
    int k;
    for (k = 0; k < args->option_count; k++)
        if (strcmp(args->options[k].name, name) == 0) {
            if (n < max)
                out[n] = args->options[k].value;
            n++;
        }
    return n;
}

static void append(char *buf, size_t size, const char *text)
{
    size_t used = strlen(buf);
    if (used + 1 < size)
        snprintf(buf + used, size - used, "%s", text);
}

const wn_command_spec *wn_args_command_at(size_t i)
{
    size_t t;
    for (t = 0; t < TABLE_COUNT; t++) {
        const wn_command_spec *c;
        for (c = tables[t]; c->words[0]; c++)
            if (i-- == 0)
                return c;
    }
    return NULL;
}

/* An option's left column: "--name", "--name VALUE", or "--name a|b|c" from
 * its choices (always shown when it has them). */
static void option_left(const wn_option_spec *o, char *buf, size_t size)
{
    const char *const *c;
    buf[0] = '\0';
    append(buf, size, o->name);
    if (!(o->flags & WN_OPT_VALUE))
        return;
    if (!o->choices) {
        append(buf, size, " ");
        append(buf, size, o->value ? o->value : "VALUE");
        return;
    }
    for (c = o->choices; *c; c++) {
        append(buf, size, c == o->choices ? " " : "|");
        append(buf, size, *c);
    }
}

/* A left column wider than this puts its help on the next line. */
#define HELP_LEFT_MAX 22

static void append_spaces(char *buf, size_t size, size_t n)
{
    while (n-- > 0)
        append(buf, size, " ");
}

/* "  LEFT  help", the help's continuation lines (after each '\n') under its first. */
static void append_option(char *buf, size_t size, const char *left, size_t width, const char *help)
{
    const char *p = help ? help : "";
    append(buf, size, "  ");
    append(buf, size, left);
    if (strlen(left) > width) {
        append(buf, size, "\n");
        append_spaces(buf, size, width + 4);
    } else {
        append_spaces(buf, size, width + 2 - strlen(left));
    }
    for (;;) {
        const char *nl = strchr(p, '\n');
        char line[256];
        snprintf(line, sizeof line, "%.*s", nl ? (int)(nl - p) : (int)strlen(p), p);
        append(buf, size, line);
        append(buf, size, "\n");
        if (!nl || !nl[1])
            break;
        append_spaces(buf, size, width + 4);
        p = nl + 1;
    }
}

/* The command's help: its text (and the paragraph it shares), one line per
 * option of its table and --json's, then its notes. */
static const char *command_help(const wn_command_spec *c)
{
    static char text[16384];
    char left[128], json_help[96];
    const wn_option_spec *o;
    size_t width = strlen("--json");
    for (o = c->options; o && o->name; o++) {
        option_left(o, left, sizeof left);
        if (strlen(left) <= HELP_LEFT_MAX && strlen(left) > width)
            width = strlen(left);
    }
    text[0] = '\0';
    append(text, sizeof text, c->help);
    if (c->help_shared)
        append(text, sizeof text, c->help_shared);
    for (o = c->options; o && o->name; o++) {
        option_left(o, left, sizeof left);
        append_option(text, sizeof text, left, width, o->help);
    }
    if (c->json_kind)
        snprintf(json_help, sizeof json_help, "one JSON document on stdout (kind %s)", c->json_kind);
    else
        snprintf(json_help, sizeof json_help, "one JSON document on stdout");
    append_option(text, sizeof text, "--json", width, json_help);
    if (c->notes) {
        append(text, sizeof text, "\n");
        append(text, sizeof text, c->notes);
    }
    return text;
}

const char *wn_args_help(const wn_command_spec *command)
{
    static char overview[8192];
    size_t t;
    if (command)
        return command_help(command);
    if (overview[0])
        return overview;
    append(overview, sizeof overview,
           "wslnet - WSL 2 networking from the Windows side\n\n"
           "Usage: wslnet COMMAND [options]\n\nCommands:\n");
    for (t = 0; t < TABLE_COUNT; t++) {
        const wn_command_spec *c;
        for (c = tables[t]; c->words[0]; c++) {
            char line[160], words[64];
            snprintf(words, sizeof words, "%s%s%s%s%s", c->words[0], c->words[1] ? " " : "",
                     c->words[1] ? c->words[1] : "", c->words[2] ? " " : "", c->words[2] ? c->words[2] : "");
            snprintf(line, sizeof line, "  %-24s %s\n", words, c->summary);
            append(overview, sizeof overview, line);
        }
    }
    append(overview, sizeof overview,
           "  help COMMAND             help for a command (or: wslnet COMMAND --help)\n\n"
           "Every command takes --json for one JSON document on stdout (schemaVersion 1).\n"
           "Commands that change the system need an elevated prompt, take a lock so that\n"
           "wslnet runs do not interleave, and take --dry-run to show the plan only.\n\n"
           "Exit codes (the same for every command; --json errors carry the status name):\n");
    for (t = 0; wn_status_info_at(t); t++) {
        const wn_status_info *s = wn_status_info_at(t);
        char line[160];
        snprintf(line, sizeof line, "  %2d %-13s %s\n", wn_status_exit_code(s->status), s->name, s->meaning);
        append(overview, sizeof overview, line);
    }
    return overview;
}

/* Fields whose option is spelled otherwise than "--" + the field with '_' as '-'. */
static const struct {
    const char *field, *option;
} field_options[] = {
    {"vm_creator_id", "--vm-creator"},       {"profiles", "--profile"},
    {"local_ports", "--local-port"},         {"remote_ports", "--remote-port"},
    {"local_addresses", "--local-address"},  {"remote_addresses", "--remote-address"},
    {"subjects", "--subject"},
};

static int option_known(const char *name)
{
    size_t t;
    for (t = 0; t < TABLE_COUNT; t++) {
        const wn_command_spec *c;
        for (c = tables[t]; c->words[0]; c++) {
            const wn_option_spec *o;
            for (o = c->options; o && o->name; o++)
                if (strcmp(o->name, name) == 0)
                    return 1;
        }
    }
    return 0;
}

void wn_args_name_option(wslnet_error *err)
{
    char field[40], option[48], rest[WSLNET_MESSAGE_MAX];
    size_t n = 0, i;
    if (!err || (err->status != WSLNET_E_INVALID_INPUT && err->status != WSLNET_E_USAGE))
        return;
    while (n < sizeof field - 1 && ((err->message[n] >= 'a' && err->message[n] <= 'z') || err->message[n] == '_'))
        n++;
    if (n == 0 || (err->message[n] != ':' && err->message[n] != ' '))
        return;
    memcpy(field, err->message, n);
    field[n] = '\0';
    snprintf(option, sizeof option, "--%s", field);
    for (i = 2; option[i]; i++)
        if (option[i] == '_')
            option[i] = '-';
    for (i = 0; i < sizeof field_options / sizeof field_options[0]; i++)
        if (strcmp(field, field_options[i].field) == 0)
            snprintf(option, sizeof option, "%s", field_options[i].option);
    if (!option_known(option))
        return;
    snprintf(rest, sizeof rest, "%s", err->message + n);
    wn_snprintf(err->message, sizeof err->message, "%s%s", option, rest);
}
