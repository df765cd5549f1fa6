/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "basic/error.h"

static void error_append(ns_error *err, const char *msg) {
        char **l;

        assert(err);
        assert(msg);

        l = realloc(err->all, (err->n_all + 2) * sizeof(char *));
        if (!l)
                return; /* keep the first message; the list is best effort */
        err->all = l;
        l[err->n_all] = strdup(msg);
        if (l[err->n_all])
                err->n_all++;
        l[err->n_all] = NULL;
}

void ns_error_record(ns_error *err, int code, bool with_errno, const char *fmt, ...) {
        char buf[NS_ERROR_MSG_MAX];
        va_list ap;

        assert(code < 0);
        assert(fmt);

        if (!err)
                return;
        va_start(ap, fmt);
        vsnprintf(buf, sizeof(buf), fmt, ap);
        va_end(ap);
        if (with_errno) {
                size_t n = strlen(buf);
                snprintf(buf + n, sizeof(buf) - n, ": %s", strerror(-code));
        }
        if (err->code == 0) {
                err->code = code;
                snprintf(err->msg, sizeof(err->msg), "%s", buf);
        }
        error_append(err, buf);
}

void ns_error_done(ns_error *err) {
        if (!err)
                return;
        strv_free(err->all);
        *err = (ns_error) NS_ERROR_INIT;
}
