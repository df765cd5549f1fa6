/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The root-owned record of one session, /run/nsshell/sessions/<uid>/<id>: the
 * facts that later stages (the login-shell stage, `nsshell --list`, `--gc`)
 * check a session against, which a user cannot forge. Each file is written
 * whole (O_TMPFILE + linkat) or not at all, on nsshell's own file system
 * (basic/run-dir.h), so no user can make the write fail by filling /run.
 *
 * Who may read what (docs/DESIGN.md, "Session records"):
 *   sessions/        root 0711: anyone may traverse, no one but root list it
 *   sessions/<uid>/  root 0700 plus the POSIX ACL entry user:<uid>:r-x: the
 *                    login-shell stage runs as the user and must list and
 *                    read its own records to find its session; no other user
 *                    can enter it
 *   <id>             root 0644, reachable only through the directory above
 * Only root can write any of them.
 *
 * Format: one "key=value" per line; unknown keys are ignored by readers.
 */
#pragma once

#include <stdint.h>
#include <sys/types.h>

#include "basic/error.h"
#include "basic/run-dir.h"
#include "basic/session-id.h"
#include "session/namespaces.h"

#define SESSION_RECORD_DIR NSSHELL_RUN_DIR "/sessions"

typedef struct session_record {
        char id[SESSION_ID_LEN + 1];
        char *user;
        uid_t uid;
        char *service;
        pid_t init_pid; /* as seen from the host; 0 without a pid namespace */
        uint64_t start_usec; /* CLOCK_REALTIME */
        uint64_t ns_inode[NS_CALLER_TYPES]; /* mnt pid ipc uts net cgroup; 0 = not created */
        char *cgroup; /* the session leaf, NULL until the cgroup step sets it */
        char *unit; /* systemd backend: the scope unit; else NULL */
        char *logind_session; /* systemd backend: logind's session id, when the scope is logind's */
        /* SessionScope=user (session/environment.h): in a login's record, the
         * environment it belongs to and the PAM application's process that
         * holds the login (pid and start time: the login ends with it); in
         * the environment's record (ENVIRONMENT_RECORD), its own id again and
         * the facts a joining login checks. "" and 0 otherwise. */
        char environment[SESSION_ID_LEN + 1];
        pid_t caller_pid;
        uint64_t caller_start; /* clock ticks after boot, /proc/PID/stat's starttime */
        uint64_t init_start; /* the same of init_pid */
        uint64_t policy_hash; /* environment_policy_hash() */
        bool kill_on_logout; /* the environment's KillOnLogout */
} session_record;

/* Open (creating if needed) "sessions" below RUN_FD (run_dir_open()),
 * root-owned and 0711 (see above). */
int session_record_dir_open(int run_fd, int *ret_fd, ns_error *err);
/* Open (creating if needed) the record directory of user UID below
 * SESSIONS_FD, root-owned 0700 with the ACL entry user:UID:r-x (none for
 * root). -EOPNOTSUPP (with a message) when the file system has no POSIX
 * ACLs: the records then stay unreadable to the user, and the login-shell
 * stage could not find its session. */
int session_record_user_dir_open(int sessions_fd, uid_t uid, int *ret_fd, ns_error *err);
/* Open the record directory of user UID below SESSIONS_FD (any fd of it,
 * O_PATH will do) for reading, refusing symlinks and a directory not owned by
 * root or writable by others. -ENOENT (without message) when there is none. */
int session_record_user_dir_find(int sessions_fd, uid_t uid, int *ret_fd, ns_error *err);

int session_record_write(int dirfd, const session_record *r, ns_error *err);
int session_record_read(int dirfd, const char *id, session_record *ret, ns_error *err);
/* The same under another file NAME (no session id: readers of the session
 * records skip it); the write replaces an existing file of that name. */
int session_record_write_as(int dirfd, const char *name, const session_record *r, ns_error *err);
int session_record_read_as(int dirfd, const char *name, session_record *ret, ns_error *err);
/* Missing records are not an error (close is idempotent). */
int session_record_remove(int dirfd, const char *id, ns_error *err);
void session_record_done(session_record *r);
