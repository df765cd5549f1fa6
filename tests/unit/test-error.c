/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "basic/error.h"

static void test_first_error_wins_and_all_are_kept(void **state) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;

        assert_int_equal(ns_error_set(&err, -EINVAL, "a.conf:%u: bad", 3u), -EINVAL);
        assert_int_equal(ns_error_set_errno(&err, -ENOENT, "open \"%s\"", "/x"), -ENOENT);
        assert_int_equal(err.code, -EINVAL);
        assert_string_equal(err.msg, "a.conf:3: bad");
        assert_int_equal(err.n_all, 2);
        assert_string_equal(err.all[1], "open \"/x\": No such file or directory");
        assert_null(err.all[2]);
}

static void test_null_error_is_allowed(void **state) {
        assert_int_equal(ns_error_set(NULL, -EPERM, "ignored"), -EPERM);
}

/* The macro evaluates to a negative code whatever it is given, and evaluates
 * its code argument once. */
static void test_code_is_always_negative(void **state) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        int code = EACCES, calls = 0;

        assert_int_equal(ns_error_set(&err, code, "positive errno"), -EACCES);
        assert_int_equal(ns_error_set(&err, 0, "no code"), -EINVAL);
        assert_int_equal(ns_error_set_errno(&err, (calls++, -EPERM), "once"), -EPERM);
        assert_int_equal(calls, 1);
        assert_int_equal(err.code, -EACCES);
        assert_string_equal(err.all[1], "no code");
        assert_string_equal(err.all[2], "once: Operation not permitted");
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_first_error_wins_and_all_are_kept),
                cmocka_unit_test(test_null_error_is_allowed),
                cmocka_unit_test(test_code_is_always_negative),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
