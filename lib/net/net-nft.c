/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "basic/macro.h"
#include "net/libnftables.h"
#include "net/net-lease.h"
#include "net/net-nft.h"

static void ctx_freep(struct nft_ctx **c) {
        if (*c)
                sym_nft_ctx_free(*c);
}

/* Run the nft commands in BUF as one transaction. On failure, the first line
 * of libnftables' message goes into ERR. */
static int run(const char *what, const char *buf, ns_error *err) {
        _cleanup_(ctx_freep) struct nft_ctx *c = NULL;
        const char *msg;
        size_t n;
        int r = libnftables_load(err);

        if (r < 0)
                return r;
        c = sym_nft_ctx_new(NFT_CTX_DEFAULT);
        if (!c)
                return ns_error_set_errno(err, -ENOMEM, "nftables: %s", what);
        if (sym_nft_ctx_buffer_output(c) < 0 || sym_nft_ctx_buffer_error(c) < 0)
                return ns_error_set_errno(err, -ENOMEM, "nftables: %s", what);
        if (sym_nft_run_cmd_from_buffer(c, buf) == 0)
                return 0;
        msg = sym_nft_ctx_get_error_buffer(c);
        msg = msg ? msg : "";
        n = strcspn(msg, "\n");
        return ns_error_set(err, -EIO, "nftables: %s: %.*s", what, (int) n, msg);
}

/* The tables and base chains, rewritten whole (idempotent). */
static void put_base(FILE *f, const in4_prefix *pool) {
        char p[IN4_PREFIX_STRLEN];

        in4_prefix_format(pool, p);
        fprintf(f,
                "add table inet nsshell\n"
                "add map inet nsshell sessions { type ipv4_addr : verdict; }\n"
                "add chain inet nsshell forward { type filter hook forward priority filter; policy accept; "
                "}\n"
                "add chain inet nsshell input { type filter hook input priority filter; policy accept; }\n"
                "add chain inet nsshell output { type filter hook output priority filter; policy accept; }\n"
                "flush chain inet nsshell forward\n"
                "flush chain inet nsshell input\n"
                "flush chain inet nsshell output\n"
                "add rule inet nsshell forward iifname \"%1$s\" oifname \"%1$s\" drop\n"
                "add rule inet nsshell forward iifname \"%1$s\" meta nfproto ipv4 ip saddr vmap @sessions\n"
                "add rule inet nsshell forward iifname \"%1$s\" drop\n"
                "add rule inet nsshell forward oifname \"%1$s\" ct state established,related accept\n"
                "add rule inet nsshell forward oifname \"%1$s\" drop\n"
                "add rule inet nsshell input iifname \"%1$s\" ct state established,related accept\n"
                "add rule inet nsshell input iifname \"%1$s\" drop\n"
                "add rule inet nsshell output oifname \"%1$s\" ct state established,related accept\n"
                "add rule inet nsshell output oifname \"%1$s\" drop\n"
                "add table ip nsshell\n"
                "add chain ip nsshell postrouting { type nat hook postrouting priority srcnat; policy "
                "accept; }\n"
                "flush chain ip nsshell postrouting\n"
                "add rule ip nsshell postrouting ip saddr %2$s oifname != \"%1$s\" masquerade\n"
                "add table bridge nsshell\n"
                "add set bridge nsshell ports { type ifname . ipv4_addr; }\n"
                "add chain bridge nsshell prerouting { type filter hook prerouting priority filter; policy "
                "accept; }\n"
                "flush chain bridge nsshell prerouting\n"
                "add rule bridge nsshell prerouting iifname \"%3$s*\" ether type ip iifname . ip saddr != "
                "@ports drop\n"
                "add rule bridge nsshell prerouting iifname \"%3$s*\" ether type arp iifname . arp saddr ip "
                "!= "
                "@ports drop\n"
                "add rule bridge nsshell prerouting iifname \"%3$s*\" ether type ip6 drop\n",
                NET_BRIDGE_NAME, p, NET_VETH_PREFIX);
}

static void chain_name(uint32_t addr, char buf[static 32]) {
        snprintf(buf, 32, "session-%u-%u-%u-%u", addr >> 24, (addr >> 16) & 0xff, (addr >> 8) & 0xff,
                addr & 0xff);
}

static void put_rules(FILE *f, const char *chain, const in4_prefix *l, size_t n, const char *verdict) {
        char p[IN4_PREFIX_STRLEN];

        for (size_t i = 0; i < n; i++)
                fprintf(f, "add rule inet nsshell %s ip daddr %s %s\n", chain, in4_prefix_format(&l[i], p),
                        verdict);
}

int net_nft_session_add(const in4_prefix *pool, uint32_t addr, const in4_prefix *allow, size_t n_allow,
        const in4_prefix *deny, size_t n_deny, ns_error *err) {
        _cleanup_free_ char *buf = NULL;
        char chain[32], a[16], port[16];
        size_t size = 0;
        FILE *f;

        chain_name(addr, chain);
        in4_addr_format(addr, a);
        net_veth_name(addr, port);
        f = open_memstream(&buf, &size);
        if (!f)
                return ns_error_set_errno(err, -ENOMEM, "nftables: session chain");
        put_base(f, pool);
        fprintf(f, "add chain inet nsshell %s\n", chain);
        put_rules(f, chain, allow, n_allow, "accept");
        put_rules(f, chain, deny, n_deny, "drop");
        fprintf(f, "add rule inet nsshell %s accept\n", chain);
        fprintf(f, "add element inet nsshell sessions { %s : jump %s }\n", a, chain);
        fprintf(f, "add element bridge nsshell ports { \"%s\" . %s }\n", port, a);
        if (fclose(f) != 0)
                return ns_error_set_errno(err, -ENOMEM, "nftables: session chain");
        return run("set up nsshell's tables and the session's rules", buf, err);
}

int net_nft_session_remove(uint32_t addr, ns_error *err) {
        char chain[32], a[16], port[16], buf[512], list[128];

        chain_name(addr, chain);
        in4_addr_format(addr, a);
        net_veth_name(addr, port);
        snprintf(buf, sizeof(buf),
                "delete element inet nsshell sessions { %s }\n"
                "delete element bridge nsshell ports { \"%s\" . %s }\n"
                "flush chain inet nsshell %s\n"
                "delete chain inet nsshell %s\n",
                a, port, a, chain, chain);
        if (run("remove the session's rules", buf, NULL) >= 0)
                return 0;
        /* Added in one transaction, so either all are there or none: gone
         * already unless the chain is still listed; then say why not. */
        snprintf(list, sizeof(list), "list chain inet nsshell %s\n", chain);
        if (run("look for the session's chain", list, NULL) < 0)
                return 0;
        return run("remove the session's rules", buf, err);
}
