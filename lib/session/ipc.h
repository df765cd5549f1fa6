/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SysV IPC objects of the caller's IPC namespace. A shared memory segment can
 * outlive the processes (and, held by a namespace reference, the session) that
 * made it, outside any memory limit: session_close() removes them all while
 * the caller is still in the session's IPC namespace.
 */
#pragma once

#include "basic/error.h"

/* IPC_RMID every shm segment, semaphore set and message queue of the current
 * IPC namespace. Returns how many were removed, or -errno. */
int ipc_remove_all(ns_error *err);
