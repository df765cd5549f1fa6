/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* net.h in a build without libmnl and libnftables: Network nat is refused. */
#include <errno.h>

#include "net/net.h"

bool net_available(void) {
        return false;
}

int net_session_setup(const policy *p, int host_netns_fd, int run_fd, const char *id,
        net_session_alive_fn alive, void *userdata, net_session **ret, ns_error *err) {
        return ns_error_set(err, -EOPNOTSUPP,
                "open session: Network nat: this nsshell was built without libmnl and libnftables");
}

int net_session_teardown(net_session *n, ns_error *err) {
        return 0;
}

void net_session_free(net_session *n) {
}

uint32_t net_session_address(const net_session *n) {
        return 0;
}

int net_gc(int run_fd, net_session_alive_fn alive, void *userdata, unsigned *ret_removed, ns_error *err) {
        if (ret_removed)
                *ret_removed = 0;
        return 0;
}
