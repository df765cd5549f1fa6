/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * System calls an unprivileged user may make on a stock kernel, which the
 * kernel and device protections deny (75-protect.test): each argument names
 * one, the probe makes it and prints "NAME: ok" or "NAME: <errno name>".
 *
 *   adjtimex     adjtimex() reading the clock state (modes 0): ProtectClock
 *   iopl0        iopl(0), keeping the current level: PrivateDevices (@raw-io)
 *   ioperm-off   ioperm(0x80, 1, 0), dropping access: PrivateDevices (@raw-io)
 *
 * and "mount:PATH" prints "PATH: ro" or "PATH: rw", as statvfs() sees the
 * mount PATH reaches (mountinfo lists shadowed mounts too).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/timex.h>
#include <unistd.h>

static int probe(const char *name) {
        struct timex tx = {.modes = 0};

        if (strcmp(name, "adjtimex") == 0)
                return adjtimex(&tx) < 0 ? -1 : 0;
#ifdef SYS_iopl
        if (strcmp(name, "iopl0") == 0)
                return (int) syscall(SYS_iopl, 0);
        if (strcmp(name, "ioperm-off") == 0)
                return (int) syscall(SYS_ioperm, 0x80UL, 1UL, 0);
#endif
        errno = EINVAL;
        return -2;
}

static int mount_probe(const char *path) {
        struct statvfs sv;

        if (statvfs(path, &sv) < 0)
                printf("%s: %s\n", path, strerrorname_np(errno));
        else
                printf("%s: %s\n", path, (sv.f_flag & ST_RDONLY) ? "ro" : "rw");
        return 0;
}

int main(int argc, char **argv) {
        for (int i = 1; i < argc; i++) {
                int r;
                if (strncmp(argv[i], "mount:", 6) == 0) {
                        mount_probe(argv[i] + 6);
                        continue;
                }
                r = probe(argv[i]);
                if (r == -2) {
                        fprintf(stderr, "protect-probe: unknown probe \"%s\"\n", argv[i]);
                        return 2;
                }
                printf("%s: %s\n", argv[i], r < 0 ? strerrorname_np(errno) : "ok");
        }
        return 0;
}
