/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "basic/strv.h"
#include "policy/user.h"

/* root exists on every system this runs on; its primary group is gid 0 */
static void test_lookup_root(void **state) {
        _cleanup_user_context_free_ user_context *u = NULL;
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;

        assert_int_equal(user_context_lookup("root", &u, &err), 0);
        assert_string_equal(u->name, "root");
        assert_int_equal(u->uid, 0);
        assert_int_equal(u->gid, 0);
        assert_non_null(u->group);
        assert_non_null(u->home);
        assert_true(u->n_gids >= 1);
        assert_int_equal(strv_length(u->group_names), u->n_gids);
        assert_true(strv_contains(u->group_names, u->group));
}

static void test_unknown_user(void **state) {
        user_context *u = NULL;
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;

        assert_int_equal(user_context_lookup("no-such-user-nsshell-test", &u, &err), -ESRCH);
        assert_null(u);
        assert_string_equal(err.msg, "looking up user \"no-such-user-nsshell-test\": no such user");
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_lookup_root),
                cmocka_unit_test(test_unknown_user),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
