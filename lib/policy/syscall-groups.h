/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What a SystemCallFilter means, as systemd.exec(5) (systemd 252) says:
 * systemd's named groups (@system-service, @mount, ...; the table is
 * generated from systemd, see scripts/gen-syscall-groups), the allow-list or
 * deny-list mode the first entry picks, and the replay of later entries that
 * add to or remove from the set. The enforcement (hardening/seccomp-filter.c)
 * turns the resolved set into a filter; --explain prints it.
 *
 * nsshell's own deny set, "@nsshell-default", is not a group here: its rules
 * look at arguments (clone flags, ioctl requests, personality) and live with
 * the filter code. policy.syscall_filter_default says whether it is on.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* The name of nsshell's built-in deny set in SystemCallFilter. */
#define SYSCALL_SET_NSSHELL_DEFAULT "@nsshell-default"

typedef struct syscall_group {
        const char *name; /* "@mount" */
        const char *help; /* systemd's one-line description */
        const char *const *members; /* NULL-terminated: system calls and "@group"s */
} syscall_group;

/* The group called NAME ("@mount"), or NULL. */
const syscall_group *syscall_group_find(const char *name);
const syscall_group *syscall_groups(size_t *ret_n);

/* One system call of a resolved filter. */
typedef struct syscall_rule {
        char *name;
        int error; /* errno for this call ("~name:EACCES"), or -1: SystemCallErrorNumber's */
} syscall_rule;

typedef struct syscall_set {
        bool allow_list; /* only the rules' calls are allowed; else only they are denied */
        syscall_rule *rules;
        size_t n_rules;
        char **ignored; /* entries ignored as systemd ignores them: unknown names, ... (messages) */
} syscall_set;

/*
 * Replay ENTRIES (policy.syscall_filter: "[~]NAME[:ERRNO]" in file order,
 * NAME a system call or a "@group") as systemd does: the first entry picks
 * the mode (no "~": allow-list, which starts with @default; "~": deny-list);
 * then each entry adds its calls to the set when its "~" matches the mode
 * (none in an allow-list, "~" in a deny-list) and removes them otherwise.
 * Unknown names and groups are skipped and described in ret->ignored; members
 * of a group that libseccomp does not know are skipped silently (a newer
 * systemd knows more calls). No entries: an empty deny-list.
 */
int syscall_set_resolve(char *const *entries, syscall_set *ret);
void syscall_set_done(syscall_set *s);

/* What SystemCallFilter lines of C will ignore when a policy is resolved
 * (unknown system calls and groups), as "FILE:LINE: warning: MESSAGE", for
 * `nsshell --check`: systemd ignores them with a warning too. *ret is NULL
 * when there is nothing to say. */
typedef struct conf conf;
int syscall_filter_conf_warnings(const conf *c, char ***ret);

/* True when the resolved set lets NAME through. */
bool syscall_set_permits(const syscall_set *s, const char *name);

/* SystemCallFilter settings of C under which no login can start its shell
 * (execve() refused: an allow-list without it, such as a bare "@default"
 * meant as nsshell's old deny set), as "FILE:LINE: MESSAGE" naming the last
 * SystemCallFilter line that applies, for `nsshell --check`. Each block is
 * checked with the top level and the blocks around it, as a login that only
 * it matches sees them. *ret is NULL when there is nothing to say. */
int syscall_filter_conf_errors(const conf *c, char ***ret);

/* "~" (optional), NAME, ":ERRNO" (optional) of one entry: *ret_error is -1
 * when there is no ":ERRNO". -EINVAL when ERRNO is not an errno. */
int syscall_entry_split(const char *entry, bool *ret_invert, char **ret_name, int *ret_error);

/* An errno as systemd takes it: a name ("EPERM") or a number from 1 to 4095. */
int syscall_errno_from_string(const char *s, int *ret);
/* Its name ("EPERM") into BUF, or the number if it has none. */
const char *syscall_errno_to_string(int error, char *buf, size_t size);
