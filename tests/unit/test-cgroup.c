/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The cgroup slice against a fake cgroupfs: a temp directory whose interface
 * files are plain files. mkdirat() and unlinkat() are wrapped (ld --wrap) to
 * behave like cgroupfs: a new directory gets its interface files, and rmdir
 * refuses a populated cgroup or one with children (EBUSY).
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "cgroup/cgroup-fs.h"
#include "cgroup/cgroup-cgroupfs.h"

int __real_mkdirat(int dirfd, const char *path, mode_t mode);
int __wrap_mkdirat(int dirfd, const char *path, mode_t mode);
int __real_unlinkat(int dirfd, const char *path, int flags);
int __wrap_unlinkat(int dirfd, const char *path, int flags);

static char mount_dir[64];
static char lock_dir[80]; /* MOUNT_DIR/locks: the slice locks */
static cgroupfs_options opts = {.mount = mount_dir, .drain_timeout_ms = 50, .lock_dir = lock_dir};
/* The next rmdir calls fail with these errnos, in order (0 ends the list). */
static int rmdir_inject[4];
/* Names removed by rmdir, in order, separated by spaces. */
static char removed_log[1024];

#define ROOT "nsshell.slice"
#define SLICE ROOT "/user-1000.slice"
/* session ids as session_id_new() makes them */
#define ID1 "0000000000000001"
#define ID2 "0000000000000002"
#define ID3 "0000000000000003"
#define ID7 "0000000000000007"

static void put_at(int dirfd, const char *name, const char *content) {
        int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        assert_true(fd >= 0);
        assert_int_equal(write(fd, content, strlen(content)), (ssize_t) strlen(content));
        close(fd);
}

/* The interface files of a new cgroup; limit files (empty, so a test sees any
 * write) exist only for the controllers the parent passes down. */
static void fake_populate(int dirfd, const char *name) {
        static const char *const files[][2] = {{"cpu", "cpu.max"}, {"cpu", "cpu.weight"},
                {"io", "io.weight"}, {"memory", "memory.max"}, {"memory", "memory.high"},
                {"memory", "memory.swap.max"}, {"pids", "pids.max"}};
        char controllers[256] = "";
        int fd = openat(dirfd, "cgroup.subtree_control", O_RDONLY | O_CLOEXEC), child;
        ssize_t n = fd >= 0 ? read(fd, controllers, sizeof(controllers) - 1) : 0;

        if (fd >= 0)
                close(fd);
        controllers[n > 0 ? n : 0] = '\0';
        for (char *c = controllers; *c; c++)
                if (*c == '+')
                        *c = ' ';
        child = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        assert_true(child >= 0);
        put_at(child, "cgroup.controllers", controllers);
        put_at(child, "cgroup.subtree_control", "");
        put_at(child, "cgroup.procs", "");
        put_at(child, "cgroup.events", "populated 0\nfrozen 0\n");
        put_at(child, "cgroup.kill", "");
        put_at(child, "cgroup.freeze", "0");
        for (size_t i = 0; i < ELEMENTSOF(files); i++)
                if (cgroup_fs_has_word(controllers, files[i][0]))
                        put_at(child, files[i][1], "");
        close(child);
}

int __wrap_mkdirat(int dirfd, const char *path, mode_t mode) {
        int r = __real_mkdirat(dirfd, path, mode);
        if (r == 0)
                fake_populate(dirfd, path);
        return r;
}

static int fake_rmdir(int dirfd, const char *path) {
        _cleanup_closedir_ DIR *d = NULL;
        struct dirent *de;
        int fd = openat(dirfd, path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

        if (fd < 0)
                return -1;
        if (cgroup_fs_populated(fd, path, NULL) > 0 || cgroup_fs_has_children(fd) > 0) {
                close(fd);
                errno = EBUSY;
                return -1;
        }
        d = fdopendir(fd);
        assert_non_null(d);
        while ((de = readdir(d)))
                if (de->d_type == DT_REG)
                        assert_int_equal(__real_unlinkat(fd, de->d_name, 0), 0);
        if (__real_unlinkat(dirfd, path, AT_REMOVEDIR) < 0)
                return -1;
        snprintf(removed_log + strlen(removed_log), sizeof(removed_log) - strlen(removed_log), "%s%s",
                removed_log[0] ? " " : "", path);
        return 0;
}

int __wrap_unlinkat(int dirfd, const char *path, int flags) {
        if (!(flags & AT_REMOVEDIR))
                return __real_unlinkat(dirfd, path, flags);
        if (rmdir_inject[0]) {
                errno = rmdir_inject[0];
                memmove(rmdir_inject, rmdir_inject + 1, sizeof(rmdir_inject) - sizeof(int));
                rmdir_inject[ELEMENTSOF(rmdir_inject) - 1] = 0;
                return -1;
        }
        return fake_rmdir(dirfd, path);
}

/* Helpers on paths relative to the fake mount. */
static const char *fake_read(const char *rel) {
        static char buf[4096];
        char path[512];
        ssize_t n;
        int fd;

        snprintf(path, sizeof(path), "%s/%s", mount_dir, rel);
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return NULL;
        n = read(fd, buf, sizeof(buf) - 1);
        close(fd);
        buf[n > 0 ? n : 0] = '\0';
        return buf;
}

static void fake_write(const char *rel, const char *content) {
        int fd = open(mount_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        assert_true(fd >= 0);
        put_at(fd, rel, content);
        close(fd);
}

static bool fake_exists(const char *rel) {
        char path[512];
        struct stat st;

        snprintf(path, sizeof(path), "%s/%s", mount_dir, rel);
        return lstat(path, &st) == 0;
}

static void fake_mkdir(const char *rel) {
        int fd = open(mount_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        assert_true(fd >= 0);
        assert_int_equal(mkdirat(fd, rel, 0755), 0);
        close(fd);
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw) {
        return remove(path);
}

static int setup(void **state) {
        strcpy(mount_dir, "/tmp/test-cgroup-XXXXXX");
        if (!mkdtemp(mount_dir))
                return -1;
        fake_write("cgroup.controllers", "cpu io memory pids hugetlb\n");
        fake_write("cgroup.subtree_control", "");
        fake_write("cgroup.procs", "");
        snprintf(lock_dir, sizeof(lock_dir), "%s/locks", mount_dir);
        if (mkdir(lock_dir, 0700) < 0)
                return -1;
        memset(rmdir_inject, 0, sizeof(rmdir_inject));
        removed_log[0] = '\0';
        opts.drain_timeout_ms = 50;
        return 0;
}

static int teardown(void **state) {
        return nftw(mount_dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static policy *new_policy(void) {
        policy *p = NULL;
        assert_int_equal(policy_new_default(&p), 0);
        return p;
}

static void set_limit(policy_limit *l, uint64_t v) {
        *l = (policy_limit){.set = true, .value = v};
}

/* Create session ID, which *RET holds (and frees) until the test ends. */
static void create_ok(const policy *p, const char *id, cgroupfs_session **ret) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        int r = cgroupfs_session_create(p, 1000, id, 0, &opts, ret, &err);

        if (r < 0)
                fail_msg("create %s: %d %s", id, r, err.msg);
}

static void test_every_limit_is_written(void **state) {
        _cleanup_policy_free_ policy *p = new_policy();
        _cleanup_cgroupfs_session_free_ cgroupfs_session *c = NULL;
        char expect[512];

        set_limit(&p->memory_max, 1073741824);
        set_limit(&p->memory_high, 805306368);
        set_limit(&p->memory_swap_max, LIMIT_INFINITY);
        set_limit(&p->tasks_max, 100);
        set_limit(&p->cpu_quota_percent, 20);
        set_limit(&p->cpu_weight, 50);
        set_limit(&p->io_weight, 200);
        create_ok(p, ID7, &c);

        assert_string_equal(fake_read(SLICE "/memory.max"), "1073741824");
        assert_string_equal(fake_read(SLICE "/memory.high"), "805306368");
        assert_string_equal(fake_read(SLICE "/memory.swap.max"), "max");
        assert_string_equal(fake_read(SLICE "/pids.max"), "100");
        assert_string_equal(fake_read(SLICE "/cpu.max"), "20000 100000");
        assert_string_equal(fake_read(SLICE "/cpu.weight"), "50");
        assert_string_equal(fake_read(SLICE "/io.weight"), "default 200");
        /* Limits go on the slice; the leaf holds the process and no controller. */
        assert_false(fake_exists(SLICE "/session-" ID7 ".scope/pids.max"));
        snprintf(expect, sizeof(expect), "%d", (int) getpid());
        assert_string_equal(fake_read(SLICE "/session-" ID7 ".scope/cgroup.procs"), expect);
        snprintf(expect, sizeof(expect), "%s/" SLICE "/session-" ID7 ".scope", mount_dir);
        assert_string_equal(cgroupfs_session_path(c), expect);
        assert_null(cgroupfs_session_unapplied(c));
}

static void test_unset_limits_write_nothing(void **state) {
        _cleanup_policy_free_ policy *p = new_policy();
        _cleanup_cgroupfs_session_free_ cgroupfs_session *c = NULL;

        create_ok(p, ID1, &c);
        assert_string_equal(fake_read("cgroup.subtree_control"), "");
        assert_string_equal(fake_read(ROOT "/cgroup.subtree_control"), "");
        assert_string_equal(fake_read(SLICE "/cgroup.subtree_control"), "");
        /* No controller enabled, so no limit file exists to be written. */
        assert_false(fake_exists(SLICE "/pids.max"));
        assert_false(fake_exists(SLICE "/memory.max"));
}

static void test_infinity_writes_max(void **state) {
        _cleanup_policy_free_ policy *p = new_policy();
        _cleanup_cgroupfs_session_free_ cgroupfs_session *c = NULL;

        set_limit(&p->memory_max, LIMIT_INFINITY);
        set_limit(&p->tasks_max, LIMIT_INFINITY);
        set_limit(&p->cpu_quota_percent, LIMIT_INFINITY);
        create_ok(p, ID1, &c);
        assert_string_equal(fake_read(SLICE "/memory.max"), "max");
        assert_string_equal(fake_read(SLICE "/pids.max"), "max");
        assert_string_equal(fake_read(SLICE "/cpu.max"), "max 100000");
        assert_string_equal(fake_read(SLICE "/memory.high"), "");
}

static void test_weight_infinity_is_refused(void **state) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_policy_free_ policy *p = new_policy();
        cgroupfs_session *c = NULL;

        set_limit(&p->cpu_weight, LIMIT_INFINITY);
        assert_int_equal(cgroupfs_session_create(p, 1000, ID1, 0, &opts, &c, &err), -ERANGE);
        assert_non_null(strstr(err.msg, "CPUWeight="));
        assert_non_null(strstr(err.msg, "cpu.weight"));
        assert_null(c);
        /* The failed login leaves no empty slice behind. */
        assert_false(fake_exists(SLICE));
}

static void test_subtree_control_along_ancestors(void **state) {
        _cleanup_policy_free_ policy *p = new_policy();
        _cleanup_cgroupfs_session_free_ cgroupfs_session *c1 = NULL, *c2 = NULL;

        fake_write("cgroup.subtree_control", "memory\n");
        set_limit(&p->memory_max, 1 << 30);
        set_limit(&p->tasks_max, 10);
        create_ok(p, ID1, &c1);
        /* The root already had memory: only pids is added there. */
        assert_string_equal(fake_read("cgroup.subtree_control"), "+pids");
        assert_string_equal(fake_read(ROOT "/cgroup.subtree_control"), "+memory +pids");
        /* The slice is not a parent of limited cgroups: nothing enabled there. */
        assert_string_equal(fake_read(SLICE "/cgroup.subtree_control"), "");

        /* Everything already enabled: no write at all. */
        fake_write("cgroup.subtree_control", "memory pids\n");
        fake_write(ROOT "/cgroup.subtree_control", "memory pids\n");
        create_ok(p, ID2, &c2);
        assert_string_equal(fake_read("cgroup.subtree_control"), "memory pids\n");
        assert_string_equal(fake_read(ROOT "/cgroup.subtree_control"), "memory pids\n");
}

static void test_require_refuses_missing_controller(void **state) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_policy_free_ policy *p = new_policy();
        cgroupfs_session *c = NULL;

        fake_write("cgroup.controllers", "hugetlb\n");
        set_limit(&p->tasks_max, 10);
        assert_int_equal(cgroupfs_session_create(p, 1000, ID1, 0, &opts, &c, &err), -EOPNOTSUPP);
        assert_null(c);
        assert_non_null(strstr(err.msg, "TasksMax="));
        assert_non_null(strstr(err.msg, "\"pids\""));
        assert_non_null(strstr(err.msg, "CgroupLimits=require"));
        /* Refused before anything was written or created. */
        assert_false(fake_exists(ROOT));
        assert_string_equal(fake_read("cgroup.subtree_control"), "");
}

static void test_warn_applies_the_rest(void **state) {
        _cleanup_policy_free_ policy *p = new_policy();
        _cleanup_cgroupfs_session_free_ cgroupfs_session *c = NULL;
        char *const *unapplied;

        fake_write("cgroup.controllers", "memory hugetlb\n");
        p->cgroup_limits = CGROUP_LIMITS_WARN;
        set_limit(&p->memory_max, 4096);
        set_limit(&p->tasks_max, 10);
        create_ok(p, ID1, &c);
        assert_string_equal(fake_read(SLICE "/memory.max"), "4096");
        assert_false(fake_exists(SLICE "/pids.max"));
        assert_string_equal(fake_read("cgroup.subtree_control"), "+memory");
        unapplied = cgroupfs_session_unapplied(c);
        assert_non_null(unapplied);
        assert_non_null(strstr(unapplied[0], "TasksMax="));
        assert_non_null(strstr(unapplied[0], "\"pids\""));
        assert_null(unapplied[1]);
}

/* A new session sweeps the slice: empty leaves (crashed sessions) go, a
 * populated one and cgroups that are not session leaves stay. */
static void test_create_removes_dead_leaves(void **state) {
        _cleanup_policy_free_ policy *p = new_policy();
        _cleanup_cgroupfs_session_free_ cgroupfs_session *c1 = NULL, *c2 = NULL, *c3 = NULL;

        create_ok(p, ID1, &c1);
        fake_write(SLICE "/session-" ID1 ".scope/cgroup.events", "populated 1\n");
        create_ok(p, ID2, &c2);
        fake_mkdir(SLICE "/other");
        assert_true(fake_exists(SLICE "/session-" ID2 ".scope"));
        removed_log[0] = '\0';
        create_ok(p, ID3, &c3);
        assert_string_equal(removed_log, "session-" ID2 ".scope");
        /* Its id is handed on, so the session's record can go too. */
        assert_non_null(cgroupfs_session_swept(c3));
        assert_string_equal(cgroupfs_session_swept(c3)[0], ID2);
        assert_null(cgroupfs_session_swept(c3)[1]);
        assert_null(cgroupfs_session_swept(c2));
        assert_true(fake_exists(SLICE "/session-" ID1 ".scope"));
        assert_true(fake_exists(SLICE "/session-" ID3 ".scope"));
        assert_true(fake_exists(SLICE "/other"));
}

static void test_teardown_order_and_return_home(void **state) {
        _cleanup_policy_free_ policy *p = new_policy();
        _cleanup_cgroupfs_session_free_ cgroupfs_session *c1 = NULL, *c2 = NULL;
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        char self[32];

        create_ok(p, ID1, &c1);
        create_ok(p, ID2, &c2);
        assert_int_equal(cgroupfs_session_teardown(c1, 0, &err), 0);
        assert_false(fake_exists(SLICE "/session-" ID1 ".scope"));
        assert_true(fake_exists(SLICE));
        assert_string_equal(fake_read(SLICE "/session-" ID1 ".scope/cgroup.kill") ?: "gone", "gone");
        assert_int_equal(cgroupfs_session_teardown(c2, 0, &err), 0);
        assert_string_equal(removed_log, "session-" ID1 ".scope session-" ID2 ".scope user-1000.slice");
        assert_false(fake_exists(SLICE));
        assert_true(fake_exists(ROOT));
        /* The caller was in the leaf (create put it there): it went back home first. */
        snprintf(self, sizeof(self), "%d", (int) getpid());
        assert_string_equal(fake_read("cgroup.procs"), self);
}

static void test_killed_leaf_that_stays_busy_is_kept(void **state) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_policy_free_ policy *p = new_policy();
        _cleanup_cgroupfs_session_free_ cgroupfs_session *c = NULL;

        create_ok(p, ID1, &c);
        fake_write(SLICE "/session-" ID1 ".scope/cgroup.events", "populated 1\n");
        assert_int_equal(cgroupfs_session_teardown(c, 0, &err), -EBUSY);
        assert_non_null(strstr(err.msg, SLICE "/session-" ID1 ".scope"));
        assert_string_equal(fake_read(SLICE "/session-" ID1 ".scope/cgroup.kill"), "1");
        assert_true(fake_exists(SLICE "/session-" ID1 ".scope"));
}

static void test_no_kill_on_logout_keeps_leaf_for_gc(void **state) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_policy_free_ policy *p = new_policy();
        _cleanup_cgroupfs_session_free_ cgroupfs_session *c = NULL;
        unsigned removed = 0;

        p->kill_on_logout = false;
        create_ok(p, ID1, &c);
        fake_write(SLICE "/session-" ID1 ".scope/cgroup.events", "populated 1\n");
        assert_int_equal(cgroupfs_session_teardown(c, 0, &err), 1);
        assert_string_equal(fake_read(SLICE "/session-" ID1 ".scope/cgroup.kill"), "");
        assert_int_equal(cgroup_gc("/sys/fs/cgroup/nsshell.slice", &opts, &removed, &err), 0);
        assert_int_equal(removed, 0);
        assert_true(fake_exists(SLICE "/session-" ID1 ".scope"));
        /* The lingering processes are gone: gc collects leaf and slice. */
        fake_write(SLICE "/session-" ID1 ".scope/cgroup.events", "populated 0\n");
        assert_int_equal(cgroup_gc("/sys/fs/cgroup/nsshell.slice", &opts, &removed, &err), 0);
        assert_int_equal(removed, 2);
        assert_false(fake_exists(SLICE));
        assert_true(fake_exists(ROOT));
}

static void test_rmdir_races(void **state) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_policy_free_ policy *p = new_policy();
        _cleanup_cgroupfs_session_free_ cgroupfs_session *c1 = NULL, *c2 = NULL;

        /* EBUSY right after the kill: retried, then removed. */
        create_ok(p, ID1, &c1);
        rmdir_inject[0] = EBUSY;
        rmdir_inject[1] = EBUSY;
        assert_int_equal(cgroupfs_session_teardown(c1, 0, &err), 0);
        assert_false(fake_exists(SLICE));

        /* Someone else (gc) removed the leaf first: ENOENT is fine. */
        create_ok(p, ID2, &c2);
        rmdir_inject[0] = ENOENT;
        assert_int_equal(cgroupfs_session_teardown(c2, 0, &err), 0);
        assert_int_equal(err.code, 0);
        /* (The fake leaf is in fact still there: the slice must stay.) */
        assert_true(fake_exists(SLICE "/session-" ID2 ".scope"));
}

static void test_teardown_when_already_gone(void **state) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_policy_free_ policy *p = new_policy();
        _cleanup_cgroupfs_session_free_ cgroupfs_session *c = NULL;
        unsigned removed;

        create_ok(p, ID1, &c);
        assert_int_equal(cgroup_gc("/sys/fs/cgroup/nsshell.slice", &opts, &removed, &err), 0);
        assert_int_equal(removed, 2);
        assert_int_equal(cgroupfs_session_teardown(c, 0, &err), 0);
        assert_int_equal(err.code, 0);
}

static void test_lookup_finds_session_of_dead_creator(void **state) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_policy_free_ policy *p = new_policy();
        _cleanup_cgroupfs_session_free_ cgroupfs_session *found = NULL;
        cgroupfs_session *c = NULL, *none = NULL;

        create_ok(p, "0000000000000abc", &c);
        cgroupfs_session_free(c);
        assert_int_equal(cgroupfs_session_lookup(p, 1000, "abc", &opts, &none, NULL), -EINVAL);
        assert_int_equal(cgroupfs_session_lookup(p, 1000, "00000000000000ff", &opts, &none, &err), -ENOENT);
        assert_null(none);
        assert_non_null(strstr(err.msg, "session-00000000000000ff.scope"));
        assert_int_equal(cgroupfs_session_lookup(p, 1000, "0000000000000abc", &opts, &found, NULL), 0);
        assert_int_equal(cgroupfs_session_teardown(found, 0, NULL), 0);
        assert_false(fake_exists(SLICE));
}

static void test_gc_removes_planted_leftovers_only(void **state) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        unsigned removed = 0;

        fake_mkdir(ROOT);
        fake_mkdir(ROOT "/user-5.slice");
        fake_mkdir(ROOT "/user-5.slice/session-x.scope");
        fake_mkdir(ROOT "/junk");
        fake_mkdir(ROOT "/user-6.slice");
        fake_mkdir(ROOT "/user-6.slice/session-y.scope");
        fake_write(ROOT "/user-6.slice/session-y.scope/cgroup.events", "populated 1\n");
        fake_mkdir("other.slice");

        assert_int_equal(cgroup_gc("/sys/fs/cgroup/nsshell.slice", &opts, &removed, &err), 0);
        assert_int_equal(removed, 3);
        assert_false(fake_exists(ROOT "/user-5.slice"));
        assert_false(fake_exists(ROOT "/junk"));
        assert_true(fake_exists(ROOT "/user-6.slice/session-y.scope"));
        assert_true(fake_exists(ROOT));
        assert_true(fake_exists("other.slice"));
        /* A missing CgroupRoot is nothing to collect. */
        assert_int_equal(cgroup_gc("/sys/fs/cgroup/absent.slice", &opts, &removed, &err), 0);
        assert_int_equal(removed, 0);
        assert_int_equal(err.code, 0);
}

static void test_freeze_kill_without_cgroup_kill(void **state) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_policy_free_ policy *p = new_policy();
        _cleanup_cgroupfs_session_free_ cgroupfs_session *c = NULL;
        char pid_text[32], kill_file[512];
        int status;
        pid_t child;

        create_ok(p, ID1, &c);
        child = fork();
        assert_true(child >= 0);
        if (child == 0) {
                pause();
                _exit(0);
        }
        snprintf(kill_file, sizeof(kill_file), "%s/" SLICE "/session-" ID1 ".scope/cgroup.kill", mount_dir);
        assert_int_equal(unlink(kill_file), 0);
        snprintf(pid_text, sizeof(pid_text), "%d\n", (int) child);
        fake_write(SLICE "/session-" ID1 ".scope/cgroup.procs", pid_text);
        fake_write(SLICE "/session-" ID1 ".scope/cgroup.events", "populated 1\n");
        /* The fake leaf never empties, so the loop ends at the deadline. */
        assert_int_equal(cgroupfs_session_teardown(c, 0, &err), -EBUSY);
        assert_int_equal(waitpid(child, &status, 0), child);
        assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
        assert_string_equal(fake_read(SLICE "/session-" ID1 ".scope/cgroup.freeze"), "0");
}

/* TimeoutStopSec: each member but the caller gets SIGTERM (then SIGCONT,
 * SIGHUP) before the kill, through a pidfd, only when cgroup.procs still
 * lists it after the pidfd was opened. */
static void test_graceful_stop_signals_first(void **state) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_policy_free_ policy *p = new_policy();
        _cleanup_cgroupfs_session_free_ cgroupfs_session *c = NULL;
        char procs[64];
        int status;
        pid_t child;

        create_ok(p, ID1, &c);
        child = fork();
        assert_true(child >= 0);
        if (child == 0) {
                pause();
                _exit(0);
        }
        /* The caller is listed too (it must not signal itself). */
        snprintf(procs, sizeof(procs), "%d\n%d\n", (int) child, (int) getpid());
        fake_write(SLICE "/session-" ID1 ".scope/cgroup.procs", procs);
        fake_write(SLICE "/session-" ID1 ".scope/cgroup.events", "populated 1\n");
        /* The fake leaf never empties: the grace (20 ms), then the kill's wait. */
        assert_int_equal(cgroupfs_session_teardown(c, 20000, &err), -EBUSY);
        assert_int_equal(waitpid(child, &status, 0), child);
        assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
        assert_string_equal(fake_read(SLICE "/session-" ID1 ".scope/cgroup.kill"), "1");
}

static void test_attach_writes_the_pid(void **state) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_policy_free_ policy *p = new_policy();
        _cleanup_cgroupfs_session_free_ cgroupfs_session *c = NULL;

        create_ok(p, ID1, &c);
        assert_int_equal(cgroupfs_session_attach(c, 4321, &err), 0);
        assert_string_equal(fake_read(SLICE "/session-" ID1 ".scope/cgroup.procs"), "4321");
        assert_int_equal(cgroupfs_session_teardown(c, 0, &err), 0);
        assert_int_equal(cgroupfs_session_attach(c, 4321, &err), -ENOENT);
        assert_non_null(strstr(err.msg, "user-1000.slice"));
}

static void test_names_and_paths(void **state) {
        /* every id session_id_valid() refuses (tests/unit/test-session-id.c) */
        static const char *const bad_ids[] = {"", "../x", "a/b", ".hidden", "a b", "1", "7",
                "0123456789ABCDEF", "0123456789abcde", "0123456789abcdef0", "../../0123456789ab",
                "12345678901234567890123456789012345678901234567890123456789012345"};
        _cleanup_policy_free_ policy *p = new_policy();
        _cleanup_cgroupfs_session_free_ cgroupfs_session *c = NULL;
        cgroupfs_session *none = NULL;

        for (size_t i = 0; i < ELEMENTSOF(bad_ids); i++)
                assert_int_equal(
                        cgroupfs_session_create(p, 1000, bad_ids[i], 0, &opts, &none, NULL), -EINVAL);
        assert_int_equal(cgroupfs_session_create(p, (uid_t) -1, ID1, 0, &opts, &none, NULL), -EINVAL);
        assert_null(none);
        assert_int_equal(cgroupfs_session_create(p, 4294967294u, "0123456789abcdef", 0, &opts, &c, NULL), 0);
        assert_true(fake_exists(ROOT "/user-4294967294.slice/session-0123456789abcdef.scope"));
}

static void test_map_root(void **state) {
        static const struct {
                const char *mount, *root, *rel; /* rel NULL: refused */
        } cases[] = {
                {"/sys/fs/cgroup/unified", "/sys/fs/cgroup/nsshell.slice", "nsshell.slice"},
                {"/sys/fs/cgroup/unified", "/sys/fs/cgroup/unified/t-1.slice", "t-1.slice"},
                {"/sys/fs/cgroup", "/sys/fs/cgroup/nsshell.slice", "nsshell.slice"},
                {"/sys/fs/cgroup", "/sys/fs/cgroup/a/b/", "a/b"},
                {"/sys/fs/cgroup", "/sys/fs/cgroup", NULL},
                {"/sys/fs/cgroup/unified", "/sys/fs/cgroup/unified", NULL},
                {"/sys/fs/cgroup", "/sys/fs/cgroup/../etc", NULL},
                {"/sys/fs/cgroup", "/sys/fs/cgroup/a/./b", NULL},
                {"/sys/fs/cgroup", "/sys/fs/cgroup/a//b", NULL},
                {"/sys/fs/cgroup", "/sys/fs/cgroupx/a", NULL},
                {"/sys/fs/cgroup", "/etc/nsshell", NULL},
        };

        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                _cleanup_free_ char *rel = NULL;
                int r = cgroup_fs_map_root(cases[i].mount, cases[i].root, &rel, NULL);
                if (!cases[i].rel) {
                        assert_int_equal(r, -EINVAL);
                        assert_null(rel);
                        continue;
                }
                assert_int_equal(r, 0);
                assert_string_equal(rel, cases[i].rel);
        }
}

static void test_resolve_root(void **state) {
        _cleanup_free_ char *path = NULL;
        char expect[128];

        assert_int_equal(cgroup_resolve_root("/sys/fs/cgroup/a.slice", &opts, &path, NULL), 0);
        snprintf(expect, sizeof(expect), "%s/a.slice", mount_dir);
        assert_string_equal(path, expect);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(test_every_limit_is_written, setup, teardown),
                cmocka_unit_test_setup_teardown(test_unset_limits_write_nothing, setup, teardown),
                cmocka_unit_test_setup_teardown(test_infinity_writes_max, setup, teardown),
                cmocka_unit_test_setup_teardown(test_weight_infinity_is_refused, setup, teardown),
                cmocka_unit_test_setup_teardown(test_subtree_control_along_ancestors, setup, teardown),
                cmocka_unit_test_setup_teardown(test_require_refuses_missing_controller, setup, teardown),
                cmocka_unit_test_setup_teardown(test_warn_applies_the_rest, setup, teardown),
                cmocka_unit_test_setup_teardown(test_create_removes_dead_leaves, setup, teardown),
                cmocka_unit_test_setup_teardown(test_teardown_order_and_return_home, setup, teardown),
                cmocka_unit_test_setup_teardown(test_killed_leaf_that_stays_busy_is_kept, setup, teardown),
                cmocka_unit_test_setup_teardown(test_no_kill_on_logout_keeps_leaf_for_gc, setup, teardown),
                cmocka_unit_test_setup_teardown(test_rmdir_races, setup, teardown),
                cmocka_unit_test_setup_teardown(test_teardown_when_already_gone, setup, teardown),
                cmocka_unit_test_setup_teardown(test_lookup_finds_session_of_dead_creator, setup, teardown),
                cmocka_unit_test_setup_teardown(test_gc_removes_planted_leftovers_only, setup, teardown),
                cmocka_unit_test_setup_teardown(test_freeze_kill_without_cgroup_kill, setup, teardown),
                cmocka_unit_test_setup_teardown(test_graceful_stop_signals_first, setup, teardown),
                cmocka_unit_test_setup_teardown(test_attach_writes_the_pid, setup, teardown),
                cmocka_unit_test_setup_teardown(test_names_and_paths, setup, teardown),
                cmocka_unit_test(test_map_root),
                cmocka_unit_test_setup_teardown(test_resolve_root, setup, teardown),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
