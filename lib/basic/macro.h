/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Small helpers every file uses: scope-bound cleanup, ownership transfer,
 * array sizes. All destructors accept NULL / -1, so a variable may be declared
 * with a cleanup attribute before it is assigned.
 */
#pragma once

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define ELEMENTSOF(x) (sizeof(x) / sizeof((x)[0]))
#define _unused_ __attribute__((unused))
/* For code that runs under a seccomp filter of a few calls: ASan adds calls
 * (sigaltstack() before a noreturn call) that such a filter kills. */
#define _no_sanitize_address_ __attribute__((no_sanitize_address))
#define _printf_(a, b) __attribute__((format(printf, a, b)))
#define _cleanup_(f) __attribute__((cleanup(f)))

/* Hand ownership of a pointer/fd out of a cleanup-guarded variable. */
#define TAKE_PTR(p)                                                                                         \
        ({                                                                                                  \
                __typeof__(p) _tp_ = (p);                                                                   \
                (p) = NULL;                                                                                 \
                _tp_;                                                                                       \
        })
#define TAKE_FD(fd)                                                                                         \
        ({                                                                                                  \
                int _tf_ = (fd);                                                                            \
                (fd) = -EBADF;                                                                              \
                _tf_;                                                                                       \
        })

static inline void freep(void *p) {
        free(*(void **) p);
}
#define _cleanup_free_ _cleanup_(freep)

/* close() that keeps errno, for cleanup paths. Returns -EBADF for reassigning. */
static inline int safe_close(int fd) {
        if (fd >= 0) {
                int saved = errno;
                (void) close(fd);
                errno = saved;
        }
        return -EBADF;
}
static inline void closep(int *fd) {
        safe_close(*fd);
}
#define _cleanup_close_ _cleanup_(closep)

static inline void fclosep(FILE **f) {
        if (*f)
                (void) fclose(*f);
}
#define _cleanup_fclose_ _cleanup_(fclosep)

static inline void closedirp(DIR **d) {
        if (*d)
                (void) closedir(*d);
}
#define _cleanup_closedir_ _cleanup_(closedirp)

/* A NULL-terminated array of owned strings ("string vector"). */
static inline void strv_free(char **l) {
        if (!l)
                return;
        for (char **i = l; *i; i++)
                free(*i);
        free(l);
}
static inline void strv_freep(char ***l) {
        strv_free(*l);
}
#define _cleanup_strv_free_ _cleanup_(strv_freep)

/* Negative errno of the last failed libc call, never 0 (for "return -errno"). */
static inline int negative_errno(void) {
        return errno > 0 ? -errno : -EIO;
}
