/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "login/login-args.h"
#include "basic/macro.h"

/* The admin flags of shell/main.c's mode table at the time of writing. */
static bool is_admin_flag(const char *arg) {
        static const char *const flags[] = {
                "--check", "--explain", "--gc", "--user", "--list", "--help", "--version"};

        for (size_t i = 0; i < ELEMENTSOF(flags); i++)
                if (strcmp(arg, flags[i]) == 0)
                        return true;
        return false;
}

static login_call classify(char **argv) {
        int argc = 0;

        while (argv[argc])
                argc++;
        return login_call_classify(argc, argv, is_admin_flag);
}

#define ARGV(...) ((char *[]){__VA_ARGS__, NULL})

static void test_classify_table(void **state) {
        const struct {
                char **argv;
                login_call want;
        } cases[] = {
                /* login shells: login(1), sshd interactive, su - */
                {ARGV("-nsshell"), LOGIN_CALL_LOGIN},
                {ARGV("-su"), LOGIN_CALL_LOGIN},
                /* a login shell is never an admin call, whatever follows */
                {ARGV("-nsshell", "--user", "root"), LOGIN_CALL_LOGIN},
                {ARGV("-nsshell", "-c", "id"), LOGIN_CALL_LOGIN},
                /* sshd's `ssh host cmd`, scp, sftp-server, su -c */
                {ARGV("nsshell", "-c", "id"), LOGIN_CALL_COMMAND},
                {ARGV("/usr/bin/nsshell", "-c", "--check"), LOGIN_CALL_COMMAND},
                {ARGV("nsshell", "-c", "--user", "root"), LOGIN_CALL_COMMAND},
                {ARGV("nsshell", "-c", "scp -t /tmp; id"), LOGIN_CALL_COMMAND},
                {ARGV("nsshell", "-c"), LOGIN_CALL_COMMAND},
                /* admin modes: only the flag itself as argv[1] */
                {ARGV("nsshell", "--check"), LOGIN_CALL_ADMIN},
                {ARGV("nsshell", "--explain", "alice"), LOGIN_CALL_ADMIN},
                {ARGV("nsshell", "--user", "alice", "--", "id"), LOGIN_CALL_ADMIN},
                {ARGV("nsshell", "--help"), LOGIN_CALL_ADMIN},
                {ARGV("nsshell", "--version"), LOGIN_CALL_ADMIN},
                /* no prefix or glued forms */
                {ARGV("nsshell", "--check=x"), LOGIN_CALL_INTERACTIVE},
                {ARGV("nsshell", "--chec"), LOGIN_CALL_INTERACTIVE},
                {ARGV("nsshell", "-check"), LOGIN_CALL_INTERACTIVE},
                /* admin flag later on the line: shell arguments */
                {ARGV("nsshell", "-l", "--check"), LOGIN_CALL_INTERACTIVE},
                {ARGV("nsshell", "-lc", "id"), LOGIN_CALL_INTERACTIVE},
                /* plain interactive and other shell arguments */
                {ARGV("nsshell"), LOGIN_CALL_INTERACTIVE},
                {ARGV("nsshell", "-i"), LOGIN_CALL_INTERACTIVE},
                {ARGV("nsshell", "script.sh", "a b"), LOGIN_CALL_INTERACTIVE},
                {ARGV("nsshell", ""), LOGIN_CALL_INTERACTIVE},
        };

        (void) state;
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                login_call got = classify(cases[i].argv);
                if (got != cases[i].want)
                        fail_msg("case %zu (\"%s\" \"%s\"): got %d, want %d", i, cases[i].argv[0],
                                cases[i].argv[1] ? cases[i].argv[1] : "", got, cases[i].want);
        }
}

static void test_classify_without_argv0(void **state) {
        char *argv[] = {NULL};

        (void) state;
        assert_int_equal(login_call_classify(0, argv, is_admin_flag), LOGIN_CALL_INTERACTIVE);
}

static void assert_argv(char **got, const char *const *want) {
        size_t i = 0;

        for (; want[i]; i++) {
                assert_non_null(got[i]);
                assert_string_equal(got[i], want[i]);
        }
        assert_null(got[i]);
}

static void test_shell_argv_login(void **state) {
        char **argv = ARGV("-nsshell");
        char **l = NULL;

        (void) state;
        assert_int_equal(login_shell_argv("/bin/bash", LOGIN_CALL_LOGIN, 1, argv, &l), 0);
        assert_argv(l, (const char *const[]){"-bash", NULL});
        free(l[0]);
        free(l);
}

static void test_shell_argv_command_passes_bytes_unchanged(void **state) {
        char **argv = ARGV("nsshell", "-c", "printf '%s\\n' \"$HOME\"; echo 'a\nb' ; exit 3", "x");
        char **l = NULL;

        (void) state;
        assert_int_equal(login_shell_argv("/usr/bin/zsh", LOGIN_CALL_COMMAND, 4, argv, &l), 0);
        assert_string_equal(l[0], "zsh");
        for (int i = 1; i < 4; i++)
                assert_ptr_equal(l[i], argv[i]);
        assert_null(l[4]);
        free(l[0]);
        free(l);
}

static void test_shell_argv_interactive_and_bad_shell(void **state) {
        char **argv = ARGV("nsshell", "-i");
        char **l = NULL;

        (void) state;
        assert_int_equal(login_shell_argv("bash", LOGIN_CALL_INTERACTIVE, 2, argv, &l), 0);
        assert_argv(l, (const char *const[]){"bash", "-i", NULL});
        free(l[0]);
        free(l);
        l = NULL;
        assert_int_equal(login_shell_argv("", LOGIN_CALL_LOGIN, 1, argv, &l), -EINVAL);
        assert_int_equal(login_shell_argv("/bin/", LOGIN_CALL_LOGIN, 1, argv, &l), -EINVAL);
        assert_null(l);
}

static void test_shell_is_nsshell(void **state) {
        assert_true(login_shell_is_nsshell("/usr/bin/nsshell"));
        assert_true(login_shell_is_nsshell("nsshell"));
        assert_false(login_shell_is_nsshell("/bin/bash"));
        assert_false(login_shell_is_nsshell("/usr/bin/nsshell-old"));
        assert_false(login_shell_is_nsshell("/opt/nsshell/bash"));
        assert_false(login_shell_is_nsshell(NULL));
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_classify_table),
                cmocka_unit_test(test_shell_is_nsshell),
                cmocka_unit_test(test_classify_without_argv0),
                cmocka_unit_test(test_shell_argv_login),
                cmocka_unit_test(test_shell_argv_command_passes_bytes_unchanged),
                cmocka_unit_test(test_shell_argv_interactive_and_bad_shell),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
