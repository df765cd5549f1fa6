/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SessionScope=user: one isolated environment per user (namespaces, mounts,
 * hostname, the init), built by the user's first login and joined by every
 * later one (docs/DESIGN.md, "One environment per user").
 *
 * The environment is known by its record, ENVIRONMENT_RECORD in the user's
 * root-owned record directory (session-record.h), written and removed only
 * under the user's environment lock (ENVIRONMENT_LOCK_FMT in
 * NSSHELL_LOCK_DIR, which only root can open). A login joins only after
 * checking, from facts no user can set, that the record's init is the
 * environment's: a pidfd of the recorded PID whose process started at the
 * recorded time, sits in the recorded cgroup leaf (below the user's slice)
 * and has the recorded namespaces, and is still running after those checks
 * (so a recycled PID never passes); after setns() through that pidfd the
 * caller's namespaces are checked against the record once more. A record
 * built from another policy (policy_hash) is never joined: that login
 * builds a new environment, which becomes the user's.
 *
 * Each login keeps a record of its own (environment=ID, the caller's pid and
 * start time); a login is live while its caller runs. The close of the last
 * live login ends the environment (KillOnLogout yes) or releases its init,
 * which then ends with its last process.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "basic/error.h"
#include "policy/policy.h"
#include "session/session-record.h"

#define ENVIRONMENT_RECORD "environment"
#define ENVIRONMENT_LOCK_FMT "environment-%u.lock"

typedef struct environment {
        session_record record;
        int init_pidfd;
} environment;

#define ENVIRONMENT_INIT                                                                                    \
        { .init_pidfd = -EBADF }

void environment_done(environment *e);

/* The policy's fingerprint: 64-bit FNV-1a of its --explain text
 * (policy_format()), with SESSION_ID, which %s put there, written back as
 * "%s" so that two logins of one policy agree. */
int environment_policy_hash(const policy *p, const char *session_id, uint64_t *ret, ns_error *err);

/* Start time of process PID (clock ticks after boot), from PROC_FD (the
 * host's /proc; -EBADF: "/proc"). */
int environment_process_start(int proc_fd, pid_t pid, uint64_t *ret);

/* Whether the login of record R (one with an environment) still runs: its
 * caller is the process of the recorded pid and start time. */
bool environment_login_alive(const session_record *r);

/* Take the environment lock of user UID (LOCKS_FD: NSSHELL_LOCK_DIR). */
int environment_lock(int locks_fd, uid_t uid, int *ret_fd, ns_error *err);

/*
 * With the lock held: the user's environment to join. 1 with *RET filled
 * (the record and a pidfd of its init); 0 when there is none to join, with
 * *RET_WHY a phrase for the log ("none" when there is no record at all);
 * -errno. *RET_OLD_ID: the id of the environment not joined, "" if none.
 * A record whose logins all ended without closing under KillOnLogout yes
 * is ended here (its verified init SIGKILLed) and removed; one that fails
 * a check is removed only with TIDY (nsshell --gc), else left for the
 * login that builds anew to replace.
 */
int environment_find(int user_dir_fd, uid_t uid, uint64_t policy_hash, bool tidy, environment *ret,
        const char **ret_why, char ret_old_id[static SESSION_ID_LEN + 1], ns_error *err);

/* Join E's namespaces of TYPES (NS_* bits) through its init's pidfd, then
 * check each against the record. NS_CGROUP is not joined but made anew,
 * rooted at the caller's cgroup (each login has a leaf of its own): its
 * inode in *RET_CGROUP_INODE. On failure the caller may be in some of them:
 * it must return to its saved ones. */
int environment_join(const environment *e, unsigned types, uint64_t *ret_cgroup_inode, ns_error *err);

/* With the lock held: how many logins of environment ENV_ID, the record
 * EXCEPT_ID excepted, are live. */
int environment_logins_live(
        int user_dir_fd, const char *env_id, const char *except_id, unsigned *ret, ns_error *err);

/* With the lock held: remove the user's environment record if it is
 * ENV_ID's. */
int environment_record_retire(int user_dir_fd, const char *env_id, ns_error *err);

/* nsshell --gc: for each user below SESSIONS_FD, what environment_find()
 * ends, under each user's lock. *RET_ENDED (may be NULL) counts them. */
int environment_gc(int run_fd, int sessions_fd, unsigned *ret_ended, ns_error *err);
