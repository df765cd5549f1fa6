/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "environment-pass.h"
#include "macro.h"
#include "strv.h"

static void test_allowed_keys(void **state) {
        static const char *const yes[] = {"SSH_CONNECTION=127.0.0.1 1 127.0.0.1 22", "SSH_CLIENT=a",
                "SSH_TTY=/dev/pts/3", "SSH_AUTH_SOCK=/tmp/ssh-x/agent.1", "SSH_ORIGINAL_COMMAND=ls",
                "LANG=C.UTF-8", "LANGUAGE=de", "LC_ALL=C", "LC_TIME=en_GB.UTF-8", "LANG="};
        static const char *const no[] = {"LD_PRELOAD=/tmp/x.so", "LD_LIBRARY_PATH=/tmp", "BASH_ENV=/tmp/x",
                "ENV=/tmp/x", "SHELLOPTS=xtrace", "PS4=$(id)", "IFS=x", "PATH=/tmp", "HOME=/tmp", "LC_FOO=x",
                "LANGX=x", "LANG", "SSH_TTYX=x", "TERM=xterm", "XDG_RUNTIME_DIR=/run/user/1"};

        (void) state;
        for (size_t i = 0; i < ELEMENTSOF(yes); i++)
                if (!environment_pass_allowed(yes[i]))
                        fail_msg("\"%s\" should pass", yes[i]);
        for (size_t i = 0; i < ELEMENTSOF(no); i++)
                if (environment_pass_allowed(no[i]))
                        fail_msg("\"%s\" should not pass", no[i]);
}

static void test_pass_appends_and_policy_wins(void **state) {
        char **env = NULL;
        char *incoming[] = {"LD_PRELOAD=/tmp/x.so", "LANG=de_DE.UTF-8", "SSH_TTY=/dev/pts/1",
                "PATH=/tmp/evil", "LC_ALL=C", NULL};

        (void) state;
        assert_int_equal(strv_extend(&env, "PATH=/usr/bin:/bin"), 0);
        assert_int_equal(strv_extend(&env, "LC_ALL=C.UTF-8"), 0);
        assert_int_equal(environment_pass(&env, incoming, NULL), 0);
        assert_int_equal(strv_length(env), 4);
        assert_string_equal(env[0], "PATH=/usr/bin:/bin");
        assert_string_equal(env[1], "LC_ALL=C.UTF-8");
        assert_string_equal(env[2], "LANG=de_DE.UTF-8");
        assert_string_equal(env[3], "SSH_TTY=/dev/pts/1");
        strv_free(env);
}

static void test_pass_nothing(void **state) {
        char **env = NULL;

        (void) state;
        assert_int_equal(strv_extend(&env, "HOME=/home/a"), 0);
        assert_int_equal(environment_pass(&env, NULL, NULL), 0);
        assert_int_equal(strv_length(env), 1);
        strv_free(env);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_allowed_keys),
                cmocka_unit_test(test_pass_appends_and_policy_wins),
                cmocka_unit_test(test_pass_nothing),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
