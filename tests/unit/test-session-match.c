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

#include "login/session-match.h"

#define LEAF "/sys/fs/cgroup/unified/nsshell.slice/user-1000.slice/session-0123456789abcdef.scope"
#define LEAF_REL "/nsshell.slice/user-1000.slice/session-0123456789abcdef.scope"
#define I_MNT 0
#define I_PID 1
#define I_CGROUP 5

/* A record of a session with all six namespaces, and the facts of a process in it. */
static session_record record(void) {
        session_record r = {.id = "0123456789abcdef", .uid = 1000, .ns_inode = {11, 12, 13, 14, 15, 16}};
        return r;
}

static session_facts facts(char *cgroup) {
        session_facts f = {.uid = 1000, .ns_inode = {11, 12, 13, 14, 15, 16}, .cgroup = cgroup};
        return f;
}

static void assert_no_match(const session_record *r, const session_facts *f, const char *reason) {
        const char *got = NULL;

        assert_int_equal(session_record_match(r, f, &got), 0);
        assert_non_null(got);
        assert_string_equal(got, reason);
}

static void test_match_all_namespaces(void **state) {
        session_record r = record();
        session_facts f = facts((char *) "/");

        (void) state;
        assert_int_equal(session_record_match(&r, &f, NULL), 1);
}

static void test_other_uid_is_refused(void **state) {
        session_record r = record();
        session_facts f = facts((char *) "/");

        (void) state;
        f.uid = 1001;
        assert_no_match(&r, &f, "the session is another user's");
        f.uid = 0;
        assert_no_match(&r, &f, "the session is another user's");
}

static void test_each_namespace_must_match(void **state) {
        (void) state;
        for (unsigned i = 0; i < NS_CALLER_TYPES; i++) {
                session_record r = record();
                session_facts f = facts((char *) "/");
                f.ns_inode[i] += 100;
                assert_no_match(&r, &f, "not in the session's namespaces");
        }
}

static void test_namespaces_not_created_are_not_compared(void **state) {
        session_record r = record();
        session_facts f = facts((char *) "/");

        (void) state;
        /* Namespaces mnt,pid only: the host's net/ipc/uts/cgroup are fine. */
        r.ns_inode[2] = r.ns_inode[3] = r.ns_inode[4] = r.ns_inode[5] = 0;
        f.ns_inode[2] = f.ns_inode[3] = f.ns_inode[4] = f.ns_inode[5] = 4026531840;
        assert_int_equal(session_record_match(&r, &f, NULL), 1);
}

static void test_record_without_namespaces_never_matches(void **state) {
        session_record r = record();
        session_facts f = facts((char *) "/");

        (void) state;
        memset(r.ns_inode, 0, sizeof(r.ns_inode));
        assert_no_match(&r, &f, "the session record names no namespace");
}

static void test_cgroup_with_cgroup_namespace(void **state) {
        session_record r = record();
        session_facts f = facts((char *) "/");

        (void) state;
        r.cgroup = (char *) LEAF;
        assert_int_equal(session_record_match(&r, &f, NULL), 1);
        f.cgroup = (char *) "/sub";
        assert_no_match(&r, &f, "not in the session's cgroup");
        f.cgroup = (char *) "/../../other.scope";
        assert_no_match(&r, &f, "not in the session's cgroup");
        f.cgroup = NULL;
        assert_no_match(&r, &f, "not in the session's cgroup");
}

static void test_cgroup_without_cgroup_namespace(void **state) {
        session_record r = record();
        session_facts f = facts((char *) LEAF_REL);

        (void) state;
        r.cgroup = (char *) LEAF;
        r.ns_inode[I_CGROUP] = 0;
        assert_int_equal(session_record_match(&r, &f, NULL), 1);
        f.cgroup = (char *) "/";
        assert_no_match(&r, &f, "not in the session's cgroup");
        f.cgroup = (char *) "/user.slice/user-1000.slice/session-3.scope";
        assert_no_match(&r, &f, "not in the session's cgroup");
        f.cgroup = (char *) "session-0123456789abcdef.scope";
        assert_no_match(&r, &f, "not in the session's cgroup");
        /* A cgroup named like the leaf's tail, elsewhere in the hierarchy. */
        f.cgroup = (char *) "/session-0123456789abcdef.scope";
        assert_no_match(&r, &f, "not in the session's cgroup");
        f.cgroup = (char *) "/user-1000.slice/session-0123456789abcdef.scope";
        assert_no_match(&r, &f, "not in the session's cgroup");
        /* The same leaf on a pure cgroup2 host (mounted at /sys/fs/cgroup). */
        r.cgroup = (char *) "/sys/fs/cgroup" LEAF_REL;
        f.cgroup = (char *) LEAF_REL;
        assert_int_equal(session_record_match(&r, &f, NULL), 1);
}

static void test_record_without_cgroup_skips_it(void **state) {
        session_record r = record();
        session_facts f = facts((char *) "/user.slice/anything");

        (void) state;
        assert_int_equal(session_record_match(&r, &f, NULL), 1);
}

static void test_facts_of_this_process(void **state) {
        session_facts f = {0};
        struct stat st;

        (void) state;
        assert_int_equal(session_facts_read(&f, NULL), 0);
        assert_int_equal(f.uid, getuid());
        assert_int_equal(stat("/proc/self/ns/mnt", &st), 0);
        assert_int_equal(f.ns_inode[I_MNT], st.st_ino);
        assert_int_equal(stat("/proc/self/ns/pid", &st), 0);
        assert_int_equal(f.ns_inode[I_PID], st.st_ino);
        session_facts_done(&f);
}

/* session_find() over a real directory: needs root, since it trusts only
 * root-owned directories and records. */
static void test_find_in_directory(void **state) {
        char tmpl[] = "/tmp/test-session-match.XXXXXX", udir[sizeof(tmpl) + 16];
        session_record w = record(), other = record(), got = {0};
        session_facts f = facts((char *) "/");
        ns_error err = NS_ERROR_INIT;
        int dirfd;

        (void) state;
        if (geteuid() != 0)
                skip();
        assert_non_null(mkdtemp(tmpl));
        assert_int_equal(chmod(tmpl, 0711), 0);
        /* No directory of the user yet: no record. */
        assert_int_equal(session_find(tmpl, &f, &got, &err), -ENOENT);
        ns_error_done(&err);
        snprintf(udir, sizeof(udir), "%s/%u", tmpl, (unsigned) f.uid);
        assert_int_equal(mkdir(udir, 0700), 0);
        dirfd = open(udir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        assert_true(dirfd >= 0);
        other.uid = 1001;
        memcpy(other.id, "aaaaaaaaaaaaaaaa", SESSION_ID_LEN + 1);
        assert_int_equal(session_record_write(dirfd, &other, NULL), 0);
        assert_int_equal(session_find(tmpl, &f, &got, &err), -ENOENT);
        assert_non_null(strstr(err.msg, "no session record"));
        ns_error_done(&err);

        w.user = (char *) "alice";
        w.service = (char *) "sshd";
        assert_int_equal(session_record_write(dirfd, &w, NULL), 0);
        /* A record others could write is ignored. */
        assert_int_equal(fchmodat(dirfd, w.id, 0666, 0), 0);
        assert_int_equal(session_find(tmpl, &f, &got, NULL), -ENOENT);
        assert_int_equal(fchmodat(dirfd, w.id, 0644, 0), 0);
        assert_int_equal(session_find(tmpl, &f, &got, NULL), 0);
        assert_string_equal(got.id, w.id);
        assert_string_equal(got.service, "sshd");
        session_record_done(&got);

        /* A directory others can write is not trusted at all. */
        assert_int_equal(chmod(tmpl, 0777), 0);
        assert_int_equal(session_find(tmpl, &f, &got, &err), -EPERM);
        ns_error_done(&err);

        /* Nor is a user's directory others can write. */
        assert_int_equal(chmod(tmpl, 0711), 0);
        assert_int_equal(chmod(udir, 0777), 0);
        assert_int_equal(session_find(tmpl, &f, &got, &err), -EPERM);
        ns_error_done(&err);

        assert_int_equal(unlinkat(dirfd, w.id, 0), 0);
        assert_int_equal(unlinkat(dirfd, other.id, 0), 0);
        close(dirfd);
        assert_int_equal(rmdir(udir), 0);
        assert_int_equal(rmdir(tmpl), 0);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_match_all_namespaces),
                cmocka_unit_test(test_other_uid_is_refused),
                cmocka_unit_test(test_each_namespace_must_match),
                cmocka_unit_test(test_namespaces_not_created_are_not_compared),
                cmocka_unit_test(test_record_without_namespaces_never_matches),
                cmocka_unit_test(test_cgroup_with_cgroup_namespace),
                cmocka_unit_test(test_cgroup_without_cgroup_namespace),
                cmocka_unit_test(test_record_without_cgroup_skips_it),
                cmocka_unit_test(test_facts_of_this_process),
                cmocka_unit_test(test_find_in_directory),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
