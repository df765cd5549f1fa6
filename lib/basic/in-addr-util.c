/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "basic/in-addr-util.h"

uint32_t in4_mask(unsigned len) {
        return len == 0 ? 0 : len >= 32 ? UINT32_MAX : ~(UINT32_MAX >> len);
}

static int parse_len(const char *s, unsigned *ret) {
        unsigned v = 0;

        if (!s[0] || strlen(s) > 2 || (s[0] == '0' && s[1]))
                return -EINVAL;
        for (const char *c = s; *c; c++) {
                if (*c < '0' || *c > '9')
                        return -EINVAL;
                v = v * 10 + (unsigned) (*c - '0');
        }
        if (v > 32)
                return -EINVAL;
        *ret = v;
        return 0;
}

int in4_prefix_parse(const char *s, in4_prefix *ret) {
        char addr[INET_ADDRSTRLEN];
        const char *slash;
        struct in_addr a;
        unsigned len = 32;
        size_t n;

        if (!s || !ret)
                return -EINVAL;
        slash = strchr(s, '/');
        n = slash ? (size_t) (slash - s) : strlen(s);
        if (n == 0 || n >= sizeof(addr))
                return -EINVAL;
        memcpy(addr, s, n);
        addr[n] = '\0';
        if (inet_pton(AF_INET, addr, &a) != 1)
                return -EINVAL;
        if (slash && parse_len(slash + 1, &len) < 0)
                return -EINVAL;
        *ret = (in4_prefix){.addr = ntohl(a.s_addr) & in4_mask(len), .len = len};
        return 0;
}

char *in4_addr_format(uint32_t addr, char *buf) {
        snprintf(buf, INET_ADDRSTRLEN, "%u.%u.%u.%u", addr >> 24, (addr >> 16) & 0xff, (addr >> 8) & 0xff,
                addr & 0xff);
        return buf;
}

char *in4_prefix_format(const in4_prefix *p, char *buf) {
        char a[INET_ADDRSTRLEN];

        snprintf(buf, IN4_PREFIX_STRLEN, "%s/%u", in4_addr_format(p->addr, a), p->len);
        return buf;
}
