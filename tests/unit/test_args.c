/* Unit tests: wslnet.exe's command line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "args.h"
#include "commands.h"


static wslnet_status parse(wn_args *out, wslnet_error *err, int argc, char **argv)
{
    return wn_args_parse(argc, argv, out, err);
}

static int command_id(const wn_args *a)
{
    return a->command ? a->command->id : 0;
}

static void commands(void **state)
{
    char *a1[] = {"wslnet", "adapter", "list", "--json", "--adapter", "wslhost*"};
    char *a2[] = {"wslnet", "--json", "address", "--source=neighbor"};
    char *a3[] = {"wslnet", "mode", "--config", "C:\\x\\.wslconfig", "--adapter=a*"};
    char *a4[] = {"wslnet", "version"};
    char *a5[] = {"wslnet", "--version", "--json"};
    wn_args a;
    (void)state;
    assert_int_equal(parse(&a, NULL, 6, a1), WSLNET_OK);
    assert_int_equal(command_id(&a), WN_CORE_ADAPTER_LIST);
    assert_true(a.json);
    assert_string_equal(wn_args_value(&a, "--adapter"), "wslhost*");
    assert_int_equal(parse(&a, NULL, 4, a2), WSLNET_OK);
    assert_int_equal(command_id(&a), WN_CORE_ADDRESS);
    assert_string_equal(wn_args_value(&a, "--source"), "neighbor");
    assert_true(a.json);
    assert_int_equal(parse(&a, NULL, 5, a3), WSLNET_OK);
    assert_int_equal(command_id(&a), WN_CORE_MODE);
    assert_string_equal(wn_args_value(&a, "--config"), "C:\\x\\.wslconfig");
    assert_string_equal(wn_args_value(&a, "--adapter"), "a*");
    assert_int_equal(parse(&a, NULL, 2, a4), WSLNET_OK);
    assert_int_equal(command_id(&a), WN_CORE_VERSION);
    assert_int_equal(parse(&a, NULL, 3, a5), WSLNET_OK);
    assert_int_equal(command_id(&a), WN_CORE_VERSION);
    assert_true(a.json);
}

static void help(void **state)
{
    char *h1[] = {"wslnet", "--help"};
    char *h2[] = {"wslnet", "help", "adapter", "list"};
    char *h3[] = {"wslnet", "address", "-h"};
    wn_args a;
    (void)state;
    assert_int_equal(parse(&a, NULL, 2, h1), WSLNET_OK);
    assert_true(a.help);
    assert_null(a.command);
    assert_non_null(strstr(wn_args_help(a.command), "Exit codes"));
    assert_int_equal(parse(&a, NULL, 4, h2), WSLNET_OK);
    assert_true(a.help);
    assert_int_equal(command_id(&a), WN_CORE_ADAPTER_LIST);
    assert_non_null(strstr(wn_args_help(a.command), "wslnet adapter list"));
    assert_int_equal(parse(&a, NULL, 3, h3), WSLNET_OK);
    assert_true(a.help);
    assert_int_equal(command_id(&a), WN_CORE_ADDRESS);
}

static void usage_errors(void **state)
{
    char *e1[] = {"wslnet"};
    char *e2[] = {"wslnet", "frobnicate"};
    char *e3[] = {"wslnet", "adapter"};
    char *e4[] = {"wslnet", "adapter", "list", "--bogus"};
    char *e5[] = {"wslnet", "adapter", "list", "--adapter"};
    char *e6[] = {"wslnet", "adapter", "list", "--source", "hns"};
    char *e7[] = {"wslnet", "address", "extra", "--json"};
    char *e8[] = {"wslnet", "--source", "hns", "mode"};
    wn_args a;
    wslnet_error err;
    (void)state;
    assert_int_equal(parse(&a, &err, 1, e1), WSLNET_E_USAGE);
    assert_int_equal(parse(&a, &err, 2, e2), WSLNET_E_USAGE);
    assert_non_null(strstr(err.message, "frobnicate"));
    assert_int_equal(parse(&a, &err, 2, e3), WSLNET_E_USAGE);
    assert_int_equal(parse(&a, &err, 4, e4), WSLNET_E_USAGE);
    assert_non_null(strstr(err.message, "--bogus"));
    assert_int_equal(parse(&a, &err, 4, e5), WSLNET_E_USAGE);
    assert_non_null(strstr(err.message, "needs a value"));
    assert_int_equal(parse(&a, &err, 5, e6), WSLNET_E_USAGE);
    assert_non_null(strstr(err.message, "does not apply"));
    assert_int_equal(parse(&a, &err, 4, e7), WSLNET_E_USAGE);
    assert_true(a.json); /* so the error itself can be JSON */
    assert_int_equal(parse(&a, &err, 4, e8), WSLNET_E_USAGE);
}

static void invalid_values(void **state)
{
    char *v1[] = {"wslnet", "address", "--source", "dns"};
    char *v2[] = {"wslnet", "address", "--adapter="};
    wn_args a;
    wslnet_error err;
    (void)state;
    assert_int_equal(parse(&a, &err, 4, v1), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "'dns'"));
    assert_int_equal(parse(&a, &err, 3, v2), WSLNET_E_INVALID_INPUT);
}

static void option_forms(void **state)
{
    char *r1[] = {"wslnet", "address", "--adapter", "x", "--adapter", "y"};
    char *r2[] = {"wslnet", "mode", "--json=1"};
    char *r3[] = {"wslnet", "help"};
    wn_args a;
    wslnet_error err;
    const char *values[2];
    (void)state;
    /* Not repeatable: a second --adapter is a usage error, not a silent override. */
    assert_int_equal(parse(&a, &err, 6, r1), WSLNET_E_USAGE);
    assert_non_null(strstr(err.message, "more than once"));
    assert_int_equal(parse(&a, &err, 3, r2), WSLNET_E_USAGE);
    assert_int_equal(parse(&a, &err, 2, r3), WSLNET_OK);
    assert_true(a.help);
    assert_null(a.command);
    assert_int_equal(wn_args_values(&a, "--adapter", values, 2), 0);
    assert_non_null(wn_args_find("adapter", "list", NULL));
    assert_null(wn_args_find("adapter", NULL, NULL));
    assert_null(wn_args_find("adapter", "list", "extra"));
    /* The overview lists every command of every table. */
    assert_non_null(strstr(wn_args_help(NULL), "adapter list"));
    assert_non_null(strstr(wn_args_help(NULL), "version"));
}

/* The library names fields; the CLI turns a leading field into its option. */
static void fields_become_options(void **state)
{
    wslnet_error e;
    (void)state;
    wn_fail(&e, WSLNET_E_INVALID_INPUT, 0, "profiles item 'x' is not a profile");
    wn_args_name_option(&e);
    assert_string_equal(e.message, "--profile item 'x' is not a profile");
    wn_fail(&e, WSLNET_E_INVALID_INPUT, 0, "vm_creator_id: 'x' is not a braced GUID");
    wn_args_name_option(&e);
    assert_string_equal(e.message, "--vm-creator: 'x' is not a braced GUID");
    wn_fail(&e, WSLNET_E_INVALID_INPUT, 0, "default_outbound: 'x' is not one of allow, block");
    wn_args_name_option(&e);
    assert_string_equal(e.message, "--default-outbound: 'x' is not one of allow, block");
    /* not a field of any option, or not invalid input: as it was */
    wn_fail(&e, WSLNET_E_INVALID_INPUT, 0, "rule 'x' was not created by wslnet");
    wn_args_name_option(&e);
    assert_string_equal(e.message, "rule 'x' was not created by wslnet");
    wn_fail(&e, WSLNET_E_NOT_FOUND, 0, "name: nothing");
    wn_args_name_option(&e);
    assert_string_equal(e.message, "name: nothing");
}

/* Every command's help has one line per option of its table, the value shown
 * as its placeholder or its choices, and --json's line names the command's
 * JSON kind; the usage and the notes stay around them. */
static void help_renders_each_option_from_the_table(void **state)
{
    const wn_command_spec *c;
    const char *h;
    size_t i;
    (void)state;
    for (i = 0; (c = wn_args_command_at(i)) != NULL; i++) {
        const wn_option_spec *o;
        char line[96];
        h = wn_args_help(c);
        assert_non_null(strstr(h, "Usage: wslnet "));
        assert_non_null(c->json_kind);
        for (o = c->options; o && o->name; o++) {
            assert_non_null(o->help);
            snprintf(line, sizeof line, "\n  %s%s%s", o->name, (o->flags & WN_OPT_VALUE) ? " " : "",
                     (o->flags & WN_OPT_VALUE) ? (o->choices ? o->choices[0] : o->value) : "");
            assert_non_null(strstr(h, line));
        }
        snprintf(line, sizeof line, "one JSON document on stdout (kind %s)\n", c->json_kind);
        assert_non_null(strstr(h, line));
        if (c->notes)
            assert_non_null(strstr(h, c->notes));
    }
    assert_true(i >= 28); /* every table visited (28 commands at least) */
    h = wn_args_help(wn_args_find("proxy", "add", NULL));
    assert_non_null(strstr(h, "\n  --to wsl|ADDRESS|HOST  where to forward"));
    assert_non_null(strstr(h, "\n  --kind v4tov4|v4tov6|v6tov4|v6tov6\n"));   /* too wide: help below */
    assert_non_null(strstr(h, "\n  --dry-run              show the changes"));
    assert_non_null(strstr(h, "\n  --json                 one JSON document on stdout (kind proxyAdd)\n\nExit codes"));
    h = wn_args_help(wn_args_find("certs", "export", NULL));
    assert_non_null(strstr(h, "\n  --store LIST      stores to read, comma-separated or repeated (default\n"
                              "                    machine,user,enterprise,policy):\n"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(commands),
        cmocka_unit_test(help),
        cmocka_unit_test(usage_errors),
        cmocka_unit_test(invalid_values),
        cmocka_unit_test(option_forms),
        cmocka_unit_test(fields_become_options),
        cmocka_unit_test(help_renders_each_option_from_the_table),
    };
    return cmocka_run_group_tests_name("args", tests, NULL, NULL);
}
