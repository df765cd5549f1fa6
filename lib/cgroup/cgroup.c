/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>

#include "cgroup/cgroup-cgroupfs.h"
#include "cgroup/cgroup-systemd.h"
#include "cgroup/cgroup.h"

struct cgroup_session {
        cgroupfs_session *fs; /* one of the two is set */
        cgroup_systemd_session *sd;
};

cgroup_backend cgroup_backend_detect(void) {
        return cgroup_systemd_available() ? CGROUP_BACKEND_SYSTEMD : CGROUP_BACKEND_CGROUPFS;
}

/* The one place a backend is chosen. */
int cgroup_backend_choose(const policy *p, cgroup_backend *ret, ns_error *err) {
        cgroup_backend detected = cgroup_backend_detect();

        assert(p);
        assert(ret);
        if (p->cgroup_backend == CGROUP_BACKEND_AUTO || p->cgroup_backend == detected) {
                *ret = detected;
                return 0;
        }
        if (p->cgroup_backend == CGROUP_BACKEND_CGROUPFS) {
                *ret = CGROUP_BACKEND_CGROUPFS;
                return 0;
        }
        return ns_error_set(
                err, -EOPNOTSUPP, "CgroupBackend systemd: %s", cgroup_systemd_unavailable_reason());
}

int cgroup_session_create(
        const policy *p, uid_t uid, const char *session_id, cgroup_session **ret, ns_error *err) {
        cgroup_backend backend;
        cgroup_session *c;
        int r;

        assert(p);
        assert(session_id);
        assert(ret);
        c = calloc(1, sizeof(*c));
        if (!c)
                return ns_error_set_errno(err, -ENOMEM, "session cgroup");
        r = cgroup_backend_choose(p, &backend, err);
        if (r >= 0 && backend == CGROUP_BACKEND_SYSTEMD)
                r = cgroup_systemd_session_create(p, uid, session_id, &c->sd, err);
        else if (r >= 0)
                r = cgroupfs_session_create(p, uid, session_id, 0, NULL, &c->fs, err);
        if (r < 0) {
                free(c);
                return r;
        }
        *ret = c;
        return 0;
}

int cgroup_session_teardown(cgroup_session *c, uint64_t stop_timeout_usec, ns_error *err) {
        assert(c);
        if (c->sd)
                return cgroup_systemd_session_teardown(c->sd, stop_timeout_usec, err);
        return cgroupfs_session_teardown(c->fs, stop_timeout_usec, err);
}

void cgroup_session_keep_processes(cgroup_session *c) {
        assert(c);
        if (c->sd)
                cgroup_systemd_session_keep_processes(c->sd);
        else
                cgroupfs_session_keep_processes(c->fs);
}

void cgroup_session_sweep_at_teardown(cgroup_session *c) {
        assert(c);
        if (c->fs)
                cgroupfs_session_sweep_at_teardown(c->fs);
}

const char *cgroup_session_path(const cgroup_session *c) {
        assert(c);
        if (c->sd)
                return cgroup_systemd_session_path(c->sd);
        return cgroupfs_session_path(c->fs);
}

const char *cgroup_session_unit(const cgroup_session *c) {
        assert(c);
        if (c->sd)
                return cgroup_systemd_session_unit(c->sd);
        return NULL;
}

const char *cgroup_session_logind_id(const cgroup_session *c) {
        assert(c);
        if (c->sd)
                return cgroup_systemd_session_logind_id(c->sd);
        return NULL;
}

char *const *cgroup_session_unapplied(const cgroup_session *c) {
        assert(c);
        if (c->sd)
                return cgroup_systemd_session_unapplied(c->sd);
        return cgroupfs_session_unapplied(c->fs);
}

char *const *cgroup_session_swept(const cgroup_session *c) {
        assert(c);
        return c->fs ? cgroupfs_session_swept(c->fs) : NULL;
}

void cgroup_session_free(cgroup_session *c) {
        if (!c)
                return;
        cgroupfs_session_free(c->fs);
        cgroup_systemd_session_free(c->sd);
        free(c);
}
