/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <dlfcn.h>
#include <errno.h>
#include <stdbool.h>

#include "basic/macro.h"
#include "net/libnftables.h"

#define LIBNFTABLES_DEFINE(name) typeof(name) *sym_##name;
LIBNFTABLES_SYMBOLS(LIBNFTABLES_DEFINE)
#undef LIBNFTABLES_DEFINE

#define LIBNFTABLES_ENTRY(name) {#name, (void **) &sym_##name},
static const struct {
        const char *name;
        void **ptr;
} symbols[] = {LIBNFTABLES_SYMBOLS(LIBNFTABLES_ENTRY)};
#undef LIBNFTABLES_ENTRY

int libnftables_load(ns_error *err) {
        static bool loaded;
        void *dl;

        if (loaded)
                return 0;
        /* Never closed: the pointers stay valid for the process's life. */
        dl = dlopen(LIBNFTABLES_SONAME, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
        if (!dl)
                return ns_error_set(
                        err, -EOPNOTSUPP, "network: dlopen(\"" LIBNFTABLES_SONAME "\"): %s", dlerror());
        for (size_t i = 0; i < ELEMENTSOF(symbols); i++) {
                *symbols[i].ptr = dlsym(dl, symbols[i].name);
                if (!*symbols[i].ptr)
                        return ns_error_set(err, -EOPNOTSUPP,
                                "network: " LIBNFTABLES_SONAME " has no %s: %s", symbols[i].name, dlerror());
        }
        loaded = true;
        return 0;
}
