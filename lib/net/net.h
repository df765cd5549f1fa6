/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The tenant network of one session (Network nat, nsshell.conf(5)), as the
 * session engine uses it:
 *
 *   net_session_setup()     in the caller, root, single-threaded, right
 *                           after it unshared its network namespace (it is
 *                           in the session's one): under the lock
 *                           NSSHELL_LOCK_DIR/net.lock, removes stale leases
 *                           (net_gc()), takes an address lease, and from the
 *                           host's network namespace (HOST_NETNS_FD; the
 *                           caller returns to the session's before the call
 *                           returns) makes sure of the bridge NET_BRIDGE_NAME,
 *                           IPv4 forwarding and nsshell's nftables tables,
 *                           creates the veth pair (the peer, "eth0", directly
 *                           in the session's namespace, which also gets the
 *                           address and the default route) and the session's
 *                           rules.
 *   net_session_teardown()  in the host's network namespace (refused with
 *                           -EINVAL anywhere else): removes the rules, the
 *                           veth pair and the lease.
 *
 * IPv4 forwarding (net.ipv4.ip_forward) is switched on at the first nat
 * session and never switched off by nsshell. A failure in setup undoes what
 * it did. Without libmnl and libnftables (net-none.c), setup fails with
 * -EOPNOTSUPP and net_available() is false.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "basic/error.h"
#include "policy/policy.h"

typedef struct net_session net_session;

/* Whether this build has Network nat. */
bool net_available(void);

/* Whether the session ID still runs (net_gc() keeps its lease). */
typedef bool (*net_session_alive_fn)(const char *id, void *userdata);

/* See above. RUN_FD: NSSHELL_RUN_DIR. ALIVE/USERDATA judge other sessions'
 * leases. *RET owns the lease lock; free it after the teardown. */
int net_session_setup(const policy *p, int host_netns_fd, int run_fd, const char *id,
        net_session_alive_fn alive, void *userdata, net_session **ret, ns_error *err);

/* See above; NULL is a no-op. After a failure it may be called again. */
int net_session_teardown(net_session *n, ns_error *err);
void net_session_free(net_session *n);

/* The session's address (host order). */
uint32_t net_session_address(const net_session *n);

/*
 * In the host's network namespace: remove the leases (with their rules and
 * veth) whose opener is gone (the lease file's lock is free) and whose
 * session ALIVE says is not running: what a killed caller left. Takes
 * NSSHELL_LOCK_DIR/net.lock. *RET_REMOVED (may be NULL) counts them.
 */
int net_gc(int run_fd, net_session_alive_fn alive, void *userdata, unsigned *ret_removed, ns_error *err);
