/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libsystemd, opened with dlopen() when the systemd backend first needs it,
 * as systemd opens its own optional libraries. Linking it would load it and
 * the compression and crypto libraries it depends on into every nsshell
 * process, the login-shell stage included, which never uses it: that doubled
 * the time to start nsshell (1.0 -> 2.1 ms, hyperfine, bench notes).
 *
 * Call libsystemd_load() first; then call sym_sd_NAME() for each sd_NAME()
 * listed below. The declarations come from libsystemd-dev's headers, so the
 * pointers have the real prototypes.
 */
#pragma once

#include <systemd/sd-bus.h>
#include <systemd/sd-login.h>

#include "basic/error.h"

#define LIBSYSTEMD_SYMBOLS(X)                                                                               \
        X(sd_bus_open_system)                                                                               \
        X(sd_bus_flush_close_unref)                                                                         \
        X(sd_bus_call)                                                                                      \
        X(sd_bus_error_free)                                                                                \
        X(sd_bus_error_is_set)                                                                              \
        X(sd_bus_match_signal)                                                                              \
        X(sd_bus_slot_unref)                                                                                \
        X(sd_bus_message_new_method_call)                                                                   \
        X(sd_bus_message_append)                                                                            \
        X(sd_bus_message_open_container)                                                                    \
        X(sd_bus_message_close_container)                                                                   \
        X(sd_bus_message_read)                                                                              \
        X(sd_bus_message_unref)                                                                             \
        X(sd_bus_process)                                                                                   \
        X(sd_bus_wait)                                                                                      \
        X(sd_pid_get_session)                                                                               \
        X(sd_pid_get_slice)                                                                                 \
        X(sd_pid_get_unit)                                                                                  \
        X(sd_session_get_uid)

#define LIBSYSTEMD_DECLARE(name) extern typeof(name) *sym_##name;
LIBSYSTEMD_SYMBOLS(LIBSYSTEMD_DECLARE)
#undef LIBSYSTEMD_DECLARE

/* Open libsystemd.so.0 and resolve every symbol, once per process. 0, or
 * -EOPNOTSUPP with a message naming what dlopen()/dlsym() said. */
int libsystemd_load(ns_error *err);

static inline void sym_bus_close_unrefp(sd_bus **b) {
        if (*b)
                sym_sd_bus_flush_close_unref(*b);
}

static inline void sym_bus_message_unrefp(sd_bus_message **m) {
        if (*m)
                sym_sd_bus_message_unref(*m);
}

static inline void sym_bus_slot_unrefp(sd_bus_slot **s) {
        if (*s)
                sym_sd_bus_slot_unref(*s);
}

static inline void sym_bus_error_freep(sd_bus_error *e) {
        if (e->name || e->message)
                sym_sd_bus_error_free(e);
}
