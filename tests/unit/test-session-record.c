/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "basic/parse-util.h"
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

/* SessionScope=user: a login's environment fields read back; the
 * environment's record, under its own name, is replaced by the next write
 * and is no session id. */
static void test_environment_fields_and_write_as(void **state) {
        char tmpl[] = "/tmp/test-session-record.XXXXXX";
        _cleanup_close_ int dirfd = -EBADF;
        session_record w = {.user = (char *) "alice",
                .uid = 1001,
                .init_pid = 77,
                .caller_pid = 4242,
                .caller_start = 123456789,
                .init_start = 987654321,
                .policy_hash = 0xfedcba9876543210ULL,
                .kill_on_logout = true,
                .cgroup = (char *) "/x/user-1001.slice/y"};
        session_record r = {0};

        assert_non_null(mkdtemp(tmpl));
        dirfd = open(tmpl, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        assert_true(dirfd >= 0);
        assert_int_equal(session_id_new(w.id), 0);
        memcpy(w.environment, w.id, sizeof(w.id));
        assert_int_equal(session_record_write_as(dirfd, "environment", &w, NULL), 0);
        assert_int_equal(session_record_read_as(dirfd, "environment", &r, NULL), 0);
        assert_string_equal(r.environment, w.id);
        assert_int_equal(r.caller_pid, 4242);
        assert_true(r.caller_start == 123456789);
        assert_true(r.init_start == 987654321);
        assert_true(r.policy_hash == 0xfedcba9876543210ULL);
        assert_true(r.kill_on_logout);
        session_record_done(&r);
        /* Replaced whole. */
        w.kill_on_logout = false;
        w.policy_hash = 1;
        assert_int_equal(session_record_write_as(dirfd, "environment", &w, NULL), 0);
        assert_int_equal(session_record_read_as(dirfd, "environment", &r, NULL), 0);
        assert_false(r.kill_on_logout);
        assert_true(r.policy_hash == 1);
        session_record_done(&r);
        /* Not a session id: the readers of login records refuse the name. */
        assert_int_equal(session_record_read(dirfd, "environment", &r, NULL), -EINVAL);
        assert_int_equal(unlinkat(dirfd, "environment", 0), 0);
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

static void test_parse_uint(void **state) {
        static const struct {
                const char *s;
                int r32, r64;
                uint64_t v;
        } table[] = {
                {"0", 0, 0, 0},
                {"5", 0, 0, 5},
                {"007", 0, 0, 7},
                {"4294967295", 0, 0, UINT32_MAX},
                {"4294967296", -ERANGE, 0, UINT64_C(4294967296)},
                {"18446744073709551615", -ERANGE, 0, UINT64_MAX},
                {"18446744073709551616", -ERANGE, -ERANGE, 0},
                {"99999999999999999999999", -ERANGE, -ERANGE, 0},
                {"", -EINVAL, -EINVAL, 0},
                {"-1", -EINVAL, -EINVAL, 0},
                {"+5", -EINVAL, -EINVAL, 0},
                {" 5", -EINVAL, -EINVAL, 0},
                {"5 ", -EINVAL, -EINVAL, 0},
                {"5\n", -EINVAL, -EINVAL, 0},
                {"\t5", -EINVAL, -EINVAL, 0},
                {"5x", -EINVAL, -EINVAL, 0},
                {"x5", -EINVAL, -EINVAL, 0},
                {"0x10", -EINVAL, -EINVAL, 0},
                {"1e3", -EINVAL, -EINVAL, 0},
                {"1.5", -EINVAL, -EINVAL, 0},
                {"1,000", -EINVAL, -EINVAL, 0},
        };

        for (size_t i = 0; i < ELEMENTSOF(table); i++) {
                uint64_t v64 = 42;
                uint32_t v32 = 42;

                print_message("\"%s\"\n", table[i].s);
                assert_int_equal(parse_uint64(table[i].s, &v64), table[i].r64);
                assert_true(v64 == (table[i].r64 == 0 ? table[i].v : 42));
                assert_int_equal(parse_uint32(table[i].s, &v32), table[i].r32);
                assert_true(v32 == (table[i].r32 == 0 ? (uint32_t) table[i].v : 42));
        }
}

/* A record whose number fields are not plain decimal is refused whole. */
static void test_garbage_record_is_refused(void **state) {
        static const char id[] = "0123456789abcdef";
        static const struct {
                const char *name, *too_large;
        } fields[] = {
                {"uid", "4294967296"},
                {"init_pid", "2147483648"},
                {"start_usec", "18446744073709551616"},
                {"ns_mnt", "18446744073709551616"},
                {"ns_net", "99999999999999999999999"},
        };
        static const char *const garbage[] = {"-1", " 5", "5 ", "5x", "", "+5", "0x5", "5\t", "1e3"};
        const size_t n_garbage = ELEMENTSOF(garbage);
        char tmpl[] = "/tmp/test-session-record.XXXXXX";
        _cleanup_close_ int dirfd = -EBADF;
        session_record r = {0};
        char text[512];

        assert_non_null(mkdtemp(tmpl));
        dirfd = open(tmpl, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        assert_true(dirfd >= 0);
        for (size_t f = 0; f < ELEMENTSOF(fields); f++)
                /* then the field's overflow, then a good value that must be read */
                for (size_t g = 0; g <= n_garbage + 1; g++) {
                        const char *value = g < n_garbage ? garbage[g]
                                : g == n_garbage          ? fields[f].too_large
                                                          : "7";
                        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
                        _cleanup_close_ int fd = -EBADF;
                        int k,
                                n = snprintf(text, sizeof(text), "id=%s\nuser=alice\nuid=1001\n%s=%s\n", id,
                                        fields[f].name, value);

                        print_message("%s=\"%s\"\n", fields[f].name, value);
                        fd = openat(dirfd, id, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
                        assert_true(fd >= 0);
                        assert_int_equal(write(fd, text, n), n);
                        k = session_record_read(dirfd, id, &r, &err);
                        if (g == n_garbage + 1) {
                                assert_int_equal(k, 0);
                                session_record_done(&r);
                                continue;
                        }
                        assert_int_equal(k, g < n_garbage ? -EINVAL : -ERANGE);
                        assert_non_null(strstr(err.msg, "parse session record \"0123456789abcdef\""));
                }
        assert_int_equal(unlinkat(dirfd, id, 0), 0);
        assert_int_equal(rmdir(tmpl), 0);
}

/* (uid_t) -1 names nobody; the largest pid_t is INT_MAX. */
static void test_record_id_limits(void **state) {
        static const struct {
                const char *line;
                int r;
        } table[] = {
                {"uid=4294967295", -EINVAL},
                {"uid=4294967294", 0},
                {"init_pid=2147483647", 0},
                {"init_pid=2147483648", -ERANGE},
                {"init_pid=0", 0},
        };
        static const char id[] = "0123456789abcdef";
        char tmpl[] = "/tmp/test-session-record.XXXXXX";
        _cleanup_close_ int dirfd = -EBADF;
        char text[256];

        assert_non_null(mkdtemp(tmpl));
        dirfd = open(tmpl, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        assert_true(dirfd >= 0);
        for (size_t i = 0; i < ELEMENTSOF(table); i++) {
                _cleanup_close_ int fd = -EBADF;
                session_record r = {0};
                int n = snprintf(text, sizeof(text), "id=%s\n%s\n", id, table[i].line);

                print_message("%s\n", table[i].line);
                fd = openat(dirfd, id, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
                assert_true(fd >= 0);
                assert_int_equal(write(fd, text, n), n);
                assert_int_equal(session_record_read(dirfd, id, &r, NULL), table[i].r);
                session_record_done(&r);
        }
        assert_int_equal(unlinkat(dirfd, id, 0), 0);
        assert_int_equal(rmdir(tmpl), 0);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_write_read_remove),
                cmocka_unit_test(test_environment_fields_and_write_as),
                cmocka_unit_test(test_bad_id_is_refused),
                cmocka_unit_test(test_newline_in_a_field_is_refused),
                cmocka_unit_test(test_parse_uint),
                cmocka_unit_test(test_garbage_record_is_refused),
                cmocka_unit_test(test_record_id_limits),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
