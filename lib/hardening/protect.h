/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The process side of the kernel and device protections (PrivateDevices,
 * ProtectKernelTunables, ProtectKernelModules, ProtectKernelLogs,
 * ProtectClock), as systemd.exec(5) gives them: system calls denied with
 * EPERM whatever SystemCallFilter says, and capabilities taken out of the
 * bounding set whatever CapabilityBoundingSet says. Their mount side is in
 * session/mounts-kernel.c; ProtectControlGroups, ProtectProc and ProcSubset
 * have only a mount side.
 *
 * The names are listed here, by name, independently of SystemCallFilter's
 * groups, so that the two never change each other's meaning.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "policy/policy.h"

/* The most names protect_syscalls() can return. */
#define PROTECT_SYSCALLS_MAX 24

/* The system calls P's protections deny, into ret (NULL-terminated, static
 * strings); returns how many. Names some ABIs lack are included: the filter
 * leaves them out of those ABIs' parts. */
size_t protect_syscalls(const policy *p, const char *ret[static PROTECT_SYSCALLS_MAX + 1]);

/* The capabilities P's protections take away (bit n = capability n). */
uint64_t protect_capabilities(const policy *p);

/* The bounding set to keep: CapabilityBoundingSet minus protect_capabilities(). */
uint64_t protect_bounding_set(const policy *p);
