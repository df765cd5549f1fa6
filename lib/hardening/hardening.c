/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <errno.h>
#include <sys/prctl.h>

#include "hardening/capabilities.h"
#include "hardening/credentials.h"
#include "hardening/hardening.h"
#include "hardening/rlimits.h"
#include "hardening/seccomp-filter.h"
#include "hardening/userns.h"

static int no_new_privileges_set(ns_error *err) {
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
                return ns_error_set_errno(
                        err, negative_errno(), "NoNewPrivileges: setting PR_SET_NO_NEW_PRIVS");
        if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
                return ns_error_set(err, -EPERM, "NoNewPrivileges: the flag is not set after setting it");
        return 0;
}

/* The last two steps of both entry points: after them the process can gain
 * no privilege, and the filter needs none to be installed. */
static int hardening_seal(const policy *p, ns_error *err) {
        if (p->no_new_privileges) {
                int r = no_new_privileges_set(err);
                if (r < 0)
                        return r;
        }
        return seccomp_filter_apply(p, err);
}

int hardening_become_user(const policy *p, const user_context *u, ns_error *err) {
        int r;

        assert(p);
        assert(u);

        r = rlimits_apply(p->rlimits, err);
        if (r < 0)
                return r;
        r = capabilities_drop_bounding(p->capability_bounding_set, err);
        if (r < 0)
                return r;
        r = credentials_become_user(u, err);
        if (r < 0)
                return r;
        r = capabilities_clear_inheritable_ambient(err);
        if (r < 0)
                return r;
        return hardening_seal(p, err);
}

int hardening_apply_unprivileged(const policy *p, ns_error *err) {
        int r;

        assert(p);

        r = capabilities_clear_inheritable_ambient(err);
        if (r < 0)
                return r;
        r = rlimits_apply(p->rlimits, err);
        if (r < 0)
                return r;
        if (p->namespaces & NS_USER) {
                r = userns_enter_as_self(p->capability_bounding_set, err);
                if (r < 0)
                        return r;
        }
        return hardening_seal(p, err);
}
