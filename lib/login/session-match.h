/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * "Am I inside the nsshell session that root built for me?", asked by the
 * login-shell stage, which runs as the user and trusts nothing the user can
 * set. The answer comes from facts the kernel keeps for the process (its
 * uid, the inodes of its namespaces, its cgroup) compared with the root-owned
 * session records (session-record.h). Environment variables are never looked
 * at: a user sets those through AcceptEnv, pam_env or su.
 *
 * A user who can already run arbitrary code outside every session and create
 * user namespaces could mount a fake /proc and pass the check; that gains
 * nothing they did not have. The check is against launchers that start the
 * login shell in the host's namespaces: an sshd, login or su stack without
 * pam_nsshell, `su -s`, cron.
 */
#pragma once

#include <stdint.h>
#include <sys/types.h>

#include "basic/error.h"
#include "session/session-record.h"

typedef struct session_facts {
        uid_t uid;
        uint64_t ns_inode[NS_CALLER_TYPES]; /* as session_record: mnt pid ipc uts net cgroup */
        char *cgroup; /* the "0::" line of /proc/self/cgroup, relative to the cgroup namespace */
} session_facts;

/* The calling process's facts: getuid(), /proc/self/ns/{mnt,pid,ipc,uts,net,cgroup}
 * (pid: the namespace the process itself is in) and /proc/self/cgroup, read
 * from a /proc that must be procfs and namespace files that must be nsfs. */
int session_facts_read(session_facts *ret, ns_error *err);
void session_facts_done(session_facts *f);

/*
 * Whether record R describes the session of a process with facts F:
 * the same uid; every namespace the record names (inode != 0) is the
 * process's, and it names at least one; when it names a cgroup leaf, the
 * process is in it (with the session's cgroup namespace, whose root is the
 * leaf: "/"; without: the record's path is the process's path below
 * the cgroup2 mount, /sys/fs/cgroup or /sys/fs/cgroup/unified).
 * Returns 1 on a match, 0 otherwise with *ret_reason (may be NULL) a short
 * static phrase saying the first fact that differs.
 */
int session_record_match(const session_record *r, const session_facts *f, const char **ret_reason);

/*
 * Find the record in DIR/UID (DIR: SESSION_RECORD_DIR, tests pass their own;
 * UID: F's) that matches F. DIR and DIR/UID must be root-owned directories
 * not writable by group or others, reached without any symlink; so only root
 * can add, replace or rename a record in them. Entries that are not well-formed ids, not regular
 * files, not root-owned or writable by group or others are ignored.
 * -ENOENT with a message when no record matches, -errno with a message when
 * the directory cannot be trusted or read.
 */
int session_find(const char *dir, const session_facts *f, session_record *ret, ns_error *err);
