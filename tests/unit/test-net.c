/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* lib/basic/in-addr-util.c, lib/net/net-policy.c and the address pool of
 * lib/net/net-lease.c. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include <cmocka.h>

#include "basic/in-addr-util.h"
#include "basic/macro.h"
#include "net/net-lease.h"
#include "net/net-policy.h"
#include "net/net.h"

static const struct {
        const char *in;
        const char *out; /* NULL: refused */
} prefixes[] = {
        {"10.213.0.0/16", "10.213.0.0/16"},
        {"10.213.7.9/16", "10.213.0.0/16"},
        {"198.51.100.7", "198.51.100.7/32"},
        {"0.0.0.0/0", "0.0.0.0/0"},
        {"255.255.255.255/32", "255.255.255.255/32"},
        {"1.2.3.4/1", "0.0.0.0/1"},
        {"", NULL},
        {"/8", NULL},
        {"10.0.0.0/", NULL},
        {"10.0.0.0/33", NULL},
        {"10.0.0.0/08", NULL},
        {"10.0.0.0/-1", NULL},
        {"10.0.0.0/8/8", NULL},
        {"10.0.0", NULL},
        {"10.0.0.256", NULL},
        {" 10.0.0.1", NULL},
        {"10.0.0.1 ", NULL},
        {"::1", NULL},
        {"fe80::/10", NULL},
        {"localhost", NULL},
};

static void test_prefix_parse(void **state) {
        for (size_t i = 0; i < ELEMENTSOF(prefixes); i++) {
                char buf[IN4_PREFIX_STRLEN];
                in4_prefix p;
                int r = in4_prefix_parse(prefixes[i].in, &p);

                print_message("prefix: \"%s\"\n", prefixes[i].in);
                if (!prefixes[i].out) {
                        assert_int_equal(r, -EINVAL);
                        continue;
                }
                assert_int_equal(r, 0);
                assert_string_equal(in4_prefix_format(&p, buf), prefixes[i].out);
        }
}

static void test_policy_address(void **state) {
        static const struct {
                const char *entry;
                uint32_t addr;
                unsigned len;
        } rows[] = {
                {"any", 0, 0},
                {"localhost", 0x7f000000, 8},
                {"link-local", 0xa9fe0000, 16},
                {"multicast", 0xe0000000, 4},
                {"203.0.113.0/24", 0xcb007100, 24},
        };
        in4_prefix p;

        for (size_t i = 0; i < ELEMENTSOF(rows); i++) {
                assert_int_equal(net_policy_address(rows[i].entry, &p), 0);
                assert_int_equal(p.addr, rows[i].addr);
                assert_int_equal(p.len, rows[i].len);
        }
        assert_int_equal(net_policy_address("nowhere", &p), -EINVAL);
}

/* Network against Namespaces: none and nat need net, host needs it absent. */
static void test_policy_mode_and_check(void **state) {
        static const struct {
                network_mode network;
                unsigned namespaces;
                network_mode effective;
                int check;
        } rows[] = {
                {NETWORK_UNSET, NS_DEFAULT, NETWORK_NONE, 0},
                {NETWORK_UNSET, NS_MOUNT, NETWORK_HOST, 0},
                {NETWORK_NONE, NS_DEFAULT, NETWORK_NONE, 0},
                {NETWORK_NONE, NS_MOUNT, NETWORK_NONE, -EINVAL},
                {NETWORK_NAT, NS_MOUNT | NS_NET, NETWORK_NAT, 0},
                {NETWORK_NAT, NS_MOUNT | NS_PID, NETWORK_NAT, -EINVAL},
                {NETWORK_HOST, NS_MOUNT, NETWORK_HOST, 0},
                {NETWORK_HOST, NS_DEFAULT, NETWORK_HOST, -EINVAL},
        };

        for (size_t i = 0; i < ELEMENTSOF(rows); i++) {
                _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
                policy p = {.network = rows[i].network, .namespaces = rows[i].namespaces};
                int expect = rows[i].check;

                print_message("row %zu\n", i);
                if (expect == 0 && rows[i].network == NETWORK_NAT && !net_available())
                        expect = -EOPNOTSUPP;
                assert_int_equal(net_policy_mode(&p), rows[i].effective);
                assert_int_equal(net_policy_check(&p, &err), expect);
        }
}

static void test_pool_hosts(void **state) {
        in4_prefix pool = {.addr = 0x0ad50000, .len = 16}, small = {.addr = 0xc0a84d00, .len = 30};
        uint32_t gw, first, last;

        assert_int_equal(net_pool_hosts(&pool, &gw, &first, &last), 0);
        assert_int_equal(gw, 0x0ad50001);
        assert_int_equal(first, 0x0ad50002);
        assert_int_equal(last, 0x0ad5fffe);
        assert_int_equal(net_pool_hosts(&small, &gw, &first, &last), 0);
        assert_int_equal(first, 0xc0a84d02);
        assert_int_equal(last, 0xc0a84d02);
        small.len = 31;
        assert_int_equal(net_pool_hosts(&small, &gw, &first, &last), -EINVAL);
        pool.len = 7;
        assert_int_equal(net_pool_hosts(&pool, &gw, &first, &last), -EINVAL);
}

/* Leases: distinct addresses, exhaustion, release, and the lock that tells a
 * live opener from a gone one. */
static void test_leases(void **state) {
        char dir[] = "/tmp/test-net-XXXXXX";
        in4_prefix pool = {.addr = 0xc0a84d00, .len = 29}; /* .2 to .6: five sessions */
        int fds[6], dirfd;
        uint32_t addrs[6];
        net_lease *l = NULL;
        size_t n = 0;
        ns_error err = NS_ERROR_INIT;

        assert_non_null(mkdtemp(dir));
        dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        assert_true(dirfd >= 0);
        for (int i = 0; i < 5; i++) {
                assert_int_equal(
                        net_lease_take(dirfd, &pool, "0123456789abcdef", &addrs[i], &fds[i], &err), 0);
                assert_int_equal(addrs[i], 0xc0a84d02 + (uint32_t) i);
        }
        assert_int_equal(
                net_lease_take(dirfd, &pool, "0123456789abcdef", &addrs[5], &fds[5], &err), -EADDRNOTAVAIL);
        ns_error_done(&err);

        /* a released address is taken again; the others stay taken */
        assert_int_equal(net_lease_release(dirfd, addrs[2], &err), 0);
        assert_int_equal(net_lease_release(dirfd, addrs[2], &err), 0);
        close(fds[2]);
        assert_int_equal(net_lease_take(dirfd, &pool, "fedcba9876543210", &addrs[2], &fds[2], &err), 0);
        assert_int_equal(addrs[2], 0xc0a84d04);

        /* the list sees every lease, its id, and whether its opener holds it */
        close(fds[0]);
        assert_int_equal(net_lease_list(dirfd, &l, &n, &err), 0);
        assert_int_equal(n, 5);
        for (size_t i = 0; i < n; i++) {
                assert_int_equal(l[i].held, l[i].addr != addrs[0]);
                assert_string_equal(
                        l[i].id, l[i].addr == addrs[2] ? "fedcba9876543210" : "0123456789abcdef");
        }
        free(l);
        for (int i = 0; i < 5; i++) {
                (void) net_lease_release(dirfd, addrs[i], NULL);
                if (i > 0)
                        close(fds[i]);
        }
        close(dirfd);
        assert_int_equal(rmdir(dir), 0);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_prefix_parse),
                cmocka_unit_test(test_policy_address),
                cmocka_unit_test(test_policy_mode_and_check),
                cmocka_unit_test(test_pool_hosts),
                cmocka_unit_test(test_leases),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
