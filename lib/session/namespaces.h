/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The caller's side of the session namespaces: which clone flags a policy's
 * NS_* bits mean, saving the caller's own namespaces before unshare() so that
 * session_close() can return it to them, and the inode numbers that identify
 * the session's namespaces in its record.
 */
#pragma once

#include <stdint.h>
#include <sys/types.h>

#include "basic/error.h"

/* The types the root caller creates, in this order (user is not one of them:
 * the login-shell stage makes it in the user's own process). */
#define NS_CALLER_TYPES 6

typedef struct ns_saved {
        unsigned types; /* NS_* bits saved */
        int fd[NS_CALLER_TYPES]; /* -EBADF when not saved */
} ns_saved;

#define NS_SAVED_INIT                                                                                       \
        {                                                                                                   \
                .types = 0, .fd = { -EBADF, -EBADF, -EBADF, -EBADF, -EBADF, -EBADF }                        \
        }

/* Name of the NS_* bit as nsshell.conf and /proc/self/ns spell it ("mnt" for
 * NS_MOUNT), NULL for an unknown bit. */
const char *ns_name(unsigned bit);

/* CLONE_NEW* flags for the NS_* bits the caller can create. */
unsigned long ns_clone_flags(unsigned types);

/* Open the caller's current namespaces of the given types (O_CLOEXEC). */
int ns_save(unsigned types, ns_saved *ret, ns_error *err);
/* setns() back into every saved namespace; closes the fds. Keeps going after
 * a failure and returns the first one. */
int ns_restore(ns_saved *s, ns_error *err);
void ns_saved_done(ns_saved *s);

/* Inode of the caller's namespace of type bit; for NS_PID the namespace its
 * children are born in (pid_for_children). */
int ns_inode(unsigned bit, uint64_t *ret, ns_error *err);
