/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "policy/policy.h"

#define DEFAULT_CGROUP_ROOT "/sys/fs/cgroup/nsshell.slice"
#define DEFAULT_SHELL "/bin/bash"

int policy_new_default(policy **ret) {
        policy *p = calloc(1, sizeof(*p));

        assert(ret);

        if (!p)
                return -ENOMEM;

        /* Secure by default: a user the policy isolates gets every namespace
         * but user, a private /tmp, no privileges and the default filter. */
        p->isolate = true;
        p->namespaces = NS_DEFAULT;
        p->private_tmp = true;
        p->protect_user_manager = true;
        p->tmpfs_size = (policy_tmpfs_size){.value = 10, .percent = true};
        p->cgroup_limits = CGROUP_LIMITS_REQUIRE;
        p->no_new_privileges = true;
        p->capability_bounding_set = 0;
        p->syscall_filter_default = true;
        p->syscall_error_number = EPERM;
        p->kill_on_logout = true;
        p->timeout_stop_usec = POLICY_TIMEOUT_STOP_DEFAULT_USEC;
        p->cgroup_root = strdup(DEFAULT_CGROUP_ROOT);
        p->shell = strdup(DEFAULT_SHELL);
        if (!p->cgroup_root || !p->shell) {
                policy_free(p);
                return -ENOMEM;
        }
        *ret = p;
        return 0;
}

void policy_free(policy *p) {
        if (!p)
                return;
        free(p->hostname);
        strv_free(p->read_only_paths);
        strv_free(p->read_write_paths);
        strv_free(p->inaccessible_paths);
        for (size_t i = 0; i < p->n_binds; i++) {
                free(p->binds[i].source);
                free(p->binds[i].dest);
        }
        free(p->binds);
        strv_free(p->temporary_filesystems);
        strv_free(p->no_exec_paths);
        strv_free(p->exec_paths);
        free(p->cgroup_root);
        strv_free(p->syscall_filter);
        free(p->shell);
        strv_free(p->environment);
        strv_free(p->pass_environment);
        strv_free(p->unset_environment);
        strv_free(p->environment_files);
        strv_free(p->ip_address_allow);
        strv_free(p->ip_address_deny);
        free(p);
}

bool policy_environment_key_reserved(const char *entry) {
        assert(entry);

        static const char *const identity_keys[] = {"HOME", "USER", "LOGNAME"};
        size_t len = strcspn(entry, "=");

        for (size_t i = 0; i < ELEMENTSOF(identity_keys); i++)
                if (strlen(identity_keys[i]) == len && strncmp(entry, identity_keys[i], len) == 0)
                        return true;
        return false;
}
