/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The bounded lock: a held lock costs a waiter the timeout, never a hang; a
 * lock file someone else could open is refused.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "basic/fd-util.h"
#include "basic/lock-file.h"
#include "basic/macro.h"

static char dir[] = "/tmp/test-lock-file.XXXXXX";

static long elapsed_ms(const struct timespec *since) {
        struct timespec now;

        clock_gettime(CLOCK_MONOTONIC, &now);
        return (now.tv_sec - since->tv_sec) * 1000 + (now.tv_nsec - since->tv_nsec) / 1000000;
}

static void test_free_lock_is_taken_and_created_0600(void **state) {
        _cleanup_close_ int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), fd = -EBADF;
        struct stat st;

        (void) state;
        assert_true(dirfd >= 0);
        assert_int_equal(lock_file_take(dirfd, dir, "a.lock", 100, &fd, NULL), 0);
        assert_true(fd >= 0);
        assert_int_equal(fstat(fd, &st), 0);
        assert_int_equal(st.st_mode & 07777, 0600);
        assert_int_equal(st.st_uid, geteuid());
        /* A second open file description cannot take it meanwhile. */
        assert_int_equal(flock(openat(dirfd, "a.lock", O_RDONLY | O_CLOEXEC), LOCK_EX | LOCK_NB), -1);
}

static void test_held_lock_times_out(void **state) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_close_ int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), holder = -EBADF;
        int fd = -42;
        struct timespec t0;

        (void) state;
        holder = openat(dirfd, "b.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        assert_true(holder >= 0);
        assert_int_equal(flock(holder, LOCK_EX), 0);
        clock_gettime(CLOCK_MONOTONIC, &t0);
        assert_int_equal(lock_file_take(dirfd, dir, "b.lock", 200, &fd, &err), -ETIMEDOUT);
        assert_true(elapsed_ms(&t0) >= 190 && elapsed_ms(&t0) < 2000);
        assert_int_equal(fd, -42);
        assert_non_null(strstr(err.msg, "still taken after 200 ms"));
        /* Released: taken at once. */
        assert_int_equal(flock(holder, LOCK_UN), 0);
        assert_int_equal(lock_file_take(dirfd, dir, "b.lock", 200, &fd, NULL), 0);
        safe_close(fd);
}

static void test_lock_others_could_open_is_refused(void **state) {
        _cleanup_close_ int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        int fd = -42;

        (void) state;
        safe_close(openat(dirfd, "c.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0644));
        assert_int_equal(fchmodat(dirfd, "c.lock", 0644, 0), 0);
        assert_int_equal(lock_file_take(dirfd, dir, "c.lock", 0, &fd, NULL), -EPERM);
        assert_int_equal(symlinkat("a.lock", dirfd, "d.lock"), 0);
        assert_true(lock_file_take(dirfd, dir, "d.lock", 0, &fd, NULL) < 0);
        assert_int_equal(mkdirat(dirfd, "e.lock", 0700), 0);
        assert_true(lock_file_take(dirfd, dir, "e.lock", 0, &fd, NULL) < 0);
        assert_int_equal(fd, -42);
}

static int setup(void **state) {
        (void) state;
        return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state) {
        const char *const names[] = {"a.lock", "b.lock", "c.lock", "d.lock"};
        char path[128];

        (void) state;
        for (size_t i = 0; i < ELEMENTSOF(names); i++) {
                snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
                (void) unlink(path);
        }
        snprintf(path, sizeof(path), "%s/e.lock", dir);
        (void) rmdir(path);
        return rmdir(dir);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_free_lock_is_taken_and_created_0600),
                cmocka_unit_test(test_held_lock_times_out),
                cmocka_unit_test(test_lock_others_could_open_is_refused),
        };

        return cmocka_run_group_tests(tests, setup, teardown);
}
