/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The mount vocabulary of nsshell.conf(5)'s path directives, shared by the
 * parser (which refuses bad values at load time) and the mount engine (which
 * applies them): the "-" prefix of a path (ignore it when missing) and
 * TemporaryFileSystem=PATH[:OPTIONS], whose OPTIONS mix mount flags (ro,
 * nosuid, noexec, strictatime...) with tmpfs options (mode=, size=...),
 * split the way systemd.exec(5) splits them.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/mount.h>

#include "basic/error.h"

/* WORD without its leading "-", and in *ret_optional whether it had one
 * ("-/path": ignore if missing, as systemd.exec(5)). Never fails. */
const char *mount_path_strip(const char *word, bool *ret_optional);

/* The default mount attributes of a TemporaryFileSystem: nosuid, nodev
 * (options "suid" and "dev" clear them). */
#define TMPFS_SPEC_ATTR_DEFAULT (MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV)

typedef struct tmpfs_spec {
        char *path; /* absolute */
        char *options; /* for the tmpfs itself ("mode=0700,size=10%"), "" if none */
        uint64_t attr; /* MOUNT_ATTR_* for fsmount(): the flags among OPTIONS over the default */
} tmpfs_spec;

/* Split "PATH[:OPTIONS]". Flags known: ro rw nosuid suid nodev dev noexec exec
 * strictatime nostrictatime relatime norelatime noatime atime nodiratime
 * diratime; tmpfs options known: mode= (octal) size= nr_blocks= nr_inodes=
 * (numbers with k/m/g suffix or N%) uid= gid= huge= mpol= inode32 inode64.
 * 0 with *ret filled (free with tmpfs_spec_done()), or -EINVAL with a message
 * naming the bad option (ret untouched), -ENOMEM. */
int tmpfs_spec_parse(const char *spec, tmpfs_spec *ret, ns_error *err);
void tmpfs_spec_done(tmpfs_spec *s);
