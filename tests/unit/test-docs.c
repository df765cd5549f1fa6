/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nsshell.conf(5) documents every directive the parser knows: each name of
 * the directive table stands as a word on a roff font line (.B, .BI, .BR) of
 * the man page. A directive added without its documentation fails here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "policy/conf-directives.h"
#include "basic/macro.h"

#define MAN_PAGE TEST_SRCDIR "/../man/nsshell.conf.5"

static bool is_word_char(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* NAME as a whole word on LINE. */
static bool has_word(const char *line, const char *name) {
        size_t n = strlen(name);

        for (const char *p = strstr(line, name); p; p = strstr(p + 1, name))
                if ((p == line || !is_word_char(p[-1])) && !is_word_char(p[n]))
                        return true;
        return false;
}

static bool documented(FILE *f, const char *name) {
        char line[1024];

        rewind(f);
        while (fgets(line, sizeof(line), f))
                if (line[0] == '.' && line[1] == 'B' && has_word(line, name))
                        return true;
        return false;
}

static void test_every_directive_is_documented(void **state) {
        _cleanup_fclose_ FILE *f = fopen(MAN_PAGE, "re");
        const conf_directive *table;
        size_t n, missing = 0;

        assert_non_null(f);
        table = conf_directives(&n);
        assert_true(n > 30);
        for (size_t i = 0; i < n; i++)
                if (!documented(f, table[i].name)) {
                        print_message("not in nsshell.conf(5): %s\n", table[i].name);
                        missing++;
                }
        assert_int_equal(missing, 0);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_every_directive_is_documented),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
