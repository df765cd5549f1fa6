/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "policy/conf-lexer.h"
#include "basic/strv.h"

static const struct {
        const char *line;
        const char *name; /* NULL: blank/comment */
        const char *words[4];
} good[] = {
        {"", NULL, {}},
        {"   \t ", NULL, {}},
        {"# comment", NULL, {}},
        {"   # indented comment \"unterminated", NULL, {}},
        {"Isolate yes", "Isolate", {"yes"}},
        {"  isolate   yes  ", "isolate", {"yes"}},
        {"Isolate=yes", "Isolate", {"yes"}},
        {"Isolate = yes", "Isolate", {"yes"}},
        {"Isolate\tyes\r", "Isolate", {"yes"}},
        {"ReadOnlyPaths /a /b\t/c", "ReadOnlyPaths", {"/a", "/b", "/c"}},
        {"Environment \"A=b c\" D=e", "Environment", {"A=b c", "D=e"}},
        {"Environment A=\"b c\"d", "Environment", {"A=b cd"}},
        {"ReadOnlyPaths \"\"", "ReadOnlyPaths", {""}},
        {"ReadOnlyPaths=", "ReadOnlyPaths", {}},
        {"Hostname", "Hostname", {}},
        {"Environment \"Q=\\\"x\\\\\"", "Environment", {"Q=\"x\\"}},
        {"Environment A=b\\c", "Environment", {"A=b\\c"}},
        {"Environment A=#notacomment", "Environment", {"A=#notacomment"}},
        {"Match User a,b Group \"x y\"", "Match", {"User", "a,b", "Group", "x y"}},
};

static void test_good_lines(void **state) {
        for (size_t i = 0; i < ELEMENTSOF(good); i++) {
                _cleanup_(conf_line_done) conf_line l = {};
                ns_error err = NS_ERROR_INIT;
                size_t n = 0;

                print_message("line: %s\n", good[i].line);
                assert_int_equal(conf_lex_line(good[i].line, strlen(good[i].line), &l, &err), 0);
                if (!good[i].name) {
                        assert_null(l.name);
                        continue;
                }
                assert_string_equal(l.name, good[i].name);
                while (n < 4 && good[i].words[n])
                        n++;
                assert_int_equal(strv_length(l.words), n);
                for (size_t k = 0; k < n; k++)
                        assert_string_equal(l.words[k], good[i].words[k]);
        }
}

static const struct {
        const char *line;
        const char *message_part;
} bad[] = {
        {"Isolate \"yes", "unterminated quote"},
        {"Environment \"A=b", "unterminated quote"},
        {"Environment \"A=\\\"", "unterminated quote"},
        {"\"Isolate\" yes", "directive name"},
        {"Iso-late yes", "directive name"},
        {"=yes", "directive name"},
        {"Isolate:yes", "directive name"},
};

static void test_bad_lines(void **state) {
        for (size_t i = 0; i < ELEMENTSOF(bad); i++) {
                _cleanup_(conf_line_done) conf_line l = {};
                _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;

                print_message("line: %s\n", bad[i].line);
                assert_int_equal(conf_lex_line(bad[i].line, strlen(bad[i].line), &l, &err), -EINVAL);
                assert_non_null(strstr(err.msg, bad[i].message_part));
                assert_null(l.name);
        }
}

static void test_nul_byte_is_refused(void **state) {
        _cleanup_(conf_line_done) conf_line l = {};
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;

        assert_int_equal(conf_lex_line("Isolate y\0es", 12, &l, &err), -EINVAL);
        assert_non_null(strstr(err.msg, "NUL"));
}

static void test_empty_assignment(void **state) {
        char *none[] = {NULL}, *empty[] = {"", NULL}, *two[] = {"", "x", NULL}, *one[] = {"x", NULL};

        assert_true(conf_words_empty(none));
        assert_true(conf_words_empty(empty));
        assert_false(conf_words_empty(two));
        assert_false(conf_words_empty(one));
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_good_lines),
                cmocka_unit_test(test_bad_lines),
                cmocka_unit_test(test_nul_byte_is_refused),
                cmocka_unit_test(test_empty_assignment),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
