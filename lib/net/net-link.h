/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Links, addresses and routes through rtnetlink (libmnl): nsshell's bridge,
 * one veth pair per nat session, the session end's address and default
 * route. No `ip` is run.
 *
 * A net_link is an rtnetlink socket; it acts in the network namespace it was
 * opened in, whatever namespace the caller is in later. Every call needs
 * CAP_NET_ADMIN over that namespace.
 */
#pragma once

#include <stdint.h>

#include "basic/error.h"

typedef struct net_link net_link;

/* Open an rtnetlink socket in the caller's current network namespace. */
int net_link_open(net_link **ret, ns_error *err);
void net_link_free(net_link *l);
static inline void net_link_freep(net_link **l) {
        net_link_free(*l);
}
#define _cleanup_net_link_free_ _cleanup_(net_link_freep)

/* A file descriptor of the network namespace L acts in (SIOCGSKNS), O_CLOEXEC. */
int net_link_netns_fd(net_link *l, int *ret_fd, ns_error *err);

/* The index of link NAME; -ENODEV when there is none. */
int net_link_index(net_link *l, const char *name, int *ret_index, ns_error *err);

/* Create bridge NAME unless it exists, give it ADDR/LEN (host order) unless it
 * has it, and set it up. */
int net_bridge_ensure(net_link *l, const char *name, uint32_t addr, unsigned len, ns_error *err);

/* Create veth pair HOST_NAME (in L's namespace, a port of BRIDGE with port
 * isolation on, up) and PEER_NAME, created directly in the namespace
 * PEER_NETNS_FD. -EEXIST when HOST_NAME exists. */
int net_veth_create(net_link *l, const char *host_name, const char *bridge, const char *peer_name,
        int peer_netns_fd, ns_error *err);

/* Delete link NAME (a veth takes its peer with it); 0 when there was none. */
int net_link_delete(net_link *l, const char *name, ns_error *err);

/* Set link NAME up. */
int net_link_up(net_link *l, const char *name, ns_error *err);

/* Add ADDR/LEN to link NAME. */
int net_addr_add(net_link *l, const char *name, uint32_t addr, unsigned len, ns_error *err);

/* Add the default route via GATEWAY (host order) out of link NAME. */
int net_route_add_default(net_link *l, const char *name, uint32_t gateway, ns_error *err);
