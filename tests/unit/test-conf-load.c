/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "conf-test-dir.h"
#include "fixtures.h"
#include "policy/policy-resolve.h"

static void mkdir_in(const test_dir *t, const char *name) {
        assert_int_equal(mkdir(test_dir_path(t, name), 0755), 0);
}

/* Load main.conf and resolve it for alice; Environment records which files were read, in order. */
static char *env_order(const test_dir *t, ns_error *err, int *ret) {
        _cleanup_conf_free_ conf *c = NULL;
        _cleanup_policy_free_ policy *p = NULL;
        conf_load_options opts = {.trusted_uid = t->trusted};
        char main_path[PATH_MAX];
        char *s = NULL;
        size_t n;
        FILE *f;

        snprintf(main_path, sizeof(main_path), "%s", test_dir_path(t, "main.conf"));
        *ret = conf_load(main_path, &opts, &c, err);
        if (*ret < 0)
                return NULL;
        assert_int_equal(policy_resolve(c, &alice, "sshd", "1", &p, err), 0);
        f = open_memstream(&s, &n);
        for (char **e = p->environment; e && *e; e++)
                fprintf(f, "%s ", *e);
        fprintf(f, "| %s", p->hostname ? p->hostname : "-");
        fclose(f);
        return s;
}

static void test_include_and_dropin_order(void **state) {
        const test_dir *t = *state;
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_free_ char *order = NULL;
        int r;

        mkdir_in(t, "inc");
        mkdir_in(t, "main.conf.d");
        test_dir_write(t, "main.conf",
                "Environment M1=1\nInclude inc/*.conf\nEnvironment M2=1\nHostname main\n"
                "Match User alice\nInclude alice.inc\nEnvironment M3=1\n",
                0644);
        test_dir_write(t, "inc/b.conf", "Environment IB=1\n", 0644);
        test_dir_write(t, "inc/a.conf", "Environment IA=1\nMatch User bob\nEnvironment BOB=1\n", 0644);
        test_dir_write(t, "alice.inc", "Environment AL=1\nMatch Service sshd\nEnvironment ALSSHD=1\n", 0644);
        test_dir_write(t, "main.conf.d/20-b.conf", "Environment D20=1\n", 0644);
        test_dir_write(t, "main.conf.d/10-a.conf",
                "Environment D10=1\nHostname dropin\nMatch User bob\nHostname bob\n", 0644);
        test_dir_write(t, "main.conf.d/ignored.txt", "Bogus\n", 0644);
        order = env_order(t, &err, &r);
        if (r < 0)
                print_message("%s\n", err.msg);
        assert_int_equal(r, 0);
        /* includes in place, in C order; a Match in an included file ends with it (M2 is
         * top level again) and one included from inside a Match also needs that Match;
         * drop-ins after the main file, in C order, each starting at top level */
        assert_string_equal(order, "M1=1 IA=1 IB=1 M2=1 AL=1 ALSSHD=1 M3=1 D10=1 D20=1 | dropin");
}

static void test_errors_in_included_files_name_them(void **state) {
        const test_dir *t = *state;
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        char expect[PATH_MAX + 64];
        int r;

        mkdir_in(t, "main.conf.d");
        test_dir_write(t, "main.conf", "Include sub.conf\nIsolate maybe\n", 0644);
        test_dir_write(t, "sub.conf", "\nMemoryMax lots\n", 0644);
        test_dir_write(t, "main.conf.d/x.conf", "Frobnicate yes\n", 0664);
        assert_null(env_order(t, &err, &r));
        assert_int_equal(r, -EINVAL);
        assert_int_equal(err.n_all, 3);
        snprintf(expect, sizeof(expect), "%s:2: MemoryMax: expected a size", test_dir_path(t, "sub.conf"));
        assert_non_null(strstr(err.all[0], expect));
        snprintf(expect, sizeof(expect), "%s:2: Isolate: expected yes or no", test_dir_path(t, "main.conf"));
        assert_non_null(strstr(err.all[1], expect));
        assert_non_null(strstr(err.all[2], "x.conf\" is writable by group or others"));
}

static void test_include_loop_and_unsafe_include(void **state) {
        const test_dir *t = *state;
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        int r;

        test_dir_write(t, "main.conf", "Include main.conf\n", 0644);
        assert_null(env_order(t, &err, &r));
        assert_int_equal(r, -ELOOP);
        assert_non_null(strstr(err.msg, "main.conf:1: Include nested more than 8 deep"));
        ns_error_done(&err);

        test_dir_write(t, "main.conf", "Include sub.conf\n", 0644);
        test_dir_write(t, "sub.conf", "", 0666);
        assert_null(env_order(t, &err, &r));
        assert_int_equal(r, -EPERM);
        assert_non_null(strstr(err.msg, "main.conf:1: refusing policy:"));
}

static void test_missing_main_file(void **state) {
        const test_dir *t = *state;
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        int r;

        assert_null(env_order(t, &err, &r));
        assert_int_equal(r, -ENOENT);
        assert_non_null(strstr(err.msg, "main.conf\": No such file or directory"));
}

static void test_policy_load_for_user(void **state) {
        const test_dir *t = *state;
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_policy_free_ policy *p = NULL;
        char path[PATH_MAX];

        if (t->trusted != 0)
                skip(); /* the convenience call trusts root only */
        snprintf(path, sizeof(path), "%s",
                test_dir_write(
                        t, "main.conf", "Isolate no\nMatch Service nsshell User alice\nTasksMax 7\n", 0644));
        assert_int_equal(policy_load_for_user(path, &alice, NULL, "1", &p, &err), 0);
        assert_false(p->isolate);
        assert_true(p->tasks_max.set && p->tasks_max.value == 7);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(
                        test_include_and_dropin_order, test_dir_setup, test_dir_teardown),
                cmocka_unit_test_setup_teardown(
                        test_errors_in_included_files_name_them, test_dir_setup, test_dir_teardown),
                cmocka_unit_test_setup_teardown(
                        test_include_loop_and_unsafe_include, test_dir_setup, test_dir_teardown),
                cmocka_unit_test_setup_teardown(test_missing_main_file, test_dir_setup, test_dir_teardown),
                cmocka_unit_test_setup_teardown(
                        test_policy_load_for_user, test_dir_setup, test_dir_teardown),
        };
        test_dir probe;
        if (test_dir_make(&probe) < 0)
                return 77;
        test_dir_remove(&probe);
        return cmocka_run_group_tests(tests, NULL, NULL);
}
