/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "basic/lock-file.h"
#include "basic/macro.h"
#include "basic/run-dir.h"
#include "net/net-lease.h"
#include "net/net-link.h"
#include "net/net-nft.h"
#include "net/net-policy.h"
#include "net/net.h"

#define NET_LOCK_NAME "net.lock"
#define NET_PEER_NAME "eth0"
#define IP_FORWARD_PATH "/proc/sys/net/ipv4/ip_forward"

struct net_session {
        int locks_fd; /* NSSHELL_LOCK_DIR */
        int lease_dir_fd; /* NET_LEASE_DIR */
        int lease_fd; /* the lease, locked while the session runs */
        uint32_t addr; /* 0: no lease */
        bool rules, veth; /* made, so the teardown removes them */
        dev_t host_dev; /* the host's network namespace, which the teardown must run in */
        ino_t host_ino;
};

bool net_available(void) {
        return true;
}

uint32_t net_session_address(const net_session *n) {
        assert(n);
        return n->addr;
}

static int lock_take(int locks_fd, int *ret_fd, ns_error *err) {
        return lock_file_take(locks_fd, NSSHELL_LOCK_DIR, NET_LOCK_NAME, LOCK_TIMEOUT_MS, ret_fd, err);
}

/* Remove what is there of the network of the session at ADDR, under the lock. */
static int remove_locked(int lease_dir_fd, uint32_t addr, bool rules, bool veth, ns_error *err) {
        _cleanup_net_link_free_ net_link *l = NULL;
        char name[16];
        int r = 0, k;

        if (rules)
                r = net_nft_session_remove(addr, err);
        if (veth) {
                net_veth_name(addr, name);
                k = net_link_open(&l, err);
                if (k >= 0)
                        k = net_link_delete(l, name, err);
                if (k < 0 && r == 0)
                        r = k;
        }
        /* the lease last: its address is free only when nothing uses it */
        if (r == 0)
                r = net_lease_release(lease_dir_fd, addr, err);
        return r;
}

static int gc_locked(
        int lease_dir_fd, net_session_alive_fn alive, void *userdata, unsigned *ret_removed, ns_error *err) {
        _cleanup_free_ net_lease *l = NULL;
        unsigned removed = 0;
        size_t n = 0;
        int r = net_lease_list(lease_dir_fd, &l, &n, err);

        if (r < 0)
                return r;
        for (size_t i = 0; i < n; i++) {
                if (l[i].held || (l[i].id[0] && alive && alive(l[i].id, userdata)))
                        continue;
                if (remove_locked(lease_dir_fd, l[i].addr, true, true, err) >= 0)
                        removed++;
        }
        if (ret_removed)
                *ret_removed = removed;
        return 0;
}

int net_gc(int run_fd, net_session_alive_fn alive, void *userdata, unsigned *ret_removed, ns_error *err) {
        _cleanup_close_ int locks = -EBADF, lock = -EBADF, dir = -EBADF;
        int r;

        r = run_dir_open_locks(run_fd, &locks, err);
        if (r >= 0)
                r = lock_take(locks, &lock, err);
        if (r >= 0)
                r = net_lease_dir_open(run_fd, &dir, err);
        if (r >= 0)
                r = gc_locked(dir, alive, userdata, ret_removed, err);
        return r;
}

/* net.ipv4.ip_forward=1 in the caller's network namespace, unless it is. */
static int ip_forward_enable(ns_error *err) {
        _cleanup_close_ int fd = open(IP_FORWARD_PATH, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
        char c = 0;

        if (fd < 0 || pread(fd, &c, 1, 0) < 0)
                return ns_error_set_errno(err, negative_errno(), "network: read %s", IP_FORWARD_PATH);
        if (c == '1')
                return 0;
        if (pwrite(fd, "1\n", 2, 0) != 2)
                return ns_error_set_errno(err, negative_errno(), "network: write 1 to %s", IP_FORWARD_PATH);
        return 0;
}

static int rules_add(net_session *n, const policy *p, const in4_prefix *pool, ns_error *err) {
        _cleanup_free_ in4_prefix *allow = NULL, *deny = NULL;
        size_t n_allow = 0, n_deny = 0;
        int r;

        if (net_policy_addresses(p->ip_address_allow, &allow, &n_allow) < 0 ||
                net_policy_addresses(p->ip_address_deny, &deny, &n_deny) < 0)
                return ns_error_set(err, -EINVAL, "network: IPAddressAllow/IPAddressDeny");
        r = net_nft_session_add(pool, n->addr, allow, n_allow, deny, n_deny, err);
        n->rules = r >= 0;
        return r;
}

/* The session end: its address, up, the default route via the bridge. */
static int peer_configure(
        net_link *sess, uint32_t addr, const in4_prefix *pool, uint32_t gateway, ns_error *err) {
        int r = net_addr_add(sess, NET_PEER_NAME, addr, pool->len, err);

        if (r >= 0)
                r = net_link_up(sess, NET_PEER_NAME, err);
        if (r >= 0)
                r = net_route_add_default(sess, NET_PEER_NAME, gateway, err);
        return r;
}

/* In the host's network namespace, under the lock. */
static int setup_locked(net_session *n, const policy *p, net_link *sess, int sess_netns_fd, const char *id,
        net_session_alive_fn alive, void *userdata, ns_error *err) {
        _cleanup_net_link_free_ net_link *host = NULL;
        uint32_t gateway;
        in4_prefix pool;
        char name[16];
        int r;

        net_policy_pool(p, &pool);
        if (net_pool_hosts(&pool, &gateway, NULL, NULL) < 0)
                return ns_error_set(err, -EINVAL, "network: NetworkPool is not a /8 to /30 prefix");
        (void) gc_locked(n->lease_dir_fd, alive, userdata, NULL, NULL);
        r = net_lease_take(n->lease_dir_fd, &pool, id, &n->addr, &n->lease_fd, err);
        if (r >= 0)
                r = net_link_open(&host, err);
        if (r >= 0)
                r = net_bridge_ensure(host, NET_BRIDGE_NAME, gateway, pool.len, err);
        if (r >= 0)
                r = ip_forward_enable(err);
        if (r >= 0) {
                net_veth_name(n->addr, name);
                r = net_veth_create(host, name, NET_BRIDGE_NAME, NET_PEER_NAME, sess_netns_fd, err);
                n->veth = r >= 0;
        }
        if (r >= 0)
                r = rules_add(n, p, &pool, err);
        if (r >= 0)
                r = peer_configure(sess, n->addr, &pool, gateway, err);
        return r;
}

static net_session *session_new(void) {
        net_session *n = calloc(1, sizeof(*n));

        if (n)
                n->locks_fd = n->lease_dir_fd = n->lease_fd = -EBADF;
        return n;
}

/* Open the session's own rtnetlink socket and an fd of its namespace, then
 * go to the host's network namespace. */
static int enter_host(int host_netns_fd, net_link **ret_sess, int *ret_sess_netns_fd, ns_error *err) {
        _cleanup_net_link_free_ net_link *sess = NULL;
        _cleanup_close_ int fd = -EBADF;
        int r = net_link_open(&sess, err);

        if (r >= 0)
                r = net_link_netns_fd(sess, &fd, err);
        if (r < 0)
                return r;
        if (setns(host_netns_fd, CLONE_NEWNET) < 0)
                return ns_error_set_errno(
                        err, negative_errno(), "network: enter the host's network namespace");
        *ret_sess = TAKE_PTR(sess);
        *ret_sess_netns_fd = TAKE_FD(fd);
        return 0;
}

static int record_host(net_session *n, int host_netns_fd, ns_error *err) {
        struct stat st;

        if (fstat(host_netns_fd, &st) < 0)
                return ns_error_set_errno(err, negative_errno(), "network: the host's network namespace");
        n->host_dev = st.st_dev;
        n->host_ino = st.st_ino;
        return 0;
}

/* Whether the caller is in the host's network namespace: a teardown from
 * anywhere else would find no veth and no rules and free a lease in use. */
static int check_in_host(const net_session *n, ns_error *err) {
        _cleanup_net_link_free_ net_link *l = NULL;
        _cleanup_close_ int fd = -EBADF;
        struct stat st;
        int r = net_link_open(&l, err);

        if (r >= 0)
                r = net_link_netns_fd(l, &fd, err);
        if (r < 0)
                return r;
        if (fstat(fd, &st) < 0)
                return ns_error_set_errno(err, negative_errno(), "network: the caller's network namespace");
        if (st.st_dev != n->host_dev || st.st_ino != n->host_ino)
                return ns_error_set(err, -EINVAL,
                        "network: tear down: the caller is not in the host's network namespace");
        return 0;
}

int net_session_setup(const policy *p, int host_netns_fd, int run_fd, const char *id,
        net_session_alive_fn alive, void *userdata, net_session **ret, ns_error *err) {
        _cleanup_net_link_free_ net_link *sess = NULL;
        _cleanup_close_ int sess_netns_fd = -EBADF, lock = -EBADF;
        net_session *n;
        int r, k;

        assert(p);
        assert(id);
        assert(ret);

        n = session_new();
        if (!n)
                return ns_error_set_errno(err, -ENOMEM, "network");
        r = record_host(n, host_netns_fd, err);
        if (r >= 0)
                r = run_dir_open_locks(run_fd, &n->locks_fd, err);
        if (r >= 0)
                r = net_lease_dir_open(run_fd, &n->lease_dir_fd, err);
        if (r >= 0)
                r = enter_host(host_netns_fd, &sess, &sess_netns_fd, err);
        if (r < 0) {
                net_session_free(n);
                return r;
        }
        r = lock_take(n->locks_fd, &lock, err);
        if (r >= 0)
                r = setup_locked(n, p, sess, sess_netns_fd, id, alive, userdata, err);
        if (r < 0 && n->addr)
                (void) remove_locked(n->lease_dir_fd, n->addr, n->rules, n->veth, NULL);
        /* back to the session's namespace, whatever happened */
        k = setns(sess_netns_fd, CLONE_NEWNET) < 0 ? negative_errno() : 0;
        if (k < 0 && r >= 0) {
                (void) remove_locked(n->lease_dir_fd, n->addr, n->rules, n->veth, NULL);
                r = ns_error_set_errno(err, k, "network: return to the session's network namespace");
        }
        if (r < 0) {
                net_session_free(n);
                return r;
        }
        *ret = n;
        return 0;
}

int net_session_teardown(net_session *n, ns_error *err) {
        _cleanup_close_ int lock = -EBADF;
        int r;

        if (!n || !n->addr)
                return 0;
        r = check_in_host(n, err);
        if (r >= 0)
                r = lock_take(n->locks_fd, &lock, err);
        if (r < 0)
                return r;
        r = remove_locked(n->lease_dir_fd, n->addr, n->rules, n->veth, err);
        if (r < 0)
                return r;
        n->addr = 0;
        n->lease_fd = safe_close(n->lease_fd);
        return 0;
}

void net_session_free(net_session *n) {
        if (!n)
                return;
        safe_close(n->locks_fd);
        safe_close(n->lease_dir_fd);
        safe_close(n->lease_fd);
        free(n);
}
