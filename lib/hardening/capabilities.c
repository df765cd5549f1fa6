/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdio.h>
#include <sys/prctl.h>

#include "hardening/capabilities.h"

int capabilities_last_cap(void) {
        /* libcap asks the kernel (/proc/sys/kernel/cap_last_cap), so a kernel
         * newer than our headers still gets all of its capabilities dropped. */
        return (int) cap_max_bits() - 1;
}

static const char *cap_display_name(cap_value_t c, char *buf, size_t size) {
        char *name = cap_to_name(c);

        snprintf(buf, size, "%s", name ? name : "?");
        cap_free(name);
        return buf;
}

static int bounding_drop_one(cap_value_t c, ns_error *err) {
        char name[64];
        int r;

        r = prctl(PR_CAPBSET_READ, (unsigned long) c, 0, 0, 0);
        if (r < 0)
                return ns_error_set_errno(err, negative_errno(), "capability bounding set: reading \"%s\"",
                        cap_display_name(c, name, sizeof(name)));
        if (r == 0)
                return 0;
        if (cap_drop_bound(c) < 0)
                return ns_error_set_errno(err, negative_errno(),
                        "capability bounding set: dropping \"%s\" (needs CAP_SETPCAP)",
                        cap_display_name(c, name, sizeof(name)));
        if (prctl(PR_CAPBSET_READ, (unsigned long) c, 0, 0, 0) != 0)
                return ns_error_set(err, -EPERM,
                        "capability bounding set: \"%s\" is still present after dropping it",
                        cap_display_name(c, name, sizeof(name)));
        return 0;
}

int capabilities_drop_bounding(uint64_t keep, ns_error *err) {
        int last = capabilities_last_cap();

        for (int c = 0; c <= last && c < 64; c++) {
                if (keep & (UINT64_C(1) << c))
                        continue;
                int r = bounding_drop_one(c, err);
                if (r < 0)
                        return r;
        }
        return 0;
}

static int flag_is_empty(cap_t caps, cap_flag_t flag) {
        int last = capabilities_last_cap();

        for (int c = 0; c <= last; c++) {
                cap_flag_value_t v = CAP_CLEAR;
                if (cap_get_flag(caps, c, flag, &v) < 0)
                        return negative_errno();
                if (v == CAP_SET)
                        return 0;
        }
        return 1;
}

static int ambient_is_empty(void) {
        int last = capabilities_last_cap();

        for (int c = 0; c <= last; c++) {
                int r = cap_get_ambient(c);
                if (r < 0)
                        return negative_errno();
                if (r > 0)
                        return 0;
        }
        return 1;
}

int capabilities_clear_inheritable_ambient(ns_error *err) {
        _cleanup_cap_free_ cap_t caps = NULL;

        if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0)
                return ns_error_set_errno(err, negative_errno(), "clearing the ambient capability set");
        caps = cap_get_proc();
        if (!caps)
                return ns_error_set_errno(err, negative_errno(), "reading the capability sets");
        if (cap_clear_flag(caps, CAP_INHERITABLE) < 0 || cap_set_proc(caps) < 0)
                return ns_error_set_errno(err, negative_errno(), "clearing the inheritable capability set");

        cap_free(caps);
        caps = cap_get_proc();
        if (!caps)
                return ns_error_set_errno(err, negative_errno(), "reading the capability sets");
        if (flag_is_empty(caps, CAP_INHERITABLE) != 1)
                return ns_error_set(
                        err, -EPERM, "the inheritable capability set is not empty after clearing it");
        if (ambient_is_empty() != 1)
                return ns_error_set(
                        err, -EPERM, "the ambient capability set is not empty after clearing it");
        return 0;
}

int capabilities_verify_none_held(ns_error *err) {
        _cleanup_cap_free_ cap_t caps = cap_get_proc();

        if (!caps)
                return ns_error_set_errno(err, negative_errno(), "reading the capability sets");
        if (flag_is_empty(caps, CAP_PERMITTED) != 1 || flag_is_empty(caps, CAP_EFFECTIVE) != 1)
                return ns_error_set(err, -EPERM,
                        "capabilities are still permitted or effective after the change of user");
        return 0;
}
