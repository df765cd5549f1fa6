/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "login/environment-pass.h"
#include "basic/macro.h"
#include "basic/strv.h"

static void test_allowed_keys(void **state) {
        static const char *const yes[] = {"SSH_CONNECTION=127.0.0.1 1 127.0.0.1 22", "SSH_CLIENT=a",
                "SSH_TTY=/dev/pts/3", "SSH_AUTH_SOCK=/tmp/ssh-x/agent.1", "SSH_ORIGINAL_COMMAND=ls",
                "LANG=C.UTF-8", "LANGUAGE=de", "LC_ALL=C", "LC_TIME=en_GB.UTF-8",
                "LANG=", "XDG_SESSION_ID=7", "XDG_SESSION_TYPE=tty", "XDG_SESSION_CLASS=user",
                "XDG_RUNTIME_DIR=/run/user/1", "DISPLAY=localhost:10.0", "KRB5CCNAME=FILE:/tmp/krb5cc_1000",
                "GIT_PROTOCOL=version=2", "XAUTHORITY=/home/a/.Xauthority", "SSH_USER_AUTH=/tmp/x",
                "MAIL=/var/mail/a", "TZ=UTC", "COLORTERM=truecolor", "NO_COLOR=1"};
        static const char *const no[] = {"LD_PRELOAD=/tmp/x.so", "LD_LIBRARY_PATH=/tmp", "BASH_ENV=/tmp/x",
                "ENV=/tmp/x", "SHELLOPTS=xtrace", "PS4=$(id)", "IFS=x", "PATH=/tmp", "HOME=/tmp", "LC_FOO=x",
                "LANGX=x", "LANG", "SSH_TTYX=x", "TERM=xterm", "XDG_CONFIG_HOME=/tmp", "XDG_SESSION_IDX=1"};

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
        assert_int_equal(environment_pass(&env, incoming, NULL, NULL), 0);
        assert_int_equal(strv_length(env), 4);
        assert_string_equal(env[0], "PATH=/usr/bin:/bin");
        assert_string_equal(env[1], "LC_ALL=C.UTF-8");
        assert_string_equal(env[2], "LANG=de_DE.UTF-8");
        assert_string_equal(env[3], "SSH_TTY=/dev/pts/1");
        strv_free(env);
}

/* PassEnvironment: more names pass; the loader variables never do;
 * a value the policy set still wins. */
static void test_pass_names(void **state) {
        char **env = NULL;
        char *incoming[] = {
                "FOO=1", "LD_PRELOAD=/tmp/x.so", "TMPDIR=/x", "BAR=2", "KEEP=incoming", "BAZ=3", NULL};
        char *names[] = {"FOO", "LD_PRELOAD", "TMPDIR", "KEEP", "BAZ", NULL};

        (void) state;
        assert_int_equal(strv_extend(&env, "KEEP=policy"), 0);
        assert_int_equal(environment_pass(&env, incoming, names, NULL), 0);
        assert_int_equal(strv_length(env), 3);
        assert_string_equal(env[0], "KEEP=policy");
        assert_string_equal(env[1], "FOO=1");
        assert_string_equal(env[2], "BAZ=3");
        strv_free(env);
}

static void test_pass_nothing(void **state) {
        char **env = NULL;

        (void) state;
        assert_int_equal(strv_extend(&env, "HOME=/home/a"), 0);
        assert_int_equal(environment_pass(&env, NULL, NULL, NULL), 0);
        assert_int_equal(strv_length(env), 1);
        strv_free(env);
}

static void test_loader_variable(void **state) {
        char *clean[] = {"LD_PRELOADX=/tmp/x.so", "XLD_PRELOAD=/tmp/x.so", "LD_PRELOAD=", "LD_BIND_NOW=1",
                "LD_AUDIT", "PATH=/usr/bin", NULL};
        char *preload[] = {"LANG=C", "LD_PRELOAD=/home/u/x.so", NULL};
        char *audit[] = {"LD_AUDIT=/home/u/a.so", "LD_LIBRARY_PATH=/tmp", NULL};
        char *libpath[] = {"LD_LIBRARY_PATH=/home/u/lib", NULL};

        (void) state;
        assert_null(environment_loader_variable(NULL));
        assert_null(environment_loader_variable(clean));
        assert_string_equal(environment_loader_variable(preload), "LD_PRELOAD");
        assert_string_equal(environment_loader_variable(audit), "LD_AUDIT");
        assert_string_equal(environment_loader_variable(libpath), "LD_LIBRARY_PATH");
}

static void test_unsafe(void **state) {
        const char *unsafe[] = {"LD_PRELOAD=/x.so", "LD_BIND_NOW=1", "LD_", "GCONV_PATH=/x",
                "GLIBC_TUNABLES=a", "TMPDIR=/t", "TZDIR", "RES_OPTIONS=", "HOSTALIASES=/h",
                "MALLOC_TRACE=/m", NULL};
        const char *safe[] = {"PATH=/usr/bin", "XLD_PRELOAD=/x.so", "TMPDIRX=/t", "TMPDI=/t", "LANG=C",
                "ld_preload=/x.so", "TZ=UTC", NULL};

        (void) state;
        for (const char **i = unsafe; *i; i++)
                assert_true(environment_unsafe(*i));
        for (const char **i = safe; *i; i++)
                assert_false(environment_unsafe(*i));
}

static void test_unsafe_names(void **state) {
        char *env[] = {
                "LANG=C", "LD_PRELOAD=/home/u/x.so", "TMPDIR=/tmp/u", "PATH=/bin", "LD_FOO=a=b", NULL};
        char *clean[] = {"LANG=C", NULL};
        char **names = NULL, *joined;

        (void) state;
        assert_int_equal(environment_unsafe_names(env, &names, NULL), 0);
        assert_int_equal(strv_length(names), 3);
        assert_string_equal(names[0], "LD_PRELOAD");
        assert_string_equal(names[1], "TMPDIR");
        assert_string_equal(names[2], "LD_FOO");
        joined = strv_join(names, " ");
        assert_string_equal(joined, "LD_PRELOAD TMPDIR LD_FOO");
        free(joined);
        strv_free(names);
        names = NULL;
        assert_int_equal(environment_unsafe_names(clean, &names, NULL), 0);
        assert_null(names);
        assert_int_equal(environment_unsafe_names(NULL, &names, NULL), 0);
        assert_null(names);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_allowed_keys),
                cmocka_unit_test(test_pass_appends_and_policy_wins),
                cmocka_unit_test(test_pass_nothing),
                cmocka_unit_test(test_pass_names),
                cmocka_unit_test(test_loader_variable),
                cmocka_unit_test(test_unsafe),
                cmocka_unit_test(test_unsafe_names),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
