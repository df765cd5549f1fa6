/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * getpid() through one system call ABI of x86_64 (72-architectures.test),
 * named by the only argument:
 *
 *   native   the x86_64 ABI (syscall instruction)
 *   i386     the i386 ABI: int $0x80 from this 64-bit process enters the
 *            kernel's compat entry, which seccomp sees as AUDIT_ARCH_I386,
 *            as a 32-bit program's calls are
 *   x32      the x32 ABI (the x86_64 number with bit 30 set); Debian's
 *            kernel leaves it compiled out and answers ENOSYS, but a filter
 *            sees the call first
 *
 * Prints "ABI: ok" when the call returned the pid, "ABI: ERRNO-NUMBER" when
 * it failed; a call the filter refuses kills the probe before it prints.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__)
static long getpid_i386(void) {
        long ret;

        /* 20 is getpid in arch/x86/entry/syscalls/syscall_32.tbl */
        __asm__ volatile("int $0x80" : "=a"(ret) : "a"(20L) : "memory", "r8", "r9", "r10", "r11");
        return ret;
}

/* The pid, or -errno. */
static long getpid_abi(const char *abi) {
        long r = -EINVAL;

        if (strcmp(abi, "native") == 0)
                r = syscall(SYS_getpid);
        else if (strcmp(abi, "x32") == 0)
                r = syscall(0x40000000L | SYS_getpid);
        else if (strcmp(abi, "i386") == 0)
                return getpid_i386();
        return r == -1 ? -errno : r;
}
#endif

int main(int argc, char **argv) {
        long r;

        if (argc != 2) {
                fprintf(stderr, "usage: abi-probe native|i386|x32\n");
                return 2;
        }
#if defined(__x86_64__)
        r = getpid_abi(argv[1]);
#else
        r = -ENOSYS;
#endif
        if (r == getpid())
                printf("%s: ok\n", argv[1]);
        else
                printf("%s: %ld\n", argv[1], -r);
        return r == getpid() ? 0 : 1;
}
