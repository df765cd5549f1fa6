/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixtures.h"
#include "basic/strv.h"
#include "hardening/environment-file.h"
#include "hardening/environment.h"
#include <sys/stat.h>
#include <unistd.h>

static policy *policy_with(char **environment) {
        policy *p = NULL;

        assert_int_equal(policy_new_default(&p), 0);
        p->environment = environment;
        return p;
}

/* Give back the borrowed list before policy_free() would free it. */
static void policy_release(policy *p) {
        p->environment = NULL;
        policy_free(p);
}

static void assert_env(char **got, const char *const *want) {
        size_t i = 0;

        for (; want[i]; i++) {
                assert_non_null(got[i]);
                assert_string_equal(got[i], want[i]);
        }
        assert_null(got[i]);
}

static void test_fresh_environment_in_fixed_order(void **state) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_strv_free_ char **env = NULL;
        policy *p = policy_with(NULL);
        const char *const want[] = {
                "HOME=/home/alice",
                "USER=alice",
                "LOGNAME=alice",
                "SHELL=/bin/bash",
                "PATH=" ENVIRONMENT_PATH_USER,
                "TERM=xterm-256color",
                NULL,
        };

        /* nothing of the caller's environment may leak in */
        assert_int_equal(setenv("LD_PRELOAD", "/tmp/evil.so", 1), 0);
        assert_int_equal(environment_build(p, &alice, "xterm-256color", &env, &err), 0);
        assert_env(env, want);
        policy_release(p);
}

static void test_root_path_and_no_term(void **state) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_strv_free_ char **env = NULL;
        user_context root = {.name = (char *) "root", .uid = 0, .gid = 0, .home = NULL};
        policy *p = policy_with(NULL);
        const char *const want[] = {
                "HOME=/",
                "USER=root",
                "LOGNAME=root",
                "SHELL=/bin/bash",
                "PATH=" ENVIRONMENT_PATH_ROOT,
                NULL,
        };

        assert_int_equal(environment_build(p, &root, NULL, &env, &err), 0);
        assert_env(env, want);
        policy_release(p);
}

static void test_policy_entries_override_in_place_and_later_wins(void **state) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_strv_free_ char **env = NULL;
        char *entries[] = {(char *) "LANG=C.UTF-8", (char *) "PATH=/opt/bin:/usr/bin", (char *) "EDITOR=vi",
                (char *) "LANG=de_DE.UTF-8", (char *) "EMPTY=", NULL};
        policy *p = policy_with(entries);
        const char *const want[] = {
                "HOME=/home/alice",
                "USER=alice",
                "LOGNAME=alice",
                "SHELL=/bin/bash",
                "PATH=/opt/bin:/usr/bin",
                "LANG=de_DE.UTF-8",
                "EDITOR=vi",
                "EMPTY=",
                NULL,
        };

        assert_int_equal(environment_build(p, &alice, NULL, &env, &err), 0);
        assert_env(env, want);
        policy_release(p);
}

static void test_identity_keys_and_garbage_are_refused(void **state) {
        static const struct {
                const char *entry;
                int code;
                const char *msg;
        } cases[] = {
                {"HOME=/tmp", -EPERM,
                        "Environment: \"HOME\" comes from the user database and cannot be set"},
                {"USER=root", -EPERM,
                        "Environment: \"USER\" comes from the user database and cannot be set"},
                {"LOGNAME=root", -EPERM,
                        "Environment: \"LOGNAME\" comes from the user database and cannot be set"},
                {"NOEQUALS", -EINVAL, "Environment: \"NOEQUALS\" is not KEY=VALUE"},
                {"=value", -EINVAL, "Environment: \"=value\" is not KEY=VALUE"},
        };

        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
                char **env = (char **) 0x1; /* must stay untouched */
                char *entries[] = {(char *) "OK=1", (char *) cases[i].entry, NULL};
                policy *p = policy_with(entries);

                assert_int_equal(environment_build(p, &alice, NULL, &env, &err), cases[i].code);
                assert_string_equal(err.msg, cases[i].msg);
                assert_ptr_equal(env, (char **) 0x1);
                policy_release(p);
        }
}

static void test_key_prefix_is_not_a_match(void **state) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_strv_free_ char **env = NULL;
        char *entries[] = {(char *) "HOMEDIR=/srv", (char *) "PATHX=1", NULL};
        policy *p = policy_with(entries);

        assert_int_equal(environment_build(p, &alice, NULL, &env, &err), 0);
        assert_string_equal(env[0], "HOME=/home/alice");
        assert_string_equal(env[4], "PATH=" ENVIRONMENT_PATH_USER);
        assert_string_equal(env[5], "HOMEDIR=/srv");
        assert_string_equal(env[6], "PATHX=1");
        assert_null(env[7]);
        policy_release(p);
}

static void test_reserved_keys(void **state) {
        assert_true(policy_environment_key_reserved("HOME=/x"));
        assert_true(policy_environment_key_reserved("USER"));
        assert_true(policy_environment_key_reserved("LOGNAME="));
        assert_false(policy_environment_key_reserved("HOMEDIR=/x"));
        assert_false(policy_environment_key_reserved("HOM=/x"));
        assert_false(policy_environment_key_reserved("PATH=/bin"));
        assert_false(policy_environment_key_reserved(""));
}

/* EnvironmentFile's syntax, as systemd reads it. */
static void test_environment_file_syntax(void **state) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_strv_free_ char **env = NULL;
        static const char text[] = "# comment\n"
                                   "; also a comment\n"
                                   "\n"
                                   "  A=1\n"
                                   "B = two words  \n"
                                   "C=\"quoted \\\"x\\\" \\$HOME \\n\"\n"
                                   "D='single $x \\n'\n"
                                   "E=con\\\ntinued\n"
                                   "F=\n"
                                   "G=a\"b c\"'d'\n"
                                   "A=again\n"
                                   "H=#not a comment";
        static const char *const want[] = {"A=again", "B=two words", "C=quoted \"x\" $HOME \\n",
                "D=single $x \\n", "E=continued", "F=", "G=ab cd", "H=#not a comment", NULL};

        (void) state;
        assert_int_equal(environment_file_parse("/etc/env", text, &env, &err), 0);
        assert_env(env, want);
}

static void test_environment_file_errors(void **state) {
        static const struct {
                const char *text, *msg;
        } bad[] = {
                {"A=1\nNOEQUALS\n", "/etc/env:2: expected KEY=VALUE"},
                {"1A=x", "/etc/env:1: expected KEY=VALUE"},
                {"A-B=x", "/etc/env:1: expected KEY=VALUE"},
                {"export A=x", "/etc/env:1: expected KEY=VALUE"},
                {"A=\"open\nB=1\n", "/etc/env:1: unterminated quote"},
                {"A=1\nHOME=/tmp\n", "/etc/env:2: HOME, USER and LOGNAME"},
                {"LOGNAME =root", "/etc/env:1: HOME, USER and LOGNAME"},
        };

        (void) state;
        for (size_t i = 0; i < ELEMENTSOF(bad); i++) {
                _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
                _cleanup_strv_free_ char **env = NULL;

                assert_true(environment_file_parse("/etc/env", bad[i].text, &env, &err) < 0);
                if (strncmp(err.msg, bad[i].msg, strlen(bad[i].msg)) != 0)
                        fail_msg("\"%s\": got \"%s\", want \"%s...\"", bad[i].text, err.msg, bad[i].msg);
        }
}

/* Files override Environment, a later file an earlier one; "-" skips a
 * missing file, a missing file without it is an error. */
static void test_environment_files_in_build(void **state) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_strv_free_ char **env = NULL;
        char dir[] = "/tmp/nsshell-envfile-XXXXXX", a[64], b[64], missing[64], opt_missing[64];
        char *environment[] = {"X=env", "Y=env", NULL};
        char *files[] = {a, opt_missing, b, NULL};
        static const char *const want[] = {"HOME=/home/alice", "USER=alice", "LOGNAME=alice",
                "SHELL=/bin/bash", "PATH=" ENVIRONMENT_PATH_USER, "X=file-b", "Y=file-a", NULL};
        policy *p = policy_with(environment);
        FILE *f;

        (void) state;
        if (geteuid() != 0) {
                policy_release(p);
                skip();
        }
        assert_non_null(mkdtemp(dir));
        snprintf(a, sizeof(a), "%s/a", dir);
        snprintf(b, sizeof(b), "%s/b", dir);
        snprintf(missing, sizeof(missing), "%s/none", dir);
        snprintf(opt_missing, sizeof(opt_missing), "-%s/none", dir);
        assert_non_null(f = fopen(a, "we"));
        fputs("X=file-a\nY=file-a\n", f);
        fclose(f);
        assert_non_null(f = fopen(b, "we"));
        fputs("X=file-b\n", f);
        fclose(f);
        assert_int_equal(chmod(a, 0644), 0);
        assert_int_equal(chmod(b, 0644), 0);
        p->environment_files = files;
        assert_int_equal(environment_build(p, &alice, NULL, &env, &err), 0);
        assert_env(env, want);

        files[1] = missing;
        strv_free(env);
        env = NULL;
        assert_int_equal(environment_build(p, &alice, NULL, &env, &err), -ENOENT);
        assert_non_null(strstr(err.msg, "EnvironmentFile"));
        /* writable by others: refused as a policy file would be */
        files[1] = b;
        assert_int_equal(chmod(b, 0666), 0);
        assert_true(environment_build(p, &alice, NULL, &env, &err) < 0);
        p->environment_files = NULL;
        unlink(a);
        unlink(b);
        rmdir(dir);
        policy_release(p);
}

static void test_unset(void **state) {
        _cleanup_strv_free_ char **env = NULL;
        char *unset[] = {"B", "C=drop", "D=", NULL};
        static const char *const want[] = {"A=1", "C=keep", "D=x", "BB=2", NULL};

        (void) state;
        assert_int_equal(strv_extend(&env, "A=1"), 0);
        assert_int_equal(strv_extend(&env, "B=1"), 0);
        assert_int_equal(strv_extend(&env, "C=keep"), 0);
        assert_int_equal(strv_extend(&env, "C=drop"), 0);
        assert_int_equal(strv_extend(&env, "D=x"), 0);
        assert_int_equal(strv_extend(&env, "BB=2"), 0);
        environment_unset(env, unset);
        assert_env(env, want);
        environment_unset(NULL, unset);
        environment_unset(env, NULL);
        assert_env(env, want);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_fresh_environment_in_fixed_order),
                cmocka_unit_test(test_root_path_and_no_term),
                cmocka_unit_test(test_policy_entries_override_in_place_and_later_wins),
                cmocka_unit_test(test_identity_keys_and_garbage_are_refused),
                cmocka_unit_test(test_key_prefix_is_not_a_match),
                cmocka_unit_test(test_reserved_keys),
                cmocka_unit_test(test_environment_file_syntax),
                cmocka_unit_test(test_environment_file_errors),
                cmocka_unit_test(test_environment_files_in_build),
                cmocka_unit_test(test_unset),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
