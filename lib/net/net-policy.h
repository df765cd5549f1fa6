/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the network directives of a resolved policy mean (nsshell.conf(5),
 * "Network"): the effective mode, the pool, the prefixes behind
 * IPAddressAllow/IPAddressDeny, and the contradictions refused.
 *
 * Namespaces decides whether the session has a network namespace; Network
 * says what is in it: none and nat need net in Namespaces, host needs it
 * absent. Unset, Network follows Namespaces (none with net, host without).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "basic/error.h"
#include "basic/in-addr-util.h"
#include "policy/policy.h"

/* The built-in NetworkPool: a /16 of 10/8 that common defaults (docker's
 * 172.17/16, libvirt's 192.168.122/24, most LANs' 192.168/16 and 10.0/16)
 * leave alone. */
#define NET_POOL_DEFAULT_ADDR ((10u << 24) | (213u << 16))
#define NET_POOL_DEFAULT_LEN 16

/* The effective mode: never NETWORK_UNSET. */
network_mode net_policy_mode(const policy *p);

/* NetworkPool, or the built-in one. */
void net_policy_pool(const policy *p, in4_prefix *ret);

/* Refuse a Network that contradicts Namespaces, and Network nat in a build
 * without libmnl/libnftables (-EOPNOTSUPP). */
int net_policy_check(const policy *p, ns_error *err);

/* The prefixes a canonical IPAddressAllow/Deny entry (see policy.h) stands
 * for, written into RET (room for 1); -EINVAL for an unknown entry.
 * "localhost" is 127.0.0.0/8, "link-local" 169.254.0.0/16, "multicast"
 * 224.0.0.0/4, "any" 0.0.0.0/0 (the IPv4 halves of systemd's). */
int net_policy_address(const char *entry, in4_prefix *ret);

/* All entries of L (may be NULL) as prefixes, in a new array of *RET_N. */
int net_policy_addresses(char *const *l, in4_prefix **ret, size_t *ret_n);
