/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "session/session-list.h"

static uint64_t own_pidns(void) {
        struct stat st;

        assert_int_equal(stat("/proc/self/ns/pid", &st), 0);
        return st.st_ino;
}

static void write_file(const char *dir, const char *name, const char *text) {
        char path[256];
        FILE *f;

        snprintf(path, sizeof(path), "%s/%s", dir, name);
        f = fopen(path, "we");
        assert_non_null(f);
        fputs(text, f);
        assert_int_equal(fclose(f), 0);
}

/* Remove what a test created below /tmp. */
static void remove_tree(const char *path, const char *glob) {
        char cmd[300];

        snprintf(cmd, sizeof(cmd), "rm -rf -- %s%s", path, glob);
        assert_int_equal(system(cmd), 0);
}

static void test_init_state(void **state) {
        session_record r = {.init_pid = getpid()};
        pid_t child;

        r.ns_inode[1] = own_pidns();
        assert_int_equal(session_record_state(&r), SESSION_STATE_LIVE);
        /* A process that lives but is not in the session's pid namespace:
         * the PID was recycled. */
        r.ns_inode[1] = own_pidns() + 1;
        assert_int_equal(session_record_state(&r), SESSION_STATE_STALE);
        child = fork();
        assert_true(child >= 0);
        if (child == 0)
                _exit(0);
        assert_int_equal(waitpid(child, NULL, 0), child);
        r.init_pid = child;
        r.ns_inode[1] = own_pidns();
        assert_int_equal(session_record_state(&r), SESSION_STATE_STALE);
}

static void test_leaf_state(void **state) {
        char leaf[] = "/tmp/test-session-list-leaf.XXXXXX";
        session_record r = {.cgroup = leaf};

        assert_non_null(mkdtemp(leaf));
        write_file(leaf, "cgroup.events", "populated 1\nfrozen 0\n");
        assert_int_equal(session_record_state(&r), SESSION_STATE_LIVE);
        write_file(leaf, "cgroup.events", "populated 0\nfrozen 0\n");
        assert_int_equal(session_record_state(&r), SESSION_STATE_STALE);
        r.cgroup = NULL;
        assert_int_equal(session_record_state(&r), SESSION_STATE_UNKNOWN);
        r.cgroup = (char *) "/nonexistent/session-x.scope";
        assert_int_equal(session_record_state(&r), SESSION_STATE_STALE);
        remove_tree(leaf, "");
}

/* The record directory of UID below the record directory at DIR, made as
 * session_record_user_dir_open() would (without its ACL). */
static int user_dir(const char *dir, uid_t uid) {
        char path[256];
        int fd;

        snprintf(path, sizeof(path), "%s/%u", dir, (unsigned) uid);
        assert_true(mkdir(path, 0700) == 0 || errno == EEXIST);
        fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        assert_true(fd >= 0);
        return fd;
}

static void add_record(int dirfd, const char *id, const char *user, uint64_t start, char *cgroup) {
        session_record w = {.user = (char *) user,
                .uid = 1001,
                .service = (char *) "sshd",
                .init_pid = getpid(),
                .start_usec = start,
                .cgroup = cgroup};

        memcpy(w.id, id, sizeof(w.id));
        w.ns_inode[1] = own_pidns();
        assert_int_equal(session_record_write(dirfd, &w, NULL), 0);
}

static void test_list(void **state) {
        char dir[] = "/tmp/test-session-list.XXXXXX";
        char leaf[] = "/tmp/test-session-list-leaf.XXXXXX";
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_close_ int dirfd = -EBADF, ufd = -EBADF;
        char udir[sizeof(dir) + 8];
        session_entry *l = NULL;
        size_t n = 0;

        assert_non_null(mkdtemp(dir));
        assert_non_null(mkdtemp(leaf));
        write_file(leaf, "memory.current", "1536\n");
        write_file(leaf, "pids.current", "3\n");
        assert_int_equal(session_list_open_dir(dir, &dirfd, NULL), 0);
        assert_true(dirfd >= 0);
        ufd = user_dir(dir, 1001);
        snprintf(udir, sizeof(udir), "%s/1001", dir);
        add_record(ufd, "00000000000000bb", "bob", 200, NULL);
        add_record(ufd, "00000000000000aa", "alice", 100, leaf);
        write_file(udir, "00000000000000cc", "not a record\n");
        write_file(udir, "README", "not an id: ignored\n");
        write_file(dir, "00000000000000dd", "not in a user's directory: ignored\n");

        assert_int_equal(session_list(dirfd, &l, &n, &err), 1);
        assert_non_null(strstr(err.msg, "00000000000000cc"));
        assert_int_equal(n, 2);
        assert_string_equal(l[0].record.user, "alice");
        assert_string_equal(l[1].record.user, "bob");
        assert_int_equal(l[0].state, SESSION_STATE_LIVE);
        assert_int_equal(l[0].memory_current, 1536);
        assert_int_equal(l[0].pids_current, 3);
        assert_int_equal(l[1].memory_current, -1);
        assert_int_equal(l[1].pids_current, -1);
        session_list_free(l, n);

        /* Again through the same dirfd, after a change: read from the top. */
        assert_int_equal(unlinkat(ufd, "00000000000000aa", 0), 0);
        assert_int_equal(unlinkat(ufd, "00000000000000cc", 0), 0);
        assert_int_equal(session_list(dirfd, &l, &n, NULL), 0);
        assert_int_equal(n, 1);
        assert_string_equal(l[0].record.user, "bob");
        session_list_free(l, n);
        remove_tree(dir, "/*");
        remove_tree(leaf, "");
        assert_int_equal(mkdir(udir, 0700), 0); /* an empty user's directory */
        assert_int_equal(session_list(dirfd, &l, &n, NULL), 0);
        assert_int_equal(n, 0);
        session_list_free(l, n);
        assert_int_equal(rmdir(udir), 0);
        assert_int_equal(rmdir(dir), 0);
}

static void test_open_dir(void **state) {
        char dir[] = "/tmp/test-session-list.XXXXXX";
        int fd = 42;

        assert_int_equal(session_list_open_dir("/nonexistent/sessions", &fd, NULL), 0);
        assert_int_equal(fd, -EBADF);
        assert_int_equal(session_list(-EBADF, &(session_entry *){NULL}, &(size_t){1}, NULL), 0);
        assert_non_null(mkdtemp(dir));
        assert_int_equal(chmod(dir, 0777), 0);
        fd = 42;
        assert_int_equal(session_list_open_dir(dir, &fd, NULL), -EPERM);
        assert_int_equal(fd, 42);
        assert_int_equal(rmdir(dir), 0);
}

/* A record of UID whose init is PID (0: no pid namespace, no cgroup: unknown). */
static void add_gc_record(int dirfd, const char *id, uid_t uid, pid_t pid) {
        session_record w = {.user = (char *) "u", .uid = uid, .service = (char *) "sshd", .init_pid = pid};

        memcpy(w.id, id, sizeof(w.id));
        w.ns_inode[1] = own_pidns();
        assert_int_equal(session_record_write(dirfd, &w, NULL), 0);
}

static bool record_exists(const char *dir, uid_t uid, const char *id) {
        char path[256];

        snprintf(path, sizeof(path), "%s/%u/%s", dir, (unsigned) uid, id);
        return access(path, F_OK) == 0;
}

static void test_records_gc(void **state) {
        char dir[] = "/tmp/test-session-list-gc.XXXXXX";
        _cleanup_close_ int dirfd = -EBADF, u1 = -EBADF, u2 = -EBADF;
        char path[sizeof(dir) + 16];
        unsigned removed = 99;
        pid_t dead;

        dead = fork();
        assert_true(dead >= 0);
        if (dead == 0)
                _exit(0);
        assert_int_equal(waitpid(dead, NULL, 0), dead);
        assert_non_null(mkdtemp(dir));
        assert_int_equal(session_list_open_dir(dir, &dirfd, NULL), 0);
        u1 = user_dir(dir, 1001);
        u2 = user_dir(dir, 1002);
        add_gc_record(u1, "000000000000000a", 1001, getpid()); /* live */
        add_gc_record(u1, "000000000000000b", 1001, dead); /* stale, the user's */
        add_gc_record(u2, "000000000000000c", 1002, dead); /* stale, another user's */
        add_gc_record(u1, "000000000000000d", 1001, 0); /* unknown */
        snprintf(path, sizeof(path), "%s/1001", dir);
        write_file(path, "000000000000000e", "not a record\n");

        assert_int_equal(session_records_gc(dirfd, 1001, &removed, NULL), 0);
        assert_int_equal(removed, 1);
        assert_false(record_exists(dir, 1001, "000000000000000b"));
        assert_true(record_exists(dir, 1002, "000000000000000c"));
        assert_int_equal(session_records_gc(dirfd, (uid_t) -1, &removed, NULL), 0);
        assert_int_equal(removed, 1);
        assert_false(record_exists(dir, 1002, "000000000000000c"));
        assert_true(record_exists(dir, 1001, "000000000000000a"));
        assert_true(record_exists(dir, 1001, "000000000000000d"));
        assert_true(record_exists(dir, 1001, "000000000000000e"));
        assert_int_equal(session_records_gc(dirfd, (uid_t) -1, NULL, NULL), 0);
        assert_int_equal(session_records_gc(-EBADF, (uid_t) -1, &removed, NULL), 0);
        assert_int_equal(removed, 0);
        remove_tree(dir, "");
}

static void test_state_names(void **state) {
        assert_string_equal(session_state_name(SESSION_STATE_LIVE), "live");
        assert_string_equal(session_state_name(SESSION_STATE_STALE), "stale");
        assert_string_equal(session_state_name(SESSION_STATE_UNKNOWN), "unknown");
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_init_state),
                cmocka_unit_test(test_leaf_state),
                cmocka_unit_test(test_list),
                cmocka_unit_test(test_open_dir),
                cmocka_unit_test(test_records_gc),
                cmocka_unit_test(test_state_names),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
