/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "fixtures.h"
#include "policy/policy-match.h"

static const struct {
        const char *pattern, *s;
        bool match;
} patterns[] = {
        {"alice", "alice", true}, {"alice", "alicia", false}, {"al*", "alice", true}, {"*", "", true},
        {"*", "x", true}, {"a*e", "alice", true}, {"a*e", "alicex", false}, {"?lice", "alice", true},
        {"?lice", "lice", false}, {"*i*", "alice", true}, {"**e", "alice", true}, {"a*b*c", "aXbYbZc", true},
        {"a*b*c", "aXbYbZ", false}, {"", "", true}, {"", "a", false},
        {"[a]lice", "alice", false}, /* no brackets, as in sshd */
};

static void test_wildcards(void **state) {
        for (size_t i = 0; i < ELEMENTSOF(patterns); i++) {
                print_message("pattern %s vs %s\n", patterns[i].pattern, patterns[i].s);
                assert_int_equal(match_pattern(patterns[i].pattern, patterns[i].s), patterns[i].match);
        }
}

static const struct {
        const char *list, *s;
        int result;
} lists[] = {
        {"alice,bob", "bob", 1},
        {"alice,bob", "carol", 0},
        {"*,!root", "alice", 1},
        {"*,!root", "root", -1},
        {"!root,*", "root", -1},
        {"!root", "alice", 0}, /* only negations: never a match, as in sshd */
        {"!root", "root", -1},
        {"a*,!admin", "admin", -1},
        {"a*,!admin", "anna", 1},
};

static void test_pattern_lists(void **state) {
        for (size_t i = 0; i < ELEMENTSOF(lists); i++) {
                print_message("list %s vs %s\n", lists[i].list, lists[i].s);
                assert_int_equal(match_pattern_list(lists[i].list, lists[i].s), lists[i].result);
        }
}

static void test_uid_lists(void **state) {
        assert_int_equal(match_uid_list("1000", 1000), 1);
        assert_int_equal(match_uid_list("1000", 1001), 0);
        assert_int_equal(match_uid_list("1000-60000", 1000), 1);
        assert_int_equal(match_uid_list("1000-60000", 60000), 1);
        assert_int_equal(match_uid_list("1000-60000", 60001), 0);
        assert_int_equal(match_uid_list("1000-60000", 999), 0);
        assert_int_equal(match_uid_list("0,1000-60000,!1500", 0), 1);
        assert_int_equal(match_uid_list("1000-60000,!1500", 1500), -1);
        assert_int_equal(match_uid_list("1000-60000,!1400-1600", 1450), -1);
        assert_int_equal(match_uid_list("1000-60000,!1400-1600", 1700), 1);
}

/* Parse "User a Group b" style criteria from a string of blank-separated words. */
static bool match_words(const char *line, const char *service) {
        char buf[256], *words[16], *save = NULL;
        size_t n = 0;
        match_criterion *c;
        size_t nc;
        ns_error err = NS_ERROR_INIT;
        bool result;

        snprintf(buf, sizeof(buf), "%s", line);
        for (char *w = strtok_r(buf, " ", &save); w && n < 15; w = strtok_r(NULL, " ", &save))
                words[n++] = w;
        words[n] = NULL;
        assert_int_equal(match_criteria_parse(words, &c, &nc, &err), 0);
        result = match_criteria_test(c, nc, &alice, service);
        match_criteria_free(c, nc);
        return result;
}

static const struct {
        const char *criteria, *service;
        bool match;
} blocks[] = {
        {"All", "sshd", true},
        {"User alice", "sshd", true},
        {"user ALICE", "sshd", false}, /* keywords are case-insensitive, names are not */
        {"User bob,al*", "sshd", true},
        {"User *,!alice", "sshd", false},
        {"Group staff", "sshd", true}, /* supplementary */
        {"Group alice", "sshd", true}, /* primary */
        {"Group wheel", "sshd", false},
        {"Group ssh*", "sshd", true},
        {"Group *,!staff", "sshd", false}, /* a negated group wins */
        {"Group wheel,!root", "sshd", false},
        {"UID 1000-60000", "sshd", true},
        {"UID 0-999", "sshd", false},
        {"Service sshd", "sshd", true},
        {"Service sshd", "login", false},
        {"Service nsshell,su*", "su-l", true},
        {"User alice Group staff UID 1001 Service sshd", "sshd", true}, /* all must hold */
        {"User alice Group wheel", "sshd", false},
        {"User alice Service login", "sshd", false},
};

static void test_criteria(void **state) {
        for (size_t i = 0; i < ELEMENTSOF(blocks); i++) {
                print_message("Match %s (service %s)\n", blocks[i].criteria, blocks[i].service);
                assert_int_equal(match_words(blocks[i].criteria, blocks[i].service), blocks[i].match);
        }
}

static const struct {
        const char *words[5];
        const char *message_part;
} bad[] = {
        {{}, "expected criteria"},
        {{"Host", "x"}, "unknown criterion \"Host\""},
        {{"Host"}, "unknown criterion \"Host\""},
        {{"User"}, "expected a pattern list"},
        {{"User", "a", "Group"}, "expected a pattern list"},
        {{"All", "User", "a"}, "All must stand alone"},
        {{"User", "a", "All"}, "All must stand alone"},
        {{"UID", "abc"}, "expected UIDs or ranges"},
        {{"UID", "10-5"}, "expected UIDs or ranges"},
        {{"UID", "1-2-3"}, "expected UIDs or ranges"},
        {{"UID", "4294967295"}, "expected UIDs or ranges"},
        {{"User", "a,,b"}, "empty pattern"},
        {{"User", "a,!"}, "empty pattern"},
        {{"Group", ""}, "empty pattern"},
};

static void test_bad_criteria(void **state) {
        for (size_t i = 0; i < ELEMENTSOF(bad); i++) {
                _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
                char *words[6] = {};
                match_criterion *c = NULL;
                size_t n = 0;

                for (size_t k = 0; k < 5 && bad[i].words[k]; k++)
                        words[k] = (char *) bad[i].words[k];
                print_message("bad: %s\n", bad[i].message_part);
                assert_int_equal(match_criteria_parse(words, &c, &n, &err), -EINVAL);
                assert_non_null(strstr(err.msg, bad[i].message_part));
        }
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_wildcards),
                cmocka_unit_test(test_pattern_lists),
                cmocka_unit_test(test_uid_lists),
                cmocka_unit_test(test_criteria),
                cmocka_unit_test(test_bad_criteria),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
