/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Address leases of nat sessions: one file per address taken, in
 * NET_LEASE_DIR (root 0700), named by the address ("10.213.0.5"), created
 * with O_EXCL so that two logins never get the same address, holding the
 * session id. The session's opener keeps the file open with flock(LOCK_EX)
 * while it runs; a lease whose lock is free and whose session is gone is
 * stale (net.h, net_gc()).
 *
 * The pool: its first address is the bridge's (the sessions' gateway), the
 * last is the broadcast address; the ones between are the sessions'.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "basic/error.h"
#include "basic/in-addr-util.h"
#include "basic/run-dir.h"
#include "basic/session-id.h"

#define NET_LEASE_DIR NSSHELL_RUN_DIR "/net"

typedef struct net_lease {
        uint32_t addr; /* host order */
        char id[SESSION_ID_LEN + 1]; /* "" when the file holds no valid id */
        bool held; /* its opener still holds the lock */
} net_lease;

/* The host end of the veth pair of the session at ADDR: "nsv" and ADDR in
 * hex (no two leases share it). */
#define NET_VETH_PREFIX "nsv"
void net_veth_name(uint32_t addr, char buf[static 16]);

/* The gateway (the bridge's address) and the range of session addresses of
 * POOL (len 8..30), host order. -EINVAL for a prefix outside that range. */
int net_pool_hosts(const in4_prefix *pool, uint32_t *ret_gateway, uint32_t *ret_first, uint32_t *ret_last);

/* Open (creating it) NET_LEASE_DIR below RUN_FD, root-owned 0700. */
int net_lease_dir_open(int run_fd, int *ret_fd, ns_error *err);

/* Take the lowest free address of POOL for session ID: create its file in
 * DIRFD, write ID, lock it. *RET_FD keeps the lock (close it to let the lease
 * go stale, net_lease_release() to remove it). -EADDRNOTAVAIL when the pool
 * is exhausted. Callers serialise against net_gc() (net.c holds a lock). */
int net_lease_take(
        int dirfd, const in4_prefix *pool, const char *id, uint32_t *ret_addr, int *ret_fd, ns_error *err);

/* Remove the lease of ADDR; 0 when there was none. */
int net_lease_release(int dirfd, uint32_t addr, ns_error *err);

/* Every lease in DIRFD (files that do not name an address are skipped). */
int net_lease_list(int dirfd, net_lease **ret, size_t *ret_n, ns_error *err);
