/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <dlfcn.h>
#include <errno.h>
#include <stdbool.h>

#include "cgroup/libsystemd.h"

#define LIBSYSTEMD_DEFINE(name) typeof(name) *sym_##name;
LIBSYSTEMD_SYMBOLS(LIBSYSTEMD_DEFINE)
#undef LIBSYSTEMD_DEFINE

#define LIBSYSTEMD_ENTRY(name) {#name, (void **) &sym_##name},
static const struct {
        const char *name;
        void **ptr;
} symbols[] = {LIBSYSTEMD_SYMBOLS(LIBSYSTEMD_ENTRY)};
#undef LIBSYSTEMD_ENTRY

int libsystemd_load(ns_error *err) {
        static bool loaded;
        void *dl;

        if (loaded)
                return 0;
        /* Never closed: the pointers stay valid for the process's life. */
        dl = dlopen("libsystemd.so.0", RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
        if (!dl)
                return ns_error_set(
                        err, -EOPNOTSUPP, "systemd backend: dlopen(\"libsystemd.so.0\"): %s", dlerror());
        for (size_t i = 0; i < ELEMENTSOF(symbols); i++) {
                *symbols[i].ptr = dlsym(dl, symbols[i].name);
                if (!*symbols[i].ptr)
                        return ns_error_set(err, -EOPNOTSUPP,
                                "systemd backend: libsystemd.so.0 has no %s: %s", symbols[i].name,
                                dlerror());
        }
        loaded = true;
        return 0;
}
