/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "basic/strv.h"
#include "net/net-policy.h"
#include "net/net.h"

network_mode net_policy_mode(const policy *p) {
        assert(p);

        if (p->network != NETWORK_UNSET)
                return p->network;
        return (p->namespaces & NS_NET) ? NETWORK_NONE : NETWORK_HOST;
}

void net_policy_pool(const policy *p, in4_prefix *ret) {
        assert(p);
        assert(ret);

        if (p->network_pool.len == 0)
                *ret = (in4_prefix){.addr = NET_POOL_DEFAULT_ADDR, .len = NET_POOL_DEFAULT_LEN};
        else
                *ret = (in4_prefix){.addr = p->network_pool.addr, .len = p->network_pool.len};
}

int net_policy_check(const policy *p, ns_error *err) {
        bool net = p->namespaces & NS_NET;

        assert(p);

        if ((p->network == NETWORK_NONE || p->network == NETWORK_NAT) && !net)
                return ns_error_set(err, -EINVAL, "open session: Network %s needs Namespaces to include net",
                        p->network == NETWORK_NAT ? "nat" : "none");
        if (p->network == NETWORK_HOST && net)
                return ns_error_set(err, -EINVAL,
                        "open session: Network host contradicts net in Namespaces (leave net out of "
                        "Namespaces for the host's network)");
        if (p->network == NETWORK_NAT && !net_available())
                return ns_error_set(err, -EOPNOTSUPP,
                        "open session: Network nat: this nsshell was built without libmnl and libnftables "
                        "(configure --with-network)");
        return 0;
}

static const struct {
        const char *name;
        uint32_t addr;
        unsigned len;
} symbols[] = {
        {"any", 0, 0},
        {"localhost", 127u << 24, 8},
        {"link-local", (169u << 24) | (254u << 16), 16},
        {"multicast", 224u << 24, 4},
};

int net_policy_address(const char *entry, in4_prefix *ret) {
        assert(entry);
        assert(ret);

        for (size_t i = 0; i < sizeof(symbols) / sizeof(symbols[0]); i++)
                if (strcmp(symbols[i].name, entry) == 0) {
                        *ret = (in4_prefix){.addr = symbols[i].addr, .len = symbols[i].len};
                        return 0;
                }
        return in4_prefix_parse(entry, ret);
}

int net_policy_addresses(char *const *l, in4_prefix **ret, size_t *ret_n) {
        size_t n = strv_length(l);
        in4_prefix *a = calloc(n ? n : 1, sizeof(*a));

        assert(ret);
        assert(ret_n);
        if (!a)
                return -ENOMEM;
        for (size_t i = 0; i < n; i++)
                if (net_policy_address(l[i], &a[i]) < 0) {
                        free(a);
                        return -EINVAL;
                }
        *ret = a;
        *ret_n = n;
        return 0;
}
