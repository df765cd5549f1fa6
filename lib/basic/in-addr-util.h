/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * IPv4 addresses and prefixes as nsshell.conf(5) writes them ("10.213.0.0/16",
 * "198.51.100.7"), in host byte order. Used by the policy's network
 * directives and by lib/net/. IPv6 is not handled (nsshell's tenant network
 * is IPv4 only, see nsshell.conf(5), "Network").
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

/* "a.b.c.d/LEN" plus NUL. */
#define IN4_PREFIX_STRLEN 19

typedef struct in4_prefix {
        uint32_t addr; /* host byte order, host bits cleared */
        unsigned len; /* 0..32 */
} in4_prefix;

/* The mask of a LEN-bit prefix, host byte order (0 for LEN 0). */
uint32_t in4_mask(unsigned len);

/* Parse S: dotted quad, then optionally "/LEN" (0..32); without "/LEN" the
 * prefix is a single address (/32). Host bits are cleared. -EINVAL for
 * anything else (also leading zeros in LEN, blanks, IPv6). */
int in4_prefix_parse(const char *s, in4_prefix *ret);

/* Write ADDR (host order) as a dotted quad into BUF (at least 16 bytes). */
char *in4_addr_format(uint32_t addr, char *buf);

/* Write P as "a.b.c.d/LEN" into BUF (at least IN4_PREFIX_STRLEN bytes). */
char *in4_prefix_format(const in4_prefix *p, char *buf);
