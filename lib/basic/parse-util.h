/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Strict decimal parsing, as systemd's safe_atou(): the whole string must be
 * digits. No sign, no blanks before or after, no base prefix, no trailing
 * text, not empty, no overflow; what sscanf("%u") and strtoul() let through
 * ("-1" as 4294967295, " 5", "5x") is refused. -EINVAL for anything that is
 * not a number, -ERANGE for one too large; *RET is untouched on failure.
 */
#pragma once

#include <assert.h>
#include <errno.h>
#include <stdint.h>

static inline int parse_uint64(const char *s, uint64_t *ret) {
        uint64_t v = 0;

        assert(s);
        assert(ret);

        if (*s == '\0')
                return -EINVAL;
        for (; *s; s++) {
                unsigned d = (unsigned char) *s - '0';
                if (d > 9)
                        return -EINVAL;
                if (v > (UINT64_MAX - d) / 10)
                        return -ERANGE;
                v = v * 10 + d;
        }
        *ret = v;
        return 0;
}

static inline int parse_uint32(const char *s, uint32_t *ret) {
        uint64_t v;
        int r;

        assert(ret);

        r = parse_uint64(s, &v);
        if (r < 0)
                return r;
        if (v > UINT32_MAX)
                return -ERANGE;
        *ret = (uint32_t) v;
        return 0;
}
