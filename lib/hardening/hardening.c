/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <errno.h>
#include <string.h>
#include <sys/prctl.h>

#include "basic/strv.h"

#include "hardening/capabilities.h"
#include "hardening/credentials.h"
#include "hardening/protect.h"
#include "hardening/hardening.h"
#include "hardening/process.h"
#include "hardening/rlimits.h"
#include "hardening/seccomp-filter.h"
#include "hardening/userns.h"
#include "policy/syscall-groups.h"

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
        r = process_properties_apply(p, err);
        if (r < 0)
                return r;
        r = capabilities_drop_bounding(protect_bounding_set(p), err);
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
        r = process_properties_apply(p, err);
        if (r < 0)
                return r;
        if (p->namespaces & NS_USER) {
                r = userns_enter_as_self(protect_bounding_set(p), err);
                if (r < 0)
                        return r;
        }
        return hardening_seal(p, err);
}

int hardening_apply_pam_process(const policy *p, ns_error *err) {
        policy_rlimit rl[POLICY_RLIMIT_MAX];
        int r;

        assert(p);

        memcpy(rl, p->rlimits, sizeof(rl));
        rl[RLIMIT_FSIZE].set = false;
        r = rlimits_apply(rl, err);
        if (r < 0)
                return r;
        r = capabilities_drop_bounding(protect_bounding_set(p), err);
        if (r < 0)
                return r;
        if (p->no_new_privileges) {
                r = no_new_privileges_set(err);
                if (r < 0)
                        return r;
        }
        return seccomp_filter_apply_pam(p, err);
}

/* "SystemCallFilter @nsshell-default", then the names of its entries the PAM
 * process's filter leaves out. */
static char *unenforced_default_filter(void) {
        const seccomp_default_entry *l = NULL;
        int n = seccomp_default_deny_list(&l);
        _cleanup_strv_free_ char **names = NULL;
        _cleanup_free_ char *joined = NULL;
        char *text = NULL;

        for (int i = 0; i < n; i++)
                if (!l[i].pam_process && strv_extend(&names, l[i].name) < 0)
                        return NULL;
        joined = strv_join(names, " ");
        if (!joined || asprintf(&text, "SystemCallFilter " SYSCALL_SET_NSSHELL_DEFAULT " (%s)", joined) < 0)
                return NULL;
        return text;
}

/* The policy's own SystemCallFilter in one line: an allow-list's size, or
 * "~" and a deny-list's calls, its groups resolved ("~@obsolete" alone is 30
 * calls: a line per call would flood the log at every login). */
static char *filter_summary(const syscall_set *set) {
        _cleanup_strv_free_ char **names = NULL;
        _cleanup_free_ char *joined = NULL;
        char *text = NULL;

        if (set->allow_list)
                return asprintf(&text, "SystemCallFilter (an allow-list of %zu calls)", set->n_rules) < 0
                        ? NULL
                        : text;
        for (size_t i = 0; i < set->n_rules; i++)
                if (strv_extend(&names, set->rules[i].name) < 0)
                        return NULL;
        joined = strv_join(names, " ");
        if (!joined || asprintf(&text, "SystemCallFilter ~%s", joined) < 0)
                return NULL;
        return text;
}

static int policy_filter_unenforced(const policy *p, char ***l) {
        syscall_set set = {};
        int r = syscall_set_resolve(p->syscall_filter, &set);

        if (r >= 0 && set.n_rules > 0) {
                char *text = filter_summary(&set);
                r = text ? strv_push(l, text) : -ENOMEM;
        }
        syscall_set_done(&set);
        return r;
}

int hardening_pam_unenforced(const policy *p, char ***ret) {
        _cleanup_strv_free_ char **l = NULL;
        int r = 0;

        assert(p);
        assert(ret);

        if (p->namespaces & NS_USER)
                r = strv_extend(&l, "Namespaces user");
        if (r >= 0 && p->syscall_filter_default) {
                char *text = unenforced_default_filter();
                r = text ? strv_push(&l, text) : -ENOMEM;
        }
        if (r >= 0)
                r = policy_filter_unenforced(p, &l);
        if (r >= 0 && p->rlimits[RLIMIT_FSIZE].set)
                r = strv_extend(&l, "LimitFSIZE");
        /* The environment of a PAM-only session is the application's and PAM's. */
        if (r >= 0 && p->pass_environment)
                r = strv_extend(&l, "PassEnvironment");
        if (r >= 0 && p->unset_environment)
                r = strv_extend(&l, "UnsetEnvironment");
        if (r >= 0 && p->environment_files)
                r = strv_extend(&l, "EnvironmentFile");
        /* systemd's other filter-based restrictions: the login-shell stage only
         * (the PAM application and the modules closing after pam_nsshell may
         * need namespaces, any socket family, setuid files...) */
        if (r >= 0 && p->restrict_namespaces_set && p->restrict_namespaces != (NS_DEFAULT | NS_USER))
                r = strv_extend(&l, "RestrictNamespaces");
        if (r >= 0 && p->address_families_set && (p->address_families_allow_list || p->address_families))
                r = strv_extend(&l, "RestrictAddressFamilies");
        if (r >= 0 && p->restrict_suid_sgid)
                r = strv_extend(&l, "RestrictSUIDSGID");
        if (r >= 0 && p->lock_personality)
                r = strv_extend(&l, "LockPersonality");
        if (r >= 0 && p->memory_deny_write_execute)
                r = strv_extend(&l, "MemoryDenyWriteExecute");
        if (r >= 0 && p->restrict_realtime)
                r = strv_extend(&l, "RestrictRealtime");
        if (r < 0)
                return r;
        *ret = TAKE_PTR(l);
        return 0;
}
