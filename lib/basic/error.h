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

#include <errno.h>
#include <stdbool.h>
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
 * all (when memory allows). err may be NULL.
 *
 * Both are macros that evaluate to the (negative) code, as systemd's
 * log_*_errno() do, so "return ns_error_set(err, -EINVAL, ...);" reads
 * naturally and the compiler and analyzers see, in the caller, that the
 * error path returns a negative value. code is a negative errno; a positive
 * errno is negated, and 0 (a bug: an error without a code) becomes -EINVAL.
 * ns_error_set_errno() appends ": <strerror(-code)>" to the message.
 */
#define ns_error_set(err, code, ...) ns_error_set_full(err, code, false, __VA_ARGS__)
#define ns_error_set_errno(err, code, ...) ns_error_set_full(err, code, true, __VA_ARGS__)

#define ns_error_set_full(err, code, with_errno, ...)                                                       \
        ({                                                                                                  \
                int _ns_code_ = ns_error_code(code);                                                        \
                ns_error_record((err), _ns_code_, (with_errno), __VA_ARGS__);                               \
                _ns_code_;                                                                                  \
        })

/* The code an error is recorded with: always negative. The last step is
 * written so that an analyzer that cannot follow the negation (-errno) still
 * sees every result is < 0. */
static inline int ns_error_code(int code) {
        int c = code > 0 ? -code : code;

        return c < 0 ? c : -EINVAL;
}

/* The function behind ns_error_set(): CODE must be negative; use the macros. */
void ns_error_record(ns_error *err, int code, bool with_errno, const char *fmt, ...) _printf_(4, 5);

/* Free err->all and reset to NS_ERROR_INIT. */
void ns_error_done(ns_error *err);
