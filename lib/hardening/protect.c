/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <linux/capability.h>
#include <stdbool.h>
#include <stddef.h>

#include "basic/macro.h"
#include "hardening/protect.h"

#define CAP(c) (UINT64_C(1) << (c))

/* One protection: the policy switch, the calls it denies (systemd 252's
 * lists: @raw-io, @module, @clock, syslog, _sysctl) and the capabilities
 * it removes. */
typedef struct protection {
        size_t field; /* offsetof(policy, bool) */
        const char *const *syscalls; /* NULL-terminated */
        uint64_t caps;
} protection;

static const char *const raw_io[] = {
        "ioperm", "iopl", "pciconfig_iobase", "pciconfig_read", "pciconfig_write", NULL};
/* _sysctl: the legacy sysctl(2), which writes what /proc/sys holds read-only */
static const char *const sysctl[] = {"_sysctl", NULL};
static const char *const module[] = {"delete_module", "finit_module", "init_module", NULL};
static const char *const kernel_log[] = {"syslog", NULL};
/* stime: i386's own clock setter, beside systemd's list */
static const char *const clock_set[] = {"adjtimex", "clock_adjtime", "clock_adjtime64", "clock_settime",
        "clock_settime64", "settimeofday", "stime", NULL};

static const protection protections[] = {
        {offsetof(policy, private_devices), raw_io, CAP(CAP_MKNOD) | CAP(CAP_SYS_RAWIO)},
        {offsetof(policy, protect_kernel_tunables), sysctl, 0},
        {offsetof(policy, protect_kernel_modules), module, CAP(CAP_SYS_MODULE)},
        {offsetof(policy, protect_kernel_logs), kernel_log, CAP(CAP_SYSLOG)},
        {offsetof(policy, protect_clock), clock_set, CAP(CAP_SYS_TIME) | CAP(CAP_WAKE_ALARM)},
};

static bool protection_on(const policy *p, const protection *x) {
        return *(const bool *) ((const char *) p + x->field);
}

size_t protect_syscalls(const policy *p, const char *ret[static PROTECT_SYSCALLS_MAX + 1]) {
        size_t n = 0;

        assert(p);
        assert(ret);

        for (size_t i = 0; i < ELEMENTSOF(protections); i++)
                for (const char *const *s = protections[i].syscalls; protection_on(p, &protections[i]) && *s;
                        s++) {
                        assert(n < PROTECT_SYSCALLS_MAX);
                        ret[n++] = *s;
                }
        ret[n] = NULL;
        return n;
}

uint64_t protect_capabilities(const policy *p) {
        uint64_t caps = 0;

        assert(p);

        for (size_t i = 0; i < ELEMENTSOF(protections); i++)
                if (protection_on(p, &protections[i]))
                        caps |= protections[i].caps;
        return caps;
}

uint64_t protect_bounding_set(const policy *p) {
        assert(p);

        return p->capability_bounding_set & ~protect_capabilities(p);
}
