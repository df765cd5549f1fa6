/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "strv.h"
#include "tokens.h"

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

/* Write VALUE, doubling '%' when the output stays in token syntax. */
static void put_value(FILE *f, const char *value, bool token_syntax) {
        for (const char *p = value; *p; p++) {
                if (*p == '%' && token_syntax)
                        fputc('%', f);
                fputc(*p, f);
        }
}

static int expand_one(FILE *f, char c, const token_values *v) {
        const char *value;

        if (c == '%' || c == 's') {
                if (!v->session)
                        fprintf(f, "%%%c", c);
                else
                        fputs(c == '%' ? "%" : v->session, f);
                return 0;
        }
        value = token_value(c, v);
        if (!value)
                return -EINVAL;
        put_value(f, value, !v->session);
        return 0;
}

static int expand_stream(const char *s, const token_values *v, char **ret, ns_error *err) {
        _cleanup_free_ char *out = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&out, &size);
        int r = 0;

        if (!f)
                return -ENOMEM;
        for (const char *p = s; r >= 0 && *p; p++) {
                if (*p != '%') {
                        fputc(*p, f);
                        continue;
                }
                r = expand_one(f, p[1], v);
                if (r < 0) {
                        if (p[1] == '\0')
                                ns_error_set(err, r,
                                        "'%%' at the end of \"%s\" (write %%%% for a literal '%%')", s);
                        else
                                ns_error_set(err, r,
                                        "unknown token '%%%c' in \"%s\" (known: %%u %%U %%g %%h %%s %%%%)",
                                        p[1], s);
                }
                p++;
        }
        if (fclose(f) != 0 && r >= 0)
                r = -ENOMEM;
        if (r < 0)
                return r;
        *ret = TAKE_PTR(out);
        return 0;
}

int tokens_expand(const char *s, const token_values *v, char **ret, ns_error *err) {
        char *copy;

        /* Most values hold no token: a copy, without a stream per value (a large
         * policy has tens of thousands of them, each checked at load time). */
        if (strchr(s, '%'))
                return expand_stream(s, v, ret, err);
        copy = strdup(s);
        if (!copy)
                return -ENOMEM;
        *ret = copy;
        return 0;
}

int tokens_expand_strv(char *const *words, const token_values *v, char ***ret, ns_error *err) {
        _cleanup_strv_free_ char **out = calloc(1, sizeof(char *));

        if (!out)
                return -ENOMEM;
        for (size_t i = 0; words && words[i]; i++) {
                char *x;
                int r = tokens_expand(words[i], v, &x, err);
                if (r < 0)
                        return r;
                r = strv_push(&out, x);
                if (r < 0)
                        return r;
        }
        *ret = TAKE_PTR(out);
        return 0;
}
