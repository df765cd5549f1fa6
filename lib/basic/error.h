/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The library's one error convention.
 *
 * Every function returns int: >= 0 on success, a negative errno on failure.
 * When a human needs more than the errno (which policy line, which path, which
 * step), the caller passes a struct ns_error as the last parameter and the
 * failing function fills it. Callers print err.msg; the library never prints.
 *
 * Parsers that report every problem at once (the policy loader) also append
 * each message to err.all, so `nsshell --check` can list them all.
 */
#pragma once

#include <stddef.h>

#include "basic/macro.h"

#define NS_ERROR_MSG_MAX 1024

typedef struct ns_error {
        int code; /* negative errno of the first error, 0 = none */
        char msg[NS_ERROR_MSG_MAX]; /* the first error, a full sentence without '\n' */
        char **all; /* every message, NULL-terminated; may be NULL */
        size_t n_all;
} ns_error;

#define NS_ERROR_INIT                                                                                       \
        { .code = 0 }

/*
 * Record an error: the first one sets code and msg, every one is appended to
 * all (when memory allows). err may be NULL. Returns code (negative), so that
 * "return ns_error_set(err, -EINVAL, ...);" reads naturally.
 * A message that ends in ": %m"-style text must be formatted by the caller;
 * ns_error_set_errno() appends ": <strerror(-code)>" for you.
 */
int ns_error_set(ns_error *err, int code, const char *fmt, ...) _printf_(3, 4);
int ns_error_set_errno(ns_error *err, int code, const char *fmt, ...) _printf_(3, 4);

/* Free err->all and reset to NS_ERROR_INIT. */
void ns_error_done(ns_error *err);
