/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The system call filter of the user's shell (SystemCallFilter): a deny
 * list on top of "allow everything", so that ordinary programs keep working
 * and only calls that reach for what the session took away (mounts, other
 * namespaces, kernel keyrings, modules, terminal injection...) are refused.
 *
 * Denied calls fail with EPERM, as a missing privilege would, so programs
 * take their usual "not permitted" path instead of dying. clone3() is the one
 * exception, see the table in seccomp-filter.c.
 *
 * On x86_64 the filter covers the native, i386 (int 0x80) and x32 ABIs; a
 * name that does not exist on one ABI is simply absent from that ABI's part.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "basic/error.h"
#include "policy/policy.h"

typedef enum seccomp_rule_kind {
        SECCOMP_RULE_DENY, /* every call fails with EPERM */
        SECCOMP_RULE_CLONE_NEWNS, /* fails with EPERM when a CLONE_NEW* flag is set */
        SECCOMP_RULE_ENOSYS, /* fails with ENOSYS so that libc falls back to an older call */
        SECCOMP_RULE_IOCTL_TTY_INJECT, /* TIOCSTI and TIOCLINUX fail with EPERM */
        SECCOMP_RULE_PERSONALITY, /* anything but PER_LINUX and the 0xffffffff query: EPERM */
} seccomp_rule_kind;

typedef struct seccomp_default_entry {
        const char *name; /* the system call */
        seccomp_rule_kind kind;
        const char *why; /* one line, for nsshell.conf(5) and --explain */
        bool pam_process; /* also in seccomp_filter_apply_pam()'s filter */
} seccomp_default_entry;

/* The built-in @default set: *ret points at the static table, the return
 * value is its number of entries. */
int seccomp_default_deny_list(const seccomp_default_entry **ret);

/*
 * Build and load the filter for P: the @default set when
 * p->syscall_filter_default, plus every name in p->syscall_deny (bare names,
 * "~" already stripped by the parser), which denies that call completely and
 * wins over a narrower @default rule for the same call. Loads nothing when
 * both are empty. A name libseccomp does not know is -EINVAL with the name in
 * the message.
 *
 * Loading a filter needs NoNewPrivileges or CAP_SYS_ADMIN. Like systemd, a
 * filter implies NoNewPrivileges when the process lacks CAP_SYS_ADMIN: this
 * sets PR_SET_NO_NEW_PRIVS itself in that case, whatever the policy says.
 */
int seccomp_filter_apply(const policy *p, ns_error *err);

/*
 * The filter of a PAM-only session, loaded into the PAM application's own
 * root process (sshd's monitor, login, su's parent) and so inherited by
 * everything it starts: only the @default entries marked pam_process, and
 * only when p->syscall_filter_default; the policy's "~name" list is not
 * applied (the application and the modules after pam_nsshell may need any
 * of those calls). Loads nothing otherwise. Same NoNewPrivileges rule as
 * seccomp_filter_apply().
 */
int seccomp_filter_apply_pam(const policy *p, ns_error *err);

/*
 * A filter for a helper process that must become dumpable (userns.c): it
 * may only read, write, exit and make itself dumpable (prctl
 * PR_SET_DUMPABLE); any other call, or a call through another ABI, kills
 * it. Load it before PR_SET_DUMPABLE, so that whoever attaches to the
 * helper once it is dumpable can make it do nothing else. Sets
 * NoNewPrivileges.
 */
int seccomp_filter_load_helper(ns_error *err);

/* Write the filter for P in libseccomp's pseudo filter code (PFC) to FD,
 * without loading it: for `nsshell --explain` and the tests. */
int seccomp_filter_export_pfc(const policy *p, int fd, ns_error *err);
