/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "policy/conf-values.h"

int conf_parse_bool(const char *s, bool *ret) {
        static const char *const yes[] = {"yes", "true", "on", "1"},
                                 *const no[] = {"no", "false", "off", "0"};

        assert(s);
        assert(ret);

        for (size_t i = 0; i < ELEMENTSOF(yes); i++) {
                if (strcasecmp(s, yes[i]) == 0) {
                        *ret = true;
                        return 0;
                }
                if (strcasecmp(s, no[i]) == 0) {
                        *ret = false;
                        return 0;
                }
        }
        return -EINVAL;
}

/* Leading decimal digits of S into *RET; *END after them. No sign, no blanks. */
static int parse_digits(const char *s, uint64_t *ret, const char **end) {
        uint64_t v = 0;
        const char *p = s;

        for (; isdigit((unsigned char) *p); p++) {
                unsigned d = *p - '0';
                if (v > (UINT64_MAX - d) / 10)
                        return -ERANGE;
                v = v * 10 + d;
        }
        if (p == s)
                return -EINVAL;
        *ret = v;
        *end = p;
        return 0;
}

int conf_parse_uint(const char *s, uint64_t min, uint64_t max, uint64_t *ret) {
        const char *end;
        uint64_t v;
        int r;

        assert(s);
        assert(ret);

        r = parse_digits(s, &v, &end);
        if (r < 0)
                return r;
        if (*end != '\0')
                return -EINVAL;
        if (v < min || v > max)
                return -ERANGE;
        *ret = v;
        return 0;
}

int conf_parse_size(const char *s, uint64_t *ret) {
        static const char suffixes[] = "KMGT";
        const char *end, *x;
        uint64_t v, mult = 1;
        int r;

        assert(s);
        assert(ret);

        if (strcmp(s, "infinity") == 0) {
                *ret = LIMIT_INFINITY;
                return 0;
        }
        r = parse_digits(s, &v, &end);
        if (r < 0)
                return r;
        if (*end != '\0') {
                x = strchr(suffixes, toupper((unsigned char) *end));
                if (!x || end[1] != '\0')
                        return -EINVAL;
                mult = UINT64_C(1) << (10 * (x - suffixes + 1));
        }
        if (v > (LIMIT_INFINITY - 1) / mult)
                return -ERANGE;
        *ret = v * mult;
        return 0;
}

int conf_parse_percent(const char *s, uint64_t *ret) {
        size_t n;
        char num[32];

        assert(s);
        assert(ret);

        n = strlen(s);
        if (n < 2 || n >= sizeof(num) || s[n - 1] != '%')
                return -EINVAL;
        memcpy(num, s, n - 1);
        num[n - 1] = '\0';
        /* above 100% means more than one CPU; the cap keeps quota*period in range */
        return conf_parse_uint(num, 1, 1000000, ret);
}

static int timespan_unit(const char *u, size_t n, uint64_t *ret_sec) {
        static const struct {
                const char *name;
                uint64_t sec;
        } units[] = {
                {"s", 1},
                {"sec", 1},
                {"min", 60},
                {"m", 60},
                {"h", 3600},
                {"hr", 3600},
                {"d", 86400},
        };

        if (n == 0) {
                *ret_sec = 1;
                return 0;
        }
        for (size_t i = 0; i < ELEMENTSOF(units); i++)
                if (strlen(units[i].name) == n && strncmp(units[i].name, u, n) == 0) {
                        *ret_sec = units[i].sec;
                        return 0;
                }
        return -EINVAL;
}

int conf_parse_timespan(const char *s, uint64_t *ret_usec) {
        const uint64_t max_sec = (LIMIT_INFINITY - 1) / 1000000;
        uint64_t total = 0;
        const char *p = s;

        assert(s);
        assert(ret_usec);

        if (strcmp(s, "infinity") == 0) {
                *ret_usec = LIMIT_INFINITY;
                return 0;
        }
        if (*p == '\0')
                return -EINVAL;
        while (*p) {
                const char *u;
                uint64_t v, unit;
                int r = parse_digits(p, &v, &u);
                if (r < 0)
                        return r;
                for (p = u; isalpha((unsigned char) *p); p++)
                        ;
                r = timespan_unit(u, p - u, &unit);
                if (r < 0)
                        return r;
                if (v > max_sec / unit || total > max_sec - v * unit)
                        return -ERANGE;
                total += v * unit;
        }
        *ret_usec = total * 1000000;
        return 0;
}

int conf_check_abs_path(const char *s) {
        assert(s);

        if (s[0] != '/' || strlen(s) >= 4096)
                return -EINVAL;
        for (const char *p = s; (p = strchr(p, '/')); p++) {
                size_t n = strcspn(p + 1, "/");
                if ((n == 1 && p[1] == '.') || (n == 2 && p[1] == '.' && p[2] == '.'))
                        return -EINVAL;
        }
        return 0;
}

void conf_format_size(uint64_t v, char *buf, size_t size) {
        static const char suffixes[] = "TGMK";

        assert(buf);

        if (v == LIMIT_INFINITY) {
                snprintf(buf, size, "infinity");
                return;
        }
        for (size_t i = 0; v != 0 && i < 4; i++) {
                unsigned shift = 10 * (4 - i);
                if ((v & ((UINT64_C(1) << shift) - 1)) == 0) {
                        snprintf(buf, size, "%" PRIu64 "%c", v >> shift, suffixes[i]);
                        return;
                }
        }
        snprintf(buf, size, "%" PRIu64, v);
}
