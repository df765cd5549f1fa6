/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "basic/macro.h"
#include "basic/session-id.h"

static void test_new_ids_are_valid_and_random(void **state) {
        char a[SESSION_ID_LEN + 1], b[SESSION_ID_LEN + 1];

        for (int i = 0; i < 64; i++) {
                assert_int_equal(session_id_new(a), 0);
                assert_int_equal(session_id_new(b), 0);
                assert_int_equal(strlen(a), SESSION_ID_LEN);
                assert_int_equal(strspn(a, "0123456789abcdef"), SESSION_ID_LEN);
                assert_true(session_id_valid(a));
                assert_true(session_id_valid(b));
                assert_string_not_equal(a, b);
        }
}

/* The one definition: the record file and the cgroup leaf take exactly these. */
static const struct {
        const char *id;
        bool valid;
} cases[] = {
        {"0123456789abcdef", true}, {"0000000000000000", true}, {"ffffffffffffffff", true},
        {"0123456789ABCDEF", false}, /* uppercase */
        {"0123456789abcdeF", false}, {"0123456789abcde", false}, /* 15 */
        {"0123456789abcdef0", false}, /* 17 */
        {"0123456789abcdeg", false}, {"", false}, {NULL, false}, {"1", false}, {"p1", false}, {".", false},
        {"..", false}, {"../0123456789abc", false}, {"0123456/89abcdef", false}, {"/123456789abcdef", false},
        {"0123456789abcde/", false}, {".123456789abcdef", false}, {"0123456789abc de", false},
        {"0123456789abcde\n", false}, {"-123456789abcdef", false}, {"0x23456789abcdef", false},
        {"0123456789abcdef/..", false},
        {"12345678901234567890123456789012345678901234567890123456789012345", false}, /* 65 */
        {"a_B-9.x", false}, /* what the cgroup code once allowed */
};

static void test_validation(void **state) {
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                print_message("\"%s\"\n", cases[i].id ?: "(null)");
                assert_int_equal(session_id_valid(cases[i].id), cases[i].valid);
        }
}

/* A NUL inside the 16 bytes: the id ends there, so it is too short. */
static void test_embedded_nul(void **state) {
        static const char id[SESSION_ID_LEN + 1] = "01234567\0"
                                                   "9abcdef";

        assert_false(session_id_valid(id));
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_new_ids_are_valid_and_random),
                cmocka_unit_test(test_validation),
                cmocka_unit_test(test_embedded_nul),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
