/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The system call filter of the user's shell (SystemCallFilter). By default
 * nsshell's own deny set, @nsshell-default, on top of "allow everything", so
 * that ordinary programs keep working and only calls that reach for what the
 * session took away (mounts, other namespaces, kernel keyrings, modules,
 * terminal injection...) are refused; the policy may add systemd's deny- or
 * allow-lists and groups (policy/syscall-groups.h).
 *
 * Denied calls fail with EPERM (SystemCallErrorNumber), as a missing
 * privilege would, so programs take their usual "not permitted" path instead
 * of dying. clone3() is the one exception, see the table in seccomp-filter.c.
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

/* The built-in @nsshell-default set: *ret points at the static table, the return
 * value is its number of entries. */
int seccomp_default_deny_list(const seccomp_default_entry **ret);

/*
 * Build and load the filter for P: the @nsshell-default set when
 * p->syscall_filter_default, and the policy's SystemCallFilter resolved as
 * systemd does (policy/syscall-groups.h). A deny-list's calls fail with
 * SystemCallErrorNumber (or the entry's ":ERRNO"; "kill" kills the process)
 * and win over a narrower @nsshell-default rule for the same call. An
 * allow-list is a second filter whose default answer is SystemCallErrorNumber
 * (clone3() left out fails with ENOSYS, so that libc falls back to clone());
 * @nsshell-default's rules still hold under it. Names libseccomp does not
 * know are ignored (as systemd ignores them). SystemCallArchitectures is
 * one more filter, whose ABIs are the native one and those it lists: a call
 * through any other kills the process (SIGSYS). Loads nothing when there is
 * nothing to filter.
 *
 * Loading a filter needs NoNewPrivileges or CAP_SYS_ADMIN. Like systemd, a
 * filter implies NoNewPrivileges when the process lacks CAP_SYS_ADMIN: this
 * sets PR_SET_NO_NEW_PRIVS itself in that case, whatever the policy says.
 */
int seccomp_filter_apply(const policy *p, ns_error *err);

/*
 * The filter of a PAM-only session, loaded into the PAM application's own
 * root process (sshd's monitor, login, su's parent) and so inherited by
 * everything it starts: only the @nsshell-default entries marked
 * pam_process, and only when p->syscall_filter_default; the policy's own
 * SystemCallFilter entries are not applied (the application and the
 * modules after pam_nsshell may need any of those calls); and the
 * SystemCallArchitectures filter, whatever p->syscall_filter_default says
 * (they are all native programs). Loads nothing otherwise. Same NoNewPrivileges rule
 * as seccomp_filter_apply().
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

/* Write the filter(s) for P in libseccomp's pseudo filter code (PFC) to FD,
 * without loading it: for `nsshell --explain` and the tests. */
int seccomp_filter_export_pfc(const policy *p, int fd, ns_error *err);
