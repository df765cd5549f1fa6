/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libnftables, opened with dlopen() when a nat session first needs it, as
 * cgroup/libsystemd.h opens libsystemd: linked, it and what it depends on
 * (libnftnl, libxtables, libgmp, libjansson) would be loaded into every
 * nsshell process and every PAM application that loads pam_nsshell.so, the
 * login-shell stage included, which never uses it.
 *
 * Call libnftables_load() first; then call sym_NAME() for each NAME() listed
 * below. The declarations come from libnftables-dev's header, so the
 * pointers have the real prototypes.
 */
#pragma once

#include <nftables/libnftables.h>

#include "basic/error.h"

#define LIBNFTABLES_SONAME "libnftables.so.1"

#define LIBNFTABLES_SYMBOLS(X)                                                                              \
        X(nft_ctx_new)                                                                                      \
        X(nft_ctx_free)                                                                                     \
        X(nft_ctx_buffer_output)                                                                            \
        X(nft_ctx_buffer_error)                                                                             \
        X(nft_ctx_get_error_buffer)                                                                         \
        X(nft_run_cmd_from_buffer)

#define LIBNFTABLES_DECLARE(name) extern typeof(name) *sym_##name;
LIBNFTABLES_SYMBOLS(LIBNFTABLES_DECLARE)
#undef LIBNFTABLES_DECLARE

/* Open LIBNFTABLES_SONAME and resolve every symbol, once per process. 0, or
 * -EOPNOTSUPP with a message naming what dlopen()/dlsym() said. */
int libnftables_load(ns_error *err);
