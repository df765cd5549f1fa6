/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The session init: PID 1 of the session's pid namespace, forked by the
 * caller right after unshare(CLONE_NEWPID) so that the user's processes come
 * after it as PID 2+. It closes every fd it inherited (the caller may be sshd's
 * monitor, whose sockets must not be kept alive), mounts /proc for the new pid
 * namespace, reaps orphans, forwards SIGTERM/SIGHUP/SIGINT to the whole
 * session and dies with the caller. When it dies the kernel kills every
 * process of the namespace.
 *
 * Stopping the session (session_init_stop(), or its runtime limit is up), it
 * sends SIGTERM, SIGCONT and SIGHUP to every process of the namespace, as
 * systemd stops a login's scope. Stopped by the close, it exits as soon as
 * no process is left, and the caller SIGKILLs it when the grace period
 * (TimeoutStopSec) is up; at its runtime limit it exits when the grace
 * period is up, which SIGKILLs the rest.
 *
 * Lingering (KillOnLogout=no) it does not die with the caller: the close
 * (session_init_release()) or the caller's death tells it the session is
 * over, and it exits once no process it could reap is left, so daemons of
 * the session keep their namespaces until they end.
 *
 * It never allocates: it is one per session, and a fork of the caller, so it
 * only dirties a few stack pages of its own.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "basic/error.h"
#include "basic/session-id.h"

/*
 * SessionScope=user (session/environment.h): the init of a user's shared
 * environment. It does not die with its caller, the first login, whose
 * close need not be the environment's end: the last login's close ends it
 * (session_init_stop()) or, lingering, releases it (session_init_release():
 * it exits once no process is left). A later login that joins a released
 * environment takes it back (session_init_attach()). So that no login joins
 * an init that is exiting, the init leaves only under the environment's lock
 * (environment.h), after removing the environment's record if it is still
 * its own: any joining login then finds no record, or finds the init alive
 * and its attach pending, which the init honours instead of exiting. When
 * its RuntimeMaxSec is up it removes the record the same way first, so the
 * grace period takes no new logins.
 */
typedef struct session_init_shared {
        int lock_dir_fd; /* NSSHELL_LOCK_DIR */
        char lock_name[32]; /* the environment lock's file in it */
        int record_dir_fd; /* the user's record directory */
        char env_id[SESSION_ID_LEN + 1];
} session_init_shared;

typedef struct session_init_options {
        uint64_t runtime_max_usec; /* 0: no limit */
        uint64_t stop_timeout_usec; /* after the runtime limit's signals: the grace; 0 none */
        bool linger; /* KillOnLogout=no: outlive the close and the caller (see above) */
        char proc_options[64]; /* of its /proc mount (mounts_proc_options()), "" for none */
        const session_init_shared *shared; /* SessionScope=user, else NULL */
} session_init_options;

/* Fork the init (the caller must have unshared CLONE_NEWPID and CLONE_NEWNS)
 * and wait, at most a few seconds, until it has mounted /proc. Returns its
 * pid (as the caller sees it), a pidfd for it, the exit fd (a pipe's read
 * end: it hangs up when the init begins to exit, while a pidfd is readable
 * only once the kernel has reaped the whole pid namespace, which under sshd
 * waits for the caller) and the inode of the new pid namespace (the caller
 * cannot read it itself: its pid_for_children link is empty until a child
 * exists, and then /proc is the session's). On failure nothing is left
 * running. */
int session_init_spawn(const session_init_options *o, pid_t *ret_pid, int *ret_pidfd, int *ret_exit_fd,
        uint64_t *ret_pidns, ns_error *err);

/* End the session gracefully: tell the init to stop it (SIGTERM, SIGCONT,
 * SIGHUP to every process) and wait, at most TIMEOUT_USEC, until it exits
 * (it does once no process is left), watching EXIT_FD, so a session whose
 * processes end at once closes at once; then session_init_kill() with
 * REAP_TIMEOUT_MS (SIGKILL whatever is left). TIMEOUT_USEC 0: SIGKILL at
 * once. EXIT_FD -EBADF (a login that joined the init's environment, not
 * its spawner): the pidfd is watched instead, which turns readable only
 * once the whole pid namespace is gone. Returns as session_init_kill(). */
int session_init_stop(int pidfd, int exit_fd, uint64_t timeout_usec, int reap_timeout_ms, ns_error *err);
/* A shared init that was released: a login joins it again (see above). */
int session_init_attach(int pidfd, ns_error *err);

/* SIGKILL the init (the kernel then kills the whole pid namespace) and reap
 * it if it ends within timeout_ms; never waits longer. Returns 1 if reaped,
 * 0 if it is still a zombie-to-be (the caller's child, reaped later), or
 * -errno. */
int session_init_kill(int pidfd, int timeout_ms, ns_error *err);

/* A lingering init: the session is closed; it exits once its last process
 * is gone. Reaps it if it is gone already; never waits. */
int session_init_release(int pidfd, ns_error *err);
