/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The root-owned record of one session, /run/nsshell/sessions/<id>: the facts
 * that later stages (the login-shell stage, `nsshell --list`, `--gc`) check a
 * session against, which a user cannot forge. Each file is written whole
 * (O_TMPFILE + linkat) or not at all.
 *
 * The directory is root-owned 0755 and each record root-owned 0644: the
 * login-shell stage runs as the user and must read the record of its own
 * session to verify it. Only root can write either. A record holds nothing
 * secret: user, uid, service, init pid, start time, namespace inodes and
 * the cgroup path, all of which `ps`, `who` and /proc already show.
 *
 * Format: one "key=value" per line; unknown keys are ignored by readers.
 */
#pragma once

#include <stdint.h>
#include <sys/types.h>

#include "basic/error.h"
#include "basic/session-id.h"
#include "session/namespaces.h"

#define NSSHELL_RUN_DIR "/run/nsshell"
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
} session_record;

/* Open (creating if needed) nsshell's runtime directory (NSSHELL_RUN_DIR:
 * records, the inaccessible node), root-owned, refusing symlinks. */
int session_run_dir_open(const char *run_dir, int *ret_fd, ns_error *err);
/* Open (creating if needed) "sessions" below it, root-owned and 0755 (see above). */
int session_record_dir_open(int run_fd, int *ret_fd, ns_error *err);

int session_record_write(int dirfd, const session_record *r, ns_error *err);
int session_record_read(int dirfd, const char *id, session_record *ret, ns_error *err);
/* Missing records are not an error (close is idempotent). */
int session_record_remove(int dirfd, const char *id, ns_error *err);
void session_record_done(session_record *r);
