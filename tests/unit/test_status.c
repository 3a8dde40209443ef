/* Unit tests: the status table (WSLNET_STATUS_MAP) and what is expanded from it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "args.h"
#include "status.h"

/* Exit codes are the enum values, in table order from 0, names unique and
 * camelCase, every status has a meaning. */
static void table_is_consistent(void **state)
{
    const wn_status_info *a, *b;
    size_t i, j;
    (void)state;
    for (i = 0; (a = wn_status_info_at(i)) != NULL; i++) {
        assert_int_equal(wn_status_exit_code(a->status), (int)i);
        assert_int_equal((int)a->status, (int)i);
        assert_string_equal(wn_status_name(a->status), a->name);
        assert_string_equal(wn_status_meaning(a->status), a->meaning);
        assert_true(a->name[0] >= 'a' && a->name[0] <= 'z');
        assert_null(strchr(a->name, ' '));
        assert_true(strlen(a->meaning) > 0);
        for (j = 0; j < i; j++) {
            b = wn_status_info_at(j);
            assert_string_not_equal(a->name, b->name);
        }
    }
    assert_int_equal(i, WSLNET_E_NO_MEMORY + 1);
    assert_string_equal(wn_status_name(WSLNET_E_NOT_FOUND), "notFound");
    assert_string_equal(wn_status_name(WSLNET_E_SYSTEM), "systemError");
}

/* An unknown value is a bug: "internal", exit 1. */
static void unknown_is_internal(void **state)
{
    (void)state;
    assert_string_equal(wn_status_name((wslnet_status)99), "internal");
    assert_int_equal(wn_status_exit_code((wslnet_status)99), WSLNET_E_INTERNAL);
    assert_int_equal(wn_status_exit_code((wslnet_status)-1), WSLNET_E_INTERNAL);
    assert_null(wn_status_info_at(99));
}

/* The help text lists every status with its code, name and meaning. */
static void help_lists_every_status(void **state)
{
    const char *overview = wn_args_help(NULL);
    const wn_status_info *s;
    size_t i;
    (void)state;
    assert_non_null(strstr(WN_HELP_EXIT_CODES, " 4=notFound "));
    assert_non_null(strstr(WN_HELP_EXIT_CODES, " 11=outOfMemory\n"));
    for (i = 0; (s = wn_status_info_at(i)) != NULL; i++) {
        char line[200];
        snprintf(line, sizeof line, "%2d %-13s %s\n", (int)i, s->name, s->meaning);
        assert_non_null(strstr(overview, line));
    }
}

/* What finishing an interrupted change did is added to the message, once,
 * without formatting the message into itself; a long one is cut, not overrun. */
static void recovered_note_is_appended(void **state)
{
    wslnet_error err;
    char long_text[sizeof err.message + 100];
    (void)state;
    wn_fail(&err, WSLNET_E_BUSY, 5, "the change failed");
    wn_error_add_recovered(&err, "");
    assert_string_equal(err.message, "the change failed");
    wn_error_add_recovered(&err, "finished an interrupted proxy remove");
    assert_string_equal(err.message, "the change failed (before this: finished an interrupted proxy remove)");
    assert_int_equal(err.status, WSLNET_E_BUSY);
    assert_int_equal(err.code, 5);
    memset(long_text, 'x', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    wn_fail(&err, WSLNET_E_SYSTEM, 0, "%s", long_text);
    wn_error_add_recovered(&err, "note");
    assert_int_equal(strlen(err.message), sizeof err.message - 1);
    wn_error_add_recovered(NULL, "note"); /* NULL is fine */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(table_is_consistent),
        cmocka_unit_test(unknown_is_internal),
        cmocka_unit_test(help_lists_every_status),
        cmocka_unit_test(recovered_note_is_appended),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
