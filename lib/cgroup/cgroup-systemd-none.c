/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* cgroup-systemd.h for a build without libsystemd (./configure
 * --without-systemd): the backend is never available, and CgroupBackend
 * systemd refuses the session with the reason below. */
#include <errno.h>

#include "cgroup/cgroup-systemd.h"

bool cgroup_systemd_available(void) {
        return false;
}

const char *cgroup_systemd_unavailable_reason(void) {
        return "nsshell was built without libsystemd";
}

int cgroup_systemd_session_create(
        const policy *p, uid_t uid, const char *session_id, cgroup_systemd_session **ret, ns_error *err) {
        return ns_error_set(
                err, -EOPNOTSUPP, "session cgroup (systemd): %s", cgroup_systemd_unavailable_reason());
}

void cgroup_systemd_session_keep_processes(cgroup_systemd_session *c) {
}

int cgroup_systemd_session_teardown(cgroup_systemd_session *c, uint64_t stop_timeout_usec, ns_error *err) {
        return -EOPNOTSUPP;
}

const char *cgroup_systemd_session_path(const cgroup_systemd_session *c) {
        return NULL;
}

const char *cgroup_systemd_session_unit(const cgroup_systemd_session *c) {
        return NULL;
}

const char *cgroup_systemd_session_logind_id(const cgroup_systemd_session *c) {
        return NULL;
}

char *const *cgroup_systemd_session_unapplied(const cgroup_systemd_session *c) {
        return NULL;
}

void cgroup_systemd_session_free(cgroup_systemd_session *c) {
}
