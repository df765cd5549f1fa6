/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "basic/strv.h"
#include "policy/tokens.h"

static const char *token_value(char c, const token_values *v) {
        switch (c) {
        case 'u':
                return v->user;
        case 'U':
                return v->uid;
        case 'g':
                return v->group;
        case 'h':
                return v->home;
        default:
                return NULL;
        }
}

/* Output of an expansion: counted only while buf is NULL, written after. */
typedef struct expansion {
        char *buf;
        size_t n;
} expansion;

static void put_char(expansion *e, char c) {
        if (e->buf)
                e->buf[e->n] = c;
        e->n++;
}

/* Put VALUE, doubling '%' when the output stays in token syntax. */
static void put_value(expansion *e, const char *value, bool token_syntax) {
        for (const char *p = value; *p; p++) {
                if (*p == '%' && token_syntax)
                        put_char(e, '%');
                put_char(e, *p);
        }
}

static int expand_one(expansion *e, char c, const token_values *v) {
        const char *value;

        if (c == '%' || c == 's') {
                if (!v->session) {
                        put_char(e, '%');
                        put_char(e, c);
                } else
                        put_value(e, c == '%' ? "%" : v->session, false);
                return 0;
        }
        value = token_value(c, v);
        if (!value)
                return -EINVAL;
        put_value(e, value, !v->session);
        return 0;
}

static int expand(const char *s, const token_values *v, expansion *e, ns_error *err) {
        for (const char *p = s; *p; p++) {
                int r;

                if (*p != '%') {
                        put_char(e, *p);
                        continue;
                }
                r = expand_one(e, p[1], v);
                if (r < 0) {
                        if (p[1] == '\0')
                                return ns_error_set(err, r,
                                        "'%%' at the end of \"%s\" (write %%%% for a literal '%%')", s);
                        return ns_error_set(err, r,
                                "unknown token '%%%c' in \"%s\" (known: %%u %%U %%g %%h %%s %%%%)", p[1], s);
                }
                p++;
        }
        return 0;
}

/* Two passes over S, the first only counting: one allocation per value, no
 * stream (a large policy has tens of thousands of values, each expanded with
 * placeholder values at load time). */
int tokens_expand(const char *s, const token_values *v, char **ret, ns_error *err) {
        expansion e = {};
        int r;

        assert(s);
        assert(v);
        assert(ret);

        r = expand(s, v, &e, err);
        if (r < 0)
                return r;
        e.buf = malloc(e.n + 1);
        if (!e.buf)
                return ns_error_set_errno(err, -ENOMEM, "expanding \"%s\"", s);
        e.n = 0;
        (void) expand(s, v, &e, NULL);
        e.buf[e.n] = '\0';
        *ret = e.buf;
        return 0;
}

int tokens_expand_strv(char *const *words, const token_values *v, char ***ret, ns_error *err) {
        _cleanup_strv_free_ char **out = calloc(strv_length(words) + 1, sizeof(char *));

        assert(v);
        assert(ret);

        if (!out)
                return ns_error_set_errno(err, -ENOMEM, "expanding %%-tokens");
        /* out stays NULL-terminated: calloc'ed, filled in order. */
        for (size_t i = 0; words && words[i]; i++) {
                int r = tokens_expand(words[i], v, &out[i], err);
                if (r < 0)
                        return r;
        }
        *ret = TAKE_PTR(out);
        return 0;
}
