/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A terminal of the child's own, relayed to the caller's (what `su --pty`
 * and `runuser --pty` do).
 *
 * A child that inherits the caller's terminal keeps it as long as any of its
 * processes lives: a process left behind after the child ends still reads
 * what the caller types next and writes into the caller's screen. With a
 * relay the child gets the slave of a new pseudo-terminal on every one of
 * its standard descriptors that was a terminal (and that pty as its
 * controlling terminal); the parent copies bytes between the caller's
 * terminal and the master. When the relay ends the master is closed: what
 * is left of the child gets a hangup, never the caller's terminal.
 * See docs/DESIGN.md, "Terminals".
 *
 * Order: pty_relay_new() in the parent, fork(), pty_relay_child() in the
 * child, pty_relay_run() in the parent, pty_relay_free().
 */
#pragma once

#include <sys/types.h>

#include "basic/error.h"

typedef struct pty_relay pty_relay;

/* A new pty for a child of the caller when any of fds 0-2 is a terminal:
 * 1 and *ret set; 0 and *ret NULL when none is (nothing to protect); or
 * -errno with err set. */
int pty_relay_new(pty_relay **ret, ns_error *err);

/* In the forked child, while still root: a new session with the pty's slave
 * as controlling terminal, owned by uid, with the caller's terminal modes and
 * size; the slave replaces each of fds 0-2 that was a terminal. The master
 * and the caller's terminal are not left open in the child. 0 or -errno with
 * err set. */
int pty_relay_child(pty_relay *r, uid_t uid, ns_error *err);

/* In the parent: the caller's terminal in raw mode (restored before this
 * returns), bytes relayed both ways until the child pid exits and its last
 * output is copied; *ret_status is its waitpid() status. Signals other than
 * SIGCHLD and SIGWINCH are the caller's business (they interrupt the wait
 * and the relay carries on). 0 or -errno with err set. */
int pty_relay_run(pty_relay *r, pid_t pid, int *ret_status, ns_error *err);

/* Close the master (the child's terminal hangs up) and free. NULL is fine. */
void pty_relay_free(pty_relay *r);
