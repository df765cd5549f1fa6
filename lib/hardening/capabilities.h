/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The capability sets of the process that becomes the user's shell.
 *
 * The bounding set limits what any later execve() can ever grant (file
 * capabilities, a setuid-root binary); dropping from it needs CAP_SETPCAP, so
 * it happens while the process is still root. Inheritable and ambient
 * capabilities survive execve() of unprivileged binaries, which is how crun
 * leaked capabilities into containers (CVE-2022-27650); clearing them needs no
 * privilege and happens after the uid change.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/capability.h>

#include "basic/error.h"

static inline void cap_freep(cap_t *c) {
        if (*c)
                (void) cap_free(*c);
}
#define _cleanup_cap_free_ _cleanup_(cap_freep)

/* Highest capability number the running kernel knows (cap_last_cap). */
int capabilities_last_cap(void);

/* Drop every capability whose bit is clear in KEEP from the bounding set,
 * up to the running kernel's last capability (bits above it are ignored: the
 * kernel has no such capability to keep). Capabilities already absent are
 * skipped, so a process without CAP_SETPCAP succeeds when nothing needs to go.
 * Verified by reading the set back. */
int capabilities_drop_bounding(uint64_t keep, ns_error *err);

/* Empty the ambient set (PR_CAP_AMBIENT_CLEAR_ALL) and the inheritable set,
 * then verify both are empty. Needs no privilege. */
int capabilities_clear_inheritable_ambient(ns_error *err);

/* Fail with -EPERM unless the permitted and effective sets are empty: the
 * check after a uid change that must have cleared them. */
int capabilities_verify_none_held(ns_error *err);
