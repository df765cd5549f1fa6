/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <errno.h>
#include <string.h>

#include "basic/strv.h"

size_t strv_length(char *const *l) {
        size_t n = 0;
        while (l && l[n])
                n++;
        return n;
}

int strv_push(char ***l, char *s) {
        size_t n;
        char **m;

        assert(l);
        assert(s);

        n = strv_length(*l);
        m = realloc(*l, (n + 2) * sizeof(char *));
        if (!m) {
                free(s);
                return -ENOMEM;
        }
        m[n] = s;
        m[n + 1] = NULL;
        *l = m;
        return 0;
}

int strv_extend(char ***l, const char *s) {
        char *c;

        assert(l);
        assert(s);

        c = strdup(s);
        if (!c)
                return -ENOMEM;
        return strv_push(l, c);
}

int strv_copy(char *const *l, char ***ret) {
        _cleanup_strv_free_ char **c = NULL;

        assert(ret);

        for (size_t i = 0; l && l[i]; i++) {
                int r = strv_extend(&c, l[i]);
                if (r < 0)
                        return r;
        }
        *ret = TAKE_PTR(c);
        return 0;
}

int strv_contains(char *const *l, const char *s) {
        assert(s);

        for (size_t i = 0; l && l[i]; i++)
                if (strcmp(l[i], s) == 0)
                        return 1;
        return 0;
}

char *strv_join(char *const *l, const char *sep) {
        size_t n = 1, k;
        char *s, *p;

        assert(sep);

        k = strlen(sep);
        for (size_t i = 0; l && l[i]; i++)
                n += strlen(l[i]) + k;
        s = p = malloc(n);
        if (!s)
                return NULL;
        *p = '\0';
        for (size_t i = 0; l && l[i]; i++)
                p = stpcpy(stpcpy(p, i > 0 ? sep : ""), l[i]);
        return s;
}
