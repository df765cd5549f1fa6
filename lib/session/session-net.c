/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <string.h>

#include "net/net-policy.h"
#include "session/session-list.h"
#include "session/session-net.h"

typedef struct records {
        session_entry *l;
        size_t n;
        bool unknown; /* not every record could be read: keep every lease */
} records;

static bool record_alive(const char *id, void *userdata) {
        const records *rs = userdata;

        if (rs->unknown)
                return true;
        /* The lease of a shared environment's network is its builder's
         * (environment.h): alive while any login of the environment is,
         * the builder's gone or not. */
        for (size_t i = 0; i < rs->n; i++)
                if ((strcmp(rs->l[i].record.id, id) == 0 || strcmp(rs->l[i].record.environment, id) == 0) &&
                        rs->l[i].state != SESSION_STATE_STALE)
                        return true;
        return false;
}

static void records_load(int sessions_fd, records *ret) {
        *ret = (records){0};
        if (sessions_fd >= 0 && session_list(sessions_fd, &ret->l, &ret->n, NULL) != 0)
                *ret = (records){.unknown = true};
}

int session_net_check(const policy *p, ns_error *err) {
        assert(p);
        return net_policy_check(p, err);
}

int session_net_open(const policy *p, const ns_saved *saved, int run_fd, int sessions_fd, const char *id,
        net_session **ret, ns_error *err) {
        int host = saved->fd[__builtin_ctz(NS_NET)];
        records rs;
        int r;

        assert(p);
        assert(saved);
        assert(ret);

        *ret = NULL;
        if (net_policy_mode(p) != NETWORK_NAT)
                return 0;
        if (host < 0)
                return ns_error_set(err, -EINVAL, "open session: Network nat without a network namespace");
        records_load(sessions_fd, &rs);
        r = net_session_setup(p, host, run_fd, id, record_alive, &rs, ret, err);
        session_list_free(rs.l, rs.n);
        return r;
}

int session_net_close(net_session **n, ns_error *err) {
        int r;

        assert(n);
        r = net_session_teardown(*n, err);
        if (r < 0)
                return r;
        net_session_free(*n);
        *n = NULL;
        return 0;
}

int session_net_gc(int run_fd, int sessions_fd, unsigned *ret_removed, ns_error *err) {
        records rs;
        int r;

        records_load(sessions_fd, &rs);
        r = net_gc(run_fd, record_alive, &rs, ret_removed, err);
        session_list_free(rs.l, rs.n);
        return r;
}
