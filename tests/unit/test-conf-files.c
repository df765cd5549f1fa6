/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "policy/conf-files.h"
#include "conf-test-dir.h"

/* Open PATH as a policy file; on refusal, the message must contain EXPECT. */
static int try_open(const test_dir *t, const char *path, const char *expect) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_close_ int fd = -EBADF;
        int r = conf_open_file(path, t->trusted, &fd, &err);

        if (r < 0) {
                print_message("refused: %s\n", err.msg);
                assert_true(expect && strstr(err.msg, expect));
        } else {
                assert_null(expect);
                assert_true(fd >= 0);
        }
        return r;
}

static void test_safe_file_opens_and_reads(void **state) {
        const test_dir *t = *state;
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_close_ int fd = -EBADF;
        _cleanup_free_ char *text = NULL;
        size_t len;
        const char *p = test_dir_write(t, "ok.conf", "Isolate yes\n", 0644);

        assert_int_equal(conf_open_file(p, t->trusted, &fd, &err), 0);
        assert_int_equal(conf_read_fd(fd, p, &text, &len, &err), 0);
        assert_string_equal(text, "Isolate yes\n");
        assert_int_equal(len, 12);
}

static void test_group_or_other_writable_file_is_refused(void **state) {
        const test_dir *t = *state;

        assert_int_equal(
                try_open(t, test_dir_write(t, "gw.conf", "", 0664), "writable by group or others"), -EPERM);
        assert_int_equal(
                try_open(t, test_dir_write(t, "ow.conf", "", 0602), "writable by group or others"), -EPERM);
}

static void test_untrusted_owner_is_refused(void **state) {
        const test_dir *t = *state;
        const char *p = test_dir_write(t, "owner.conf", "", 0644);
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_close_ int fd = -EBADF;

        if (geteuid() == 0) {
                assert_int_equal(chown(p, 12345, -1), 0);
                assert_int_equal(try_open(t, p, "owned by uid 12345, not root"), -EPERM);
                return;
        }
        /* not root: the same file is refused once the caller is no longer trusted */
        assert_int_equal(conf_open_file(p, 0, &fd, &err), -EPERM);
        assert_non_null(strstr(err.msg, "not root"));
}

static void test_fifo_and_directory_are_refused_without_hanging(void **state) {
        const test_dir *t = *state;
        const char *p = test_dir_path(t, "fifo.conf");

        assert_int_equal(mkfifo(p, 0644), 0);
        assert_int_equal(try_open(t, p, "is not a regular file"), -EPERM);
        assert_int_equal(try_open(t, t->path, "is not a regular file"), -EPERM);
}

static void test_symlinks(void **state) {
        const test_dir *t = *state;
        char target[PATH_MAX];

        snprintf(target, sizeof(target), "%s", test_dir_write(t, "target.conf", "", 0644));
        /* in a safe directory: followed, also as a relative link */
        assert_int_equal(symlink(target, test_dir_path(t, "abs-link.conf")), 0);
        assert_int_equal(try_open(t, test_dir_path(t, "abs-link.conf"), NULL), 0);
        assert_int_equal(symlink("target.conf", test_dir_path(t, "rel-link.conf")), 0);
        assert_int_equal(try_open(t, test_dir_path(t, "rel-link.conf"), NULL), 0);

        /* in a directory others may write to: refused */
        assert_int_equal(mkdir(test_dir_path(t, "unsafe"), 0755), 0);
        assert_int_equal(chmod(test_dir_path(t, "unsafe"), 0777), 0);
        assert_int_equal(symlink(target, test_dir_path(t, "unsafe/link.conf")), 0);
        assert_int_equal(
                try_open(t, test_dir_path(t, "unsafe/link.conf"), "writable by group or others"), -EPERM);

        /* a link to a file in an unsafe place: refused at the target's directory */
        test_dir_write(t, "unsafe/file.conf", "", 0644);
        assert_int_equal(symlink("unsafe/file.conf", test_dir_path(t, "to-unsafe.conf")), 0);
        assert_int_equal(try_open(t, test_dir_path(t, "to-unsafe.conf"), "unsafe\" is writable"), -EPERM);

        /* a loop ends */
        assert_int_equal(symlink("loop.conf", test_dir_path(t, "loop.conf")), 0);
        assert_int_equal(try_open(t, test_dir_path(t, "loop.conf"), "too many symlinks"), -ELOOP);
}

static void test_sticky_directory(void **state) {
        const test_dir *t = *state;
        char target[PATH_MAX];

        if (geteuid() != 0)
                skip(); /* needs files owned by someone else */
        snprintf(target, sizeof(target), "%s", test_dir_write(t, "t.conf", "", 0644));
        assert_int_equal(mkdir(test_dir_path(t, "sticky"), 0755), 0);
        assert_int_equal(chmod(test_dir_path(t, "sticky"), 01777), 0);
        assert_int_equal(symlink(target, test_dir_path(t, "sticky/root-link")), 0);
        assert_int_equal(try_open(t, test_dir_path(t, "sticky/root-link"), NULL), 0);
        assert_int_equal(symlink(target, test_dir_path(t, "sticky/user-link")), 0);
        assert_int_equal(lchown(test_dir_path(t, "sticky/user-link"), 12345, 12345), 0);
        assert_int_equal(
                try_open(t, test_dir_path(t, "sticky/user-link"), "owned by uid 12345, not root"), -EPERM);
        test_dir_write(t, "sticky/user.conf", "", 0644);
        assert_int_equal(chown(test_dir_path(t, "sticky/user.conf"), 12345, 12345), 0);
        assert_int_equal(
                try_open(t, test_dir_path(t, "sticky/user.conf"), "sticky\" is writable by others"), -EPERM);
}

static void test_missing_and_dotdot(void **state) {
        const test_dir *t = *state;
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        int fd = -1;

        assert_int_equal(try_open(t, test_dir_path(t, "missing.conf"), "No such file"), -ENOENT);
        assert_int_equal(try_open(t, test_dir_path(t, "../x.conf"), "contains \"..\""), -EINVAL);
        assert_int_equal(conf_open_dir(test_dir_path(t, "missing.d"), t->trusted, &fd, &err), -ENOENT);
}

static void test_dropins_listed_in_c_order(void **state) {
        const test_dir *t = *state;
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_close_ int fd = -EBADF;
        _cleanup_strv_free_ char **names = NULL;

        assert_int_equal(mkdir(test_dir_path(t, "x.conf.d"), 0755), 0);
        test_dir_write(t, "x.conf.d/b.conf", "", 0644);
        test_dir_write(t, "x.conf.d/B.conf", "", 0644);
        test_dir_write(t, "x.conf.d/a.conf", "", 0644);
        test_dir_write(t, "x.conf.d/.hidden.conf", "", 0644);
        test_dir_write(t, "x.conf.d/c.conf.bak", "", 0644);
        test_dir_write(t, "x.conf.d/10-z.conf", "", 0644);
        assert_int_equal(conf_open_dir(test_dir_path(t, "x.conf.d"), t->trusted, &fd, &err), 0);
        assert_int_equal(conf_list_dropins(fd, "x.conf.d", &names, &err), 0);
        assert_non_null(names);
        assert_string_equal(names[0], "10-z.conf");
        assert_string_equal(names[1], "B.conf");
        assert_string_equal(names[2], "a.conf");
        assert_string_equal(names[3], "b.conf");
        assert_null(names[4]);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(
                        test_safe_file_opens_and_reads, test_dir_setup, test_dir_teardown),
                cmocka_unit_test_setup_teardown(
                        test_group_or_other_writable_file_is_refused, test_dir_setup, test_dir_teardown),
                cmocka_unit_test_setup_teardown(
                        test_untrusted_owner_is_refused, test_dir_setup, test_dir_teardown),
                cmocka_unit_test_setup_teardown(test_fifo_and_directory_are_refused_without_hanging,
                        test_dir_setup, test_dir_teardown),
                cmocka_unit_test_setup_teardown(test_symlinks, test_dir_setup, test_dir_teardown),
                cmocka_unit_test_setup_teardown(test_sticky_directory, test_dir_setup, test_dir_teardown),
                cmocka_unit_test_setup_teardown(test_missing_and_dotdot, test_dir_setup, test_dir_teardown),
                cmocka_unit_test_setup_teardown(
                        test_dropins_listed_in_c_order, test_dir_setup, test_dir_teardown),
        };
        test_dir probe;
        if (test_dir_make(&probe) < 0)
                return 77;
        test_dir_remove(&probe);
        return cmocka_run_group_tests(tests, NULL, NULL);
}
