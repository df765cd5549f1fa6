/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The tenant network directives (issue 16): Network, NetworkPool,
 * IPAddressAllow, IPAddressDeny, and their formatters. What they mean is
 * enforced in lib/net/. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "basic/in-addr-util.h"
#include "basic/strv.h"
#include "policy/conf-format.h"
#include "policy/conf-parsers.h"

/* Indexed by network_mode; "" (unset) is never accepted as a value. */
static const char *const network_names[] = {"", "none", "host", "nat", NULL};

/* systemd.resource-control(5)'s symbolic names; what each stands for is
 * lib/net/net-policy.c's. */
static const char *const address_symbols[] = {"any", "localhost", "link-local", "multicast", NULL};

int parse_network(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        for (size_t i = 1; network_names[i]; i++)
                if (strcasecmp(network_names[i], words[0]) == 0) {
                        *CONF_FIELD(network_mode, d, p) = (network_mode) i;
                        return 0;
                }
        return ns_error_set(err, -EINVAL, "expected none, host or nat, got \"%s\"", words[0]);
}

int format_network(const conf_directive *d, const policy *p, FILE *f) {
        network_mode m = *CONF_CFIELD(network_mode, d, p);

        if (m == NETWORK_UNSET)
                return 0;
        conf_format_word(f, network_names[m]);
        return 1;
}

/* An IPv4 prefix of 8 to 30 bits (room for the bridge's address and at least
 * one session), given as the network itself (no host bits). */
int parse_network_pool(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        in4_prefix pfx;

        if (in4_prefix_parse(words[0], &pfx) < 0 || !strchr(words[0], '/') || pfx.len < 8 || pfx.len > 30)
                return ns_error_set(err, -EINVAL,
                        "expected an IPv4 prefix from /8 to /30 (e.g. 10.213.0.0/16), got \"%s\"", words[0]);
        *CONF_FIELD(policy_ipv4_pool, d, p) = (policy_ipv4_pool){.addr = pfx.addr, .len = pfx.len};
        return 0;
}

int format_network_pool(const conf_directive *d, const policy *p, FILE *f) {
        const policy_ipv4_pool *pool = CONF_CFIELD(policy_ipv4_pool, d, p);
        in4_prefix pfx = {.addr = pool->addr, .len = pool->len};
        char buf[IN4_PREFIX_STRLEN];

        if (pool->len == 0)
                return 0;
        conf_format_word(f, in4_prefix_format(&pfx, buf));
        return 1;
}

/* A symbol (lower case) or an IPv4 address or prefix, stored canonical. */
static int address_canonical(const char *word, char **ret) {
        char buf[IN4_PREFIX_STRLEN];
        in4_prefix pfx;

        for (size_t i = 0; address_symbols[i]; i++)
                if (strcasecmp(address_symbols[i], word) == 0) {
                        *ret = strdup(address_symbols[i]);
                        return *ret ? 0 : -ENOMEM;
                }
        if (in4_prefix_parse(word, &pfx) < 0)
                return -EINVAL;
        *ret = strdup(in4_prefix_format(&pfx, buf));
        return *ret ? 0 : -ENOMEM;
}

static int check_address(const conf_directive *d, const char *word, bool token_syntax, ns_error *err) {
        _cleanup_free_ char *c = NULL;
        int r = address_canonical(word, &c);

        if (r == -ENOMEM)
                return ns_error_set_errno(err, r, "store \"%s\"", word);
        if (r < 0)
                return ns_error_set(err, -EINVAL,
                        "expected any, localhost, link-local, multicast or an IPv4 address or prefix (IPv6 "
                        "is "
                        "not supported), got \"%s\"",
                        word);
        return 0;
}

static int add_address(char ***list, const char *word) {
        char *c = NULL;
        int r = address_canonical(word, &c);

        if (r < 0)
                return r;
        if (strv_contains(*list, c)) {
                free(c);
                return 0;
        }
        return strv_push(list, c); /* frees C on failure */
}

/* IPAddressAllow, IPAddressDeny: a list; "" empties it, as in systemd. */
int parse_ip_address_list(
        const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        return conf_strv_add(d, p, words, token_syntax, check_address, add_address, err);
}
