/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "policy/conf-directives.h"
#include "policy/policy-format.h"
#include "policy/policy-resolve.h"

/* " value..." for D through its table writer; 0 and *RET NULL when unset. */
static int format_value(const conf_directive *d, const policy *p, char **ret) {
        _cleanup_free_ char *value = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&value, &size);
        int r;

        if (!f)
                return -ENOMEM;
        r = d->format(d, p, f);
        if (fclose(f) != 0)
                return -ENOMEM;
        if (r < 0)
                return r;
        *ret = r > 0 ? TAKE_PTR(value) : NULL;
        return r > 0;
}

static int format_line(const conf_directive *d, const policy *p, const policy_origins *origins, FILE *out) {
        _cleanup_free_ char *value = NULL;
        int r = format_value(d, p, &value);

        if (r <= 0)
                return r;
        if (origins) {
                const char *where = policy_origins_get(origins, d);
                fprintf(out, "# %s\n", where ? where : "default");
        }
        fprintf(out, "%s%s\n", d->name, value);
        return 0;
}

int policy_format(const policy *p, const policy_origins *origins, char **ret) {
        _cleanup_free_ char *text = NULL;
        size_t size = 0, n;
        const conf_directive *table = conf_directives(&n);
        FILE *f;
        int r = 0;

        assert(p);
        assert(ret);
        f = open_memstream(&text, &size);
        if (!f)
                return -ENOMEM;
        for (size_t i = 0; i < n && r >= 0; i++)
                r = format_line(&table[i], p, origins, f);
        if (fclose(f) != 0 && r >= 0)
                r = -ENOMEM;
        if (r < 0)
                return r;
        *ret = TAKE_PTR(text);
        return 0;
}

int policy_format_directive(const policy *p, const char *name, char **ret) {
        const conf_directive *d;
        char *value = NULL;
        int r;

        assert(p);
        assert(name);
        assert(ret);
        d = conf_directive_find(name);
        if (!d)
                return -ENOENT;
        r = format_value(d, p, &value);
        if (r < 0)
                return r;
        /* the writers put a blank before every word: the value starts after the first */
        if (value)
                memmove(value, value + 1, strlen(value));
        *ret = value;
        return r;
}
