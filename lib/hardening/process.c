/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "basic/fd-util.h"
#include "basic/macro.h"
#include "hardening/process.h"

#define IOPRIO_CLASS_SHIFT 13
#define IOPRIO_WHO_PROCESS 1
#define IOPRIO_DEFAULT_PRIORITY 4

static bool errno_is_privilege(int e) {
        return e == EPERM || e == EACCES;
}

int process_ioprio(const policy *p) {
        IOSchedulingClass c = p->io_scheduling_class;
        int prio = p->io_scheduling_priority.set ? (int) p->io_scheduling_priority.value
                                                 : IOPRIO_DEFAULT_PRIORITY;

        assert(p);

        if (c == IO_SCHEDULING_CLASS_UNSET && !p->io_scheduling_priority.set)
                return -1;
        if (c == IO_SCHEDULING_CLASS_UNSET)
                c = IO_SCHEDULING_CLASS_BEST_EFFORT;
        if (c == IO_SCHEDULING_CLASS_IDLE)
                prio = 0; /* the idle class has no levels */
        return ((int) c << IOPRIO_CLASS_SHIFT) | prio;
}

/* RLIMIT_NICE's soft limit as the lowest nice value it permits (20 - rlim). */
static int nice_floor(void) {
        struct rlimit rl;

        if (getrlimit(RLIMIT_NICE, &rl) < 0 || rl.rlim_cur == 0)
                return 19;
        if (rl.rlim_cur >= 40)
                return -20;
        return 20 - (int) rl.rlim_cur;
}

/* 0 when set, 1 when only the closest permitted value could be. */
static int nice_apply(int want, ns_error *err) {
        int current, closest;

        if (setpriority(PRIO_PROCESS, 0, want) >= 0)
                return 0;
        if (!errno_is_privilege(errno))
                return ns_error_set_errno(err, negative_errno(), "Nice %d: setpriority()", want);
        errno = 0;
        current = getpriority(PRIO_PROCESS, 0);
        if (current == -1 && errno != 0)
                return ns_error_set_errno(err, negative_errno(), "Nice %d: getpriority()", want);
        closest = nice_floor();
        if (closest < want)
                closest = want;
        if (closest < current) /* toward the value asked, never away from it */
                if (setpriority(PRIO_PROCESS, 0, closest) < 0)
                        return ns_error_set_errno(
                                err, negative_errno(), "Nice %d: setpriority() to %d", want, closest);
        return 1;
}

static int ioprio_apply(const policy *p, ns_error *err) {
        int v = process_ioprio(p);

        if (v < 0)
                return 0;
        /* Already so (set by the PAM process): realtime would need
         * CAP_SYS_NICE again, even to set what the process has. */
        if (syscall(SYS_ioprio_get, IOPRIO_WHO_PROCESS, 0) == v)
                return 0;
        if (syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0, v) < 0)
                return ns_error_set_errno(err, negative_errno(),
                        "IOSchedulingClass/IOSchedulingPriority: "
                        "ioprio_set(class %d, priority %d)",
                        v >> IOPRIO_CLASS_SHIFT, v & ((1 << IOPRIO_CLASS_SHIFT) - 1));
        return 0;
}

/* The current value, or INT_MIN when it cannot be read. */
static int oom_score_adjust_get(void) {
        _cleanup_close_ int fd = open("/proc/self/oom_score_adj", O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        char buf[16] = {0};
        char *end = NULL;
        long v;

        if (fd < 0 || read(fd, buf, sizeof(buf) - 1) <= 0)
                return INT_MIN;
        v = strtol(buf, &end, 10);
        return end != buf && (*end == '\n' || *end == '\0') ? (int) v : INT_MIN;
}

/* 0 when written (or already so), 1 when refused for lack of privilege: a
 * non-dumpable process (the login-shell stage) cannot even open the file. */
static int oom_score_adjust_apply(int value, ns_error *err) {
        _cleanup_close_ int fd = -1;
        char buf[16];
        int n = snprintf(buf, sizeof(buf), "%d\n", value);

        if (oom_score_adjust_get() == value)
                return 0;
        fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0 && errno_is_privilege(errno))
                return 1;
        if (fd < 0)
                return ns_error_set_errno(
                        err, negative_errno(), "OOMScoreAdjust %d: opening /proc/self/oom_score_adj", value);
        if (write(fd, buf, n) == n)
                return 0;
        if (errno_is_privilege(errno))
                return 1;
        return ns_error_set_errno(
                err, negative_errno(), "OOMScoreAdjust %d: writing /proc/self/oom_score_adj", value);
}

int process_properties_apply(const policy *p, ns_error *err) {
        int r, partial = 0;

        assert(p);

        if (p->umask.set)
                (void) umask((mode_t) p->umask.value & 0777);
        if (p->nice.set) {
                r = nice_apply(p->nice.value, err);
                if (r < 0)
                        return r;
                partial |= r;
        }
        r = ioprio_apply(p, err);
        if (r < 0)
                return r;
        if (p->oom_score_adjust.set) {
                r = oom_score_adjust_apply(p->oom_score_adjust.value, err);
                if (r < 0)
                        return r;
                partial |= r;
        }
        return partial;
}
