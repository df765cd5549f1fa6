/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "basic/time-util.h"
#include "basic/fd-util.h"
#include "basic/strv.h"
#include "cgroup/cgroup-fs.h"
#include "cgroup/cgroup-kill.h"
#include "cgroup/cgroup-systemd.h"
#include "cgroup/libsystemd.h"

#define SYSTEMD_DEST "org.freedesktop.systemd1"
#define SYSTEMD_PATH "/org/freedesktop/systemd1"
#define SYSTEMD_MANAGER "org.freedesktop.systemd1.Manager"

/* How long systemd may take to answer a call or to start the scope. */
#define BUS_TIMEOUT_USEC (10 * 1000000ULL)
/* How long teardown waits for killed processes to leave the scope. */
#define KILL_TIMEOUT_MS 2000
/* How long one round of wait_others_gone() sleeps at most. */
#define WAIT_ROUND_MS 100

struct cgroup_systemd_session {
        char *path; /* absolute cgroupfs path of the scope */
        char *unit; /* its unit name */
        char *logind_id; /* logind's session id, when the scope is logind's */
        bool kill;
        char **unapplied;
};

/* What sd_booted() tests: systemd creates this directory when it is PID 1. */
bool cgroup_systemd_available(void) {
        struct stat st;

        return lstat("/run/systemd/system", &st) == 0 && S_ISDIR(st.st_mode);
}

const char *cgroup_systemd_unavailable_reason(void) {
        return "systemd is not PID 1 on this host";
}

void cgroup_systemd_session_free(cgroup_systemd_session *c) {
        if (!c)
                return;
        free(c->path);
        free(c->unit);
        free(c->logind_id);
        strv_free(c->unapplied);
        free(c);
}

const char *cgroup_systemd_session_path(const cgroup_systemd_session *c) {
        return c->path;
}

const char *cgroup_systemd_session_unit(const cgroup_systemd_session *c) {
        return c->unit;
}

const char *cgroup_systemd_session_logind_id(const cgroup_systemd_session *c) {
        return c->logind_id;
}

char *const *cgroup_systemd_session_unapplied(const cgroup_systemd_session *c) {
        return c->unapplied;
}

static int bus_failed(ns_error *err, int r, const sd_bus_error *e, const char *what, const char *unit) {
        if (e && sym_sd_bus_error_is_set(e))
                return ns_error_set(
                        err, r, "%s \"%s\" through systemd: %s (%s)", what, unit, e->message, e->name);
        return ns_error_set_errno(err, r, "%s \"%s\" through systemd", what, unit);
}

/* 1 and the scope when the caller belongs to a logind session of UID, in a
 * scope of user-UID.slice; 0 when not (no session, another user's session). */
static int logind_scope_of_caller(uid_t uid, cgroup_systemd_session *c) {
        _cleanup_free_ char *session = NULL, *unit = NULL, *slice = NULL;
        char expected[64];
        uid_t owner;
        size_t len;

        if (sym_sd_pid_get_session(0, &session) < 0 || sym_sd_session_get_uid(session, &owner) < 0 ||
                owner != uid)
                return 0;
        if (sym_sd_pid_get_unit(0, &unit) < 0 || sym_sd_pid_get_slice(0, &slice) < 0)
                return 0;
        snprintf(expected, sizeof(expected), "user-%u.slice", (unsigned) uid);
        len = strlen(unit);
        if (strcmp(slice, expected) != 0 || len < 7 || strcmp(unit + len - 6, ".scope") != 0)
                return 0;
        c->logind_id = TAKE_PTR(session);
        c->unit = TAKE_PTR(unit);
        return 1;
}

typedef struct job_wait {
        const char *job;
        bool done;
        char *result;
} job_wait;

static int on_job_removed(sd_bus_message *m, void *userdata, sd_bus_error *ret_error) {
        job_wait *w = userdata;
        const char *path, *unit, *result;
        uint32_t id;

        if (sym_sd_bus_message_read(m, "uoss", &id, &path, &unit, &result) < 0)
                return 0;
        if (w->job && strcmp(path, w->job) == 0) {
                w->done = true;
                w->result = strdup(result);
        }
        return 0;
}

/* Process bus messages until W's job is removed, at most BUS_TIMEOUT_USEC. */
static int wait_for_job(sd_bus *bus, job_wait *w) {
        uint64_t deadline = now_monotonic_usec() + BUS_TIMEOUT_USEC;
        int r;

        while (!w->done) {
                uint64_t now = now_monotonic_usec();

                r = sym_sd_bus_process(bus, NULL);
                if (r < 0)
                        return r;
                if (r > 0)
                        continue;
                if (now >= deadline)
                        return -ETIMEDOUT;
                r = sym_sd_bus_wait(bus, deadline - now);
                if (r < 0)
                        return r;
        }
        return w->result && strcmp(w->result, "done") == 0 ? 0 : -EIO;
}

/* The transient scope stops as nsshell's own teardown does when systemd
 * stops it (loginctl terminate-session, the RuntimeMaxSec timer, shutdown):
 * SIGTERM, SIGCONT, SIGHUP (SendSIGHUP, as logind's session scopes), and
 * SIGKILL after TimeoutStopSec. */
static int start_scope_message(sd_bus *bus, const char *unit, uid_t uid, const char *session_id,
        uint64_t timeout_stop_usec, sd_bus_message **ret) {
        _cleanup_(sym_bus_message_unrefp) sd_bus_message *m = NULL;
        char slice[64], description[128];
        int r;

        snprintf(slice, sizeof(slice), "user-%u.slice", (unsigned) uid);
        snprintf(description, sizeof(description), "nsshell session %s of uid %u", session_id,
                (unsigned) uid);
        r = sym_sd_bus_message_new_method_call(
                bus, &m, SYSTEMD_DEST, SYSTEMD_PATH, SYSTEMD_MANAGER, "StartTransientUnit");
        if (r >= 0)
                r = sym_sd_bus_message_append(m, "ss", unit, "fail");
        if (r >= 0)
                r = sym_sd_bus_message_append(m, "a(sv)", 6, "Slice", "s", slice, "Description", "s",
                        description, "PIDs", "au", 1, (uint32_t) getpid(), "CollectMode", "s",
                        "inactive-or-failed", "SendSIGHUP", "b", 1, "TimeoutStopUSec", "t",
                        timeout_stop_usec);
        if (r >= 0)
                r = sym_sd_bus_message_append(m, "a(sa(sv))", 0);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(m);
        return 0;
}

/* Ask systemd for nsshell-ID.scope in user-UID.slice holding the caller and
 * wait until it runs (what `systemd-run --scope --slice=...` does). */
static int start_scope(sd_bus *bus, const policy *p, uid_t uid, const char *session_id,
        cgroup_systemd_session *c, ns_error *err) {
        _cleanup_(sym_bus_message_unrefp) sd_bus_message *m = NULL, *reply = NULL;
        _cleanup_(sym_bus_slot_unrefp) sd_bus_slot *slot = NULL;
        _cleanup_(sym_bus_error_freep) sd_bus_error e = SD_BUS_ERROR_NULL;
        job_wait w = {0};
        int r;

        if (asprintf(&c->unit, "nsshell-%s.scope", session_id) < 0) {
                c->unit = NULL;
                return ns_error_set_errno(err, -ENOMEM, "start a scope for session \"%s\"", session_id);
        }
        /* Subscribe before the call: the job may end before it returns. */
        r = sym_sd_bus_match_signal(
                bus, &slot, SYSTEMD_DEST, SYSTEMD_PATH, SYSTEMD_MANAGER, "JobRemoved", on_job_removed, &w);
        if (r >= 0)
                r = start_scope_message(bus, c->unit, uid, session_id, p->timeout_stop_usec, &m);
        if (r < 0)
                return bus_failed(err, r, NULL, "start the scope", c->unit);
        r = sym_sd_bus_call(bus, m, BUS_TIMEOUT_USEC, &e, &reply);
        if (r >= 0)
                r = sym_sd_bus_message_read(reply, "o", &w.job);
        if (r >= 0)
                r = wait_for_job(bus, &w);
        if (r < 0)
                r = bus_failed(err, r, &e,
                        w.result ? "start the scope (job result not \"done\")" : "start the scope", c->unit);
        free(w.result);
        return r;
}

/* The policy's limits as systemd unit properties. */
typedef struct limit_property {
        const char *name; /* systemd's property */
        const char *directive; /* nsshell.conf(5)'s name, for messages */
        size_t offset; /* policy_limit in policy */
        uint64_t scale; /* property value = policy value * scale */
} limit_property;

static const limit_property limit_properties[] = {
        {"MemoryMax", "MemoryMax", offsetof(policy, memory_max), 1},
        {"MemoryHigh", "MemoryHigh", offsetof(policy, memory_high), 1},
        {"MemorySwapMax", "MemorySwapMax", offsetof(policy, memory_swap_max), 1},
        {"TasksMax", "TasksMax", offsetof(policy, tasks_max), 1},
        /* CPUQuota=20% is 200 ms of CPU time per second. */
        {"CPUQuotaPerSecUSec", "CPUQuota", offsetof(policy, cpu_quota_percent), 10000},
        {"CPUWeight", "CPUWeight", offsetof(policy, cpu_weight), 1},
        {"IOWeight", "IOWeight", offsetof(policy, io_weight), 1},
};

static const policy_limit *limit_of(const policy *p, const limit_property *l) {
        return (const policy_limit *) ((const char *) p + l->offset);
}

static uint64_t property_value(const policy_limit *v, uint64_t scale) {
        return v->value == LIMIT_INFINITY ? UINT64_MAX : v->value * scale;
}

/* SetUnitProperties(SLICE, runtime) with every limit set in P, or only ONLY. */
static int set_limits(
        sd_bus *bus, const char *slice, const policy *p, const limit_property *only, sd_bus_error *e) {
        _cleanup_(sym_bus_message_unrefp) sd_bus_message *m = NULL;
        unsigned n = 0;
        int r;

        r = sym_sd_bus_message_new_method_call(
                bus, &m, SYSTEMD_DEST, SYSTEMD_PATH, SYSTEMD_MANAGER, "SetUnitProperties");
        if (r >= 0)
                r = sym_sd_bus_message_append(m, "sb", slice, 1);
        if (r >= 0)
                r = sym_sd_bus_message_open_container(m, 'a', "(sv)");
        for (size_t i = 0; r >= 0 && i < ELEMENTSOF(limit_properties); i++) {
                const limit_property *l = &limit_properties[i];
                const policy_limit *v = limit_of(p, l);

                if (!v->set || (only && only != l))
                        continue;
                r = sym_sd_bus_message_append(m, "(sv)", l->name, "t", property_value(v, l->scale));
                n++;
        }
        if (r >= 0)
                r = sym_sd_bus_message_close_container(m);
        if (r < 0 || n == 0)
                return r;
        return sym_sd_bus_call(bus, m, BUS_TIMEOUT_USEC, e, NULL);
}

/* CgroupLimits=warn after a refused call: each limit alone, the refused ones
 * listed in c->unapplied. */
static int set_limits_one_by_one(
        sd_bus *bus, const char *slice, const policy *p, cgroup_systemd_session *c) {
        for (size_t i = 0; i < ELEMENTSOF(limit_properties); i++) {
                _cleanup_(sym_bus_error_freep) sd_bus_error e = SD_BUS_ERROR_NULL;
                const limit_property *l = &limit_properties[i];
                char *sentence;

                if (!limit_of(p, l)->set || set_limits(bus, slice, p, l, &e) >= 0)
                        continue;
                if (asprintf(&sentence, "%s not applied to %s: systemd refused %s (%s)", l->directive, slice,
                            l->name, sym_sd_bus_error_is_set(&e) ? e.message : "no answer") < 0)
                        return -ENOMEM;
                if (strv_push(&c->unapplied, sentence) < 0) {
                        free(sentence);
                        return -ENOMEM;
                }
        }
        return 0;
}

static int apply_limits(sd_bus *bus, const policy *p, uid_t uid, cgroup_systemd_session *c, ns_error *err) {
        _cleanup_(sym_bus_error_freep) sd_bus_error e = SD_BUS_ERROR_NULL;
        char slice[64];
        int r;

        snprintf(slice, sizeof(slice), "user-%u.slice", (unsigned) uid);
        r = set_limits(bus, slice, p, NULL, &e);
        if (r >= 0)
                return 0;
        if (p->cgroup_limits == CGROUP_LIMITS_REQUIRE)
                return bus_failed(err, r, &e, "set the limits (CgroupLimits require) on", slice);
        r = set_limits_one_by_one(bus, slice, p, c);
        return r < 0 ? ns_error_set_errno(err, r, "set the limits on \"%s\"", slice) : 0;
}

static int bus_open(sd_bus **ret, ns_error *err) {
        int r = libsystemd_load(err);

        if (r < 0)
                return r;
        r = sym_sd_bus_open_system(ret);
        return r < 0 ? ns_error_set_errno(err, r, "connect to systemd on the system bus") : 0;
}

/* RuntimeMaxSec for a scope that already runs. systemd 252 takes
 * RuntimeMaxUSec on a scope only when it is created (on logind's running
 * session scope SetUnitProperties answers PropertyReadOnly), so the limit
 * becomes two transient units of systemd's own: nsshell-runtime-ID.timer,
 * OnActiveSec=RuntimeMaxSec, bound to the scope (it goes when the scope
 * goes), activating nsshell-runtime-ID.service, which conflicts with the
 * scope: starting it makes systemd's job engine stop the scope, every
 * process of the session with it. See docs/DESIGN.md, "Backends". */
static int runtime_timer_message(
        sd_bus *bus, const char *id, const char *scope, uint64_t usec, sd_bus_message **ret) {
        _cleanup_(sym_bus_message_unrefp) sd_bus_message *m = NULL;
        char timer[96], service[96], description[160];
        int r;

        snprintf(timer, sizeof(timer), "nsshell-runtime-%s.timer", id);
        snprintf(service, sizeof(service), "nsshell-runtime-%s.service", id);
        snprintf(description, sizeof(description), "nsshell RuntimeMaxSec of %s", scope);
        r = sym_sd_bus_message_new_method_call(
                bus, &m, SYSTEMD_DEST, SYSTEMD_PATH, SYSTEMD_MANAGER, "StartTransientUnit");
        if (r >= 0)
                r = sym_sd_bus_message_append(m, "ssa(sv)", timer, "fail", 5, "Description", "s",
                        description, "TimersMonotonic", "a(st)", 1, "OnActiveSec", usec, "RemainAfterElapse",
                        "b", 0, "BindsTo", "as", 1, scope, "After", "as", 1, scope);
        if (r >= 0)
                r = sym_sd_bus_message_append(m, "a(sa(sv))", 1, service, 4, "Description", "s", description,
                        "Type", "s", "oneshot", "ExecStart", "a(sasb)", 1, "/bin/true", 1, "/bin/true", 0,
                        "Conflicts", "as", 1, scope);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(m);
        return 0;
}

static int set_runtime_max(
        sd_bus *bus, const policy *p, const char *session_id, cgroup_systemd_session *c, ns_error *err) {
        _cleanup_(sym_bus_message_unrefp) sd_bus_message *m = NULL;
        _cleanup_(sym_bus_error_freep) sd_bus_error e = SD_BUS_ERROR_NULL;
        int r;

        if (!p->runtime_max_usec.set || p->runtime_max_usec.value == LIMIT_INFINITY)
                return 0;
        r = runtime_timer_message(bus, session_id, c->unit, p->runtime_max_usec.value ?: 1, &m);
        if (r >= 0)
                r = sym_sd_bus_call(bus, m, BUS_TIMEOUT_USEC, &e, NULL);
        return r < 0 ? bus_failed(err, r, &e, "start the RuntimeMaxSec timer of", c->unit) : 0;
}

int cgroup_systemd_session_create(
        const policy *p, uid_t uid, const char *session_id, cgroup_systemd_session **ret, ns_error *err) {
        _cleanup_(sym_bus_close_unrefp) sd_bus *bus = NULL;
        cgroup_systemd_session *c;
        int r;

        assert(p);
        assert(session_id);
        assert(ret);
        c = calloc(1, sizeof(*c));
        if (!c)
                return ns_error_set_errno(err, -ENOMEM, "session cgroup (systemd)");
        c->kill = p->kill_on_logout;
        r = bus_open(&bus, err);
        if (r >= 0 && logind_scope_of_caller(uid, c) == 0)
                r = start_scope(bus, p, uid, session_id, c, err);
        if (r >= 0)
                r = apply_limits(bus, p, uid, c, err);
        if (r >= 0)
                r = set_runtime_max(bus, p, session_id, c, err);
        if (r >= 0)
                r = cgroup_fs_process_cgroup(0, &c->path, err);
        if (r < 0) {
                cgroup_systemd_session_free(c);
                return r;
        }
        *ret = c;
        return 0;
}

/* Wait until no process but the caller is left in the scope DIRFD, at most
 * until DEADLINE (monotonic usec), SIGKILLing each one seen first when KILL.
 * The pidfds of the scope's processes are polled (one turns readable when
 * its process ends), at most WAIT_ROUND_MS a round before cgroup.procs is
 * read again, for processes forked meanwhile: no busy loop, and a scope
 * whose processes end at once is left at once. The caller, which stays in
 * the scope, cannot use "populated 0" of cgroup.events. 0 none left (or the
 * scope is gone), -EBUSY some at the deadline (*RET_LEFT of them), -errno. */
static int wait_others_gone(int dirfd, const char *path, uint64_t deadline, bool kill, size_t *ret_left) {
        for (;;) {
                _cleanup_free_ struct pollfd *pfds = NULL;
                int *fds = NULL;
                size_t n = 0;
                uint64_t now;
                int r = cgroup_pidfds(dirfd, path, &fds, &n, NULL);

                if (r == -ENOENT || r == -ENODEV)
                        return 0;
                if (r < 0)
                        return r;
                if (n > 0)
                        pfds = calloc(n, sizeof(*pfds));
                for (size_t i = 0; i < n; i++) {
                        if (kill)
                                (void) pidfd_send_signal(fds[i], SIGKILL, NULL, 0);
                        if (pfds)
                                pfds[i] = (struct pollfd){.fd = fds[i], .events = POLLIN};
                }
                now = now_monotonic_usec();
                if (n > 0 && now < deadline) {
                        uint64_t left_ms = (deadline - now + 999) / 1000;
                        (void) poll(pfds, pfds ? n : 0,
                                (int) (left_ms < WAIT_ROUND_MS ? left_ms : WAIT_ROUND_MS));
                }
                cgroup_pidfds_free(fds, n);
                if (n == 0)
                        return 0;
                if (now >= deadline) {
                        *ret_left = n;
                        return -EBUSY;
                }
        }
}

void cgroup_systemd_session_keep_processes(cgroup_systemd_session *c) {
        c->kill = false;
}

int cgroup_systemd_session_teardown(cgroup_systemd_session *c, uint64_t stop_timeout_usec, ns_error *err) {
        static const int stop_signals[] = {SIGTERM, SIGCONT, SIGHUP};
        _cleanup_close_ int dirfd = -EBADF;
        size_t left = 0;
        int r;

        if (!c->kill)
                return 1;
        dirfd = open(c->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dirfd < 0)
                return errno == ENOENT ? 0
                                       : ns_error_set_errno(err, negative_errno(), "open \"%s\"", c->path);
        /* Gracefully first (without a pid namespace; with one, the session's
         * init has done it and STOP_TIMEOUT_USEC is 0); a failure here only
         * leaves the processes to the SIGKILL below. */
        if (stop_timeout_usec > 0 &&
                cgroup_signal(dirfd, c->path, stop_signals, ELEMENTSOF(stop_signals), NULL) > 0)
                (void) wait_others_gone(
                        dirfd, c->path, now_monotonic_usec() + stop_timeout_usec, false, &left);
        r = wait_others_gone(dirfd, c->path, now_monotonic_usec() + KILL_TIMEOUT_MS * 1000ULL, true, &left);
        if (r == -EBUSY)
                return ns_error_set(err, -EBUSY, "\"%s\": %zu processes still there %d ms after SIGKILL",
                        c->path, left, KILL_TIMEOUT_MS);
        if (r < 0)
                return ns_error_set_errno(err, r, "read \"%s/cgroup.procs\"", c->path);
        return 0;
}
