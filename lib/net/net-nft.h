/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nsshell's own nftables tables, through libnftables (no `nft` is run):
 *
 *   table inet nsshell   filter: what enters and leaves the bridge
 *     map sessions       session address -> jump to its chain
 *     chain forward      bridge to bridge: drop (tenants never reach each
 *                        other); from the bridge: the source address's
 *                        session chain, unknown sources dropped; to the
 *                        bridge: only replies (established, related)
 *     chain input        from the bridge to the host itself: only replies
 *     chain output       from the host to the bridge: only replies
 *     chain session-A-B-C-D   IPAddressAllow (accept), IPAddressDeny (drop),
 *                        then accept, as systemd decides
 *   table ip nsshell
 *     chain postrouting  source NAT (masquerade) of the pool out of any
 *                        link but the bridge
 *   table bridge nsshell anti-spoofing on the bridge's session ports
 *     set ports          veth host end . the session's address
 *     chain prerouting   IPv4 and ARP from a session port only with the
 *                        port's own address, no IPv6
 *
 * No other table is read or written. The base chains are rewritten whole at
 * each nat session setup, in the transaction that adds the session's chain
 * and elements (one libnftables context: closing its socket costs ~10 ms);
 * they are removed one session at a time. Acts in the caller's network
 * namespace at the time of each call; needs CAP_NET_ADMIN there.
 */
#pragma once

#include <stdint.h>

#include "basic/error.h"
#include "basic/in-addr-util.h"

/* The name of nsshell's bridge; the rules refer to it. */
#define NET_BRIDGE_NAME "nsshell0"

/* In one transaction: create or rewrite the tables and base chains for POOL
 * (idempotent), and add the chain, map and port elements of the session at
 * ADDR (host order, its veth named by net_veth_name()):
 * destinations in ALLOW (N_ALLOW prefixes) accepted, then those in DENY
 * dropped, then the rest accepted. */
int net_nft_session_add(const in4_prefix *pool, uint32_t addr, const in4_prefix *allow, size_t n_allow,
        const in4_prefix *deny, size_t n_deny, ns_error *err);

/* Remove the session's chain and elements; 0 when they were not there. */
int net_nft_session_remove(uint32_t addr, ns_error *err);
