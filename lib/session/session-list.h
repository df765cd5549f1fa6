/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Every session record at once, with what the host can tell about each
 * session now: whether it still runs, and its cgroup's current memory and
 * task counts. For `nsshell --list` (and `--gc`, which removes what it finds
 * stale).
 *
 * A login of a shared environment (SessionScope=user) is live while its
 * init runs and its caller does (environment.h).
 *
 * A session is live while its init runs: the record's init_pid, opened as a
 * pidfd, is a process whose pid namespace is the record's ns_pid, and it is
 * still running after that check (so a recycled PID never passes for the
 * init). A session without a pid namespace has no init; its cgroup leaf's
 * "populated" tells instead. PIDs are read in the caller's pid namespace: a
 * record written from inside another one (a test world) looks stale here.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "basic/error.h"
#include "session/session-record.h"

typedef enum session_state {
        SESSION_STATE_LIVE,
        SESSION_STATE_STALE, /* the session ended without removing its record */
        SESSION_STATE_UNKNOWN, /* neither an init nor a cgroup leaf to ask */
} session_state;

typedef struct session_entry {
        session_record record;
        session_state state;
        int64_t memory_current; /* bytes; -1 when the leaf has no memory.current */
        int64_t pids_current; /* -1 when the leaf has no pids.current */
} session_entry;

/* "live", "stale", "unknown". */
const char *session_state_name(session_state s);

/* Whether the session of record r is still running (see above). */
session_state session_record_state(const session_record *r);

/* Open the record directory at path (an O_PATH fd: it is 0711, and only root
 * may list it), refusing symlinks and a directory not owned by root or
 * writable by others. A missing directory (no session ever opened) gives
 * *ret_fd = -EBADF and 0. */
int session_list_open_dir(const char *path, int *ret_fd, ns_error *err);

/*
 * Read every record of every user below dirfd (-EBADF: none; listing needs
 * root), oldest first, with its state and
 * cgroup counters. Records removed while reading are skipped silently; ones
 * that cannot be read or parsed are skipped with a message each in err->all.
 * Returns the number skipped that way, or -errno when the directory itself
 * cannot be read (then nothing is returned).
 */
int session_list(int dirfd, session_entry **ret, size_t *ret_n, ns_error *err);
void session_list_free(session_entry *l, size_t n);

/*
 * Remove the records in dirfd (-EBADF: none) whose session is stale, of user
 * UID only or, with UID (uid_t) -1, of every user: what a session left when
 * its application died without closing it. Live and unknown sessions keep
 * their records, and so do records that cannot be read. *RET_REMOVED (may be
 * NULL) counts the removed records.
 */
int session_records_gc(int dirfd, uid_t uid, unsigned *ret_removed, ns_error *err);

/* Call FN for every record (by session id) in one user's directory
 * USER_FD; stops at FN's first negative return. */
typedef int (*session_record_fn)(int dirfd, const char *id, void *userdata, ns_error *err);
int session_records_foreach_user(int user_fd, session_record_fn fn, void *userdata, ns_error *err);

/* Call FN with each user's record directory below DIRFD (-EBADF: none),
 * opened as session_record_user_dir_find() does; stops at FN's first
 * negative return. */
typedef int (*session_user_fn)(int user_fd, uid_t uid, void *userdata, ns_error *err);
int session_users_foreach(int dirfd, session_user_fn fn, void *userdata, ns_error *err);

/* How many of user UID's sessions in dirfd (-EBADF: none) are not stale:
 * live ones, and unknown ones, which might be (MaxSessions counts them). */
int session_records_count_live(int dirfd, uid_t uid, unsigned *ret_live, ns_error *err);
