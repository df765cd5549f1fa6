/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "session/session-record.h"

static void test_write_read_remove(void **state) {
        char tmpl[] = "/tmp/test-session-record.XXXXXX";
        _cleanup_close_ int dirfd = -EBADF;
        session_record w = {.user = (char *) "alice",
                .uid = 1001,
                .service = (char *) "sshd",
                .init_pid = 4242,
                .start_usec = 1700000000123456u,
                .ns_inode = {11, 12, 13, 14, 15, 16},
                .cgroup = (char *) "/x/y"};
        session_record r = {0};
        struct stat st;

        assert_non_null(mkdtemp(tmpl));
        dirfd = open(tmpl, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        assert_true(dirfd >= 0);
        assert_int_equal(session_id_new(w.id), 0);
        assert_int_equal(session_record_write(dirfd, &w, NULL), 0);
        assert_int_equal(fstatat(dirfd, w.id, &st, 0), 0);
        assert_int_equal(st.st_mode & 07777, 0644);
        assert_int_equal(session_record_read(dirfd, w.id, &r, NULL), 0);
        assert_string_equal(r.id, w.id);
        assert_string_equal(r.user, "alice");
        assert_string_equal(r.service, "sshd");
        assert_string_equal(r.cgroup, "/x/y");
        assert_int_equal(r.uid, 1001);
        assert_int_equal(r.init_pid, 4242);
        assert_true(r.start_usec == w.start_usec);
        assert_memory_equal(r.ns_inode, w.ns_inode, sizeof(w.ns_inode));
        session_record_done(&r);
        assert_int_equal(session_record_remove(dirfd, w.id, NULL), 0);
        assert_int_equal(session_record_remove(dirfd, w.id, NULL), 0);
        assert_int_equal(session_record_read(dirfd, w.id, &r, NULL), -ENOENT);
        assert_int_equal(rmdir(tmpl), 0);
}

static void test_bad_id_is_refused(void **state) {
        ns_error err = NS_ERROR_INIT;
        session_record w = {.id = "../x"};
        session_record r = {0};

        assert_int_equal(session_record_write(AT_FDCWD, &w, &err), -EINVAL);
        assert_non_null(strstr(err.msg, "invalid id"));
        ns_error_done(&err);
        assert_int_equal(session_record_read(AT_FDCWD, "../../etc/passwd", &r, NULL), -EINVAL);
}

static void test_newline_in_a_field_is_refused(void **state) {
        char tmpl[] = "/tmp/test-session-record.XXXXXX";
        _cleanup_close_ int dirfd = -EBADF;
        ns_error err = NS_ERROR_INIT;
        session_record w = {
                .user = (char *) "alice", .uid = 1001, .service = (char *) "sshd\ncgroup=/forged"};
        struct stat st;

        (void) state;
        assert_non_null(mkdtemp(tmpl));
        dirfd = open(tmpl, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        assert_true(dirfd >= 0);
        assert_int_equal(session_id_new(w.id), 0);
        assert_int_equal(session_record_write(dirfd, &w, &err), -EINVAL);
        assert_non_null(strstr(err.msg, "a newline in its service"));
        ns_error_done(&err);
        assert_int_equal(fstatat(dirfd, w.id, &st, 0), -1);
        w.service = (char *) "sshd";
        w.user = (char *) "alice\nuid=0";
        assert_int_equal(session_record_write(dirfd, &w, NULL), -EINVAL);
        assert_int_equal(rmdir(tmpl), 0);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_write_read_remove),
                cmocka_unit_test(test_bad_id_is_refused),
                cmocka_unit_test(test_newline_in_a_field_is_refused),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
