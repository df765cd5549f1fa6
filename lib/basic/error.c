/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "basic/error.h"

static void error_append(ns_error *err, const char *msg) {
        char **l = realloc(err->all, (err->n_all + 2) * sizeof(char *));
        if (!l)
                return; /* keep the first message; the list is best effort */
        err->all = l;
        l[err->n_all] = strdup(msg);
        if (l[err->n_all])
                err->n_all++;
        l[err->n_all] = NULL;
}

static int error_record(ns_error *err, int code, const char *msg) {
        if (!err)
                return code;
        if (err->code == 0) {
                err->code = code;
                snprintf(err->msg, sizeof(err->msg), "%s", msg);
        }
        error_append(err, msg);
        return code;
}

int ns_error_set(ns_error *err, int code, const char *fmt, ...) {
        char buf[NS_ERROR_MSG_MAX];
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(buf, sizeof(buf), fmt, ap);
        va_end(ap);
        return error_record(err, code, buf);
}

int ns_error_set_errno(ns_error *err, int code, const char *fmt, ...) {
        char buf[NS_ERROR_MSG_MAX];
        size_t n;
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(buf, sizeof(buf), fmt, ap);
        va_end(ap);
        n = strlen(buf);
        snprintf(buf + n, sizeof(buf) - n, ": %s", strerror(code < 0 ? -code : code));
        return error_record(err, code, buf);
}

void ns_error_done(ns_error *err) {
        if (!err)
                return;
        strv_free(err->all);
        *err = (ns_error) NS_ERROR_INIT;
}
