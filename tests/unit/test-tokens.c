/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "policy/tokens.h"

static const token_values alice = {
        .user = "alice", .uid = "1001", .group = "staff", .home = "/home/alice", .session = "42"};
static const token_values alice_no_session = {
        .user = "alice", .uid = "1001", .group = "staff", .home = "/home/a%b", .session = NULL};

static const struct {
        const char *in;
        const token_values *v;
        const char *out; /* NULL: error */
} cases[] = {
        {"plain", &alice, "plain"},
        {"", &alice, ""},
        {"%u", &alice, "alice"},
        {"%h/tmp", &alice, "/home/alice/tmp"},
        {"/run/%U/%s", &alice, "/run/1001/42"},
        {"%g-%u", &alice, "staff-alice"},
        {"100%%", &alice, "100%"},
        {"%%u", &alice, "%u"},
        {"%s", &alice_no_session, "%s"},
        {"%%", &alice_no_session, "%%"},
        {"%u-%s", &alice_no_session, "alice-%s"},
        {"%h", &alice_no_session, "/home/a%%b"},
        {"%x", &alice, NULL},
        {"%", &alice, NULL},
        {"a%", &alice, NULL},
        {"%S", &alice, NULL},
        {"%x", &alice_no_session, NULL},
};

static void test_expand(void **state) {
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
                _cleanup_free_ char *out = NULL;
                int r = tokens_expand(cases[i].in, cases[i].v, &out, &err);

                print_message("tokens: \"%s\"\n", cases[i].in);
                if (!cases[i].out) {
                        assert_int_equal(r, -EINVAL);
                        assert_null(out);
                        assert_non_null(strstr(err.msg, cases[i].in));
                        continue;
                }
                assert_int_equal(r, 0);
                assert_string_equal(out, cases[i].out);
        }
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_expand),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
