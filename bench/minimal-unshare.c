/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The floor for bench/session-setup: the least a program must do to run a
 * command in the same namespaces as nsshell's sample policy — unshare(), fork,
 * a fresh /proc in the child (PID 1), exec. No policy, no user change, no
 * session init, no record.
 */
#include <sched.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
        int status;
        pid_t pid;

        if (argc < 2) {
                fputs("usage: minimal-unshare COMMAND [ARGS...]\n", stderr);
                return 2;
        }
        if (unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWNET |
                    CLONE_NEWCGROUP) < 0) {
                perror("unshare");
                return 1;
        }
        pid = fork();
        if (pid < 0) {
                perror("fork");
                return 1;
        }
        if (pid == 0) {
                if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0 ||
                        mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
                        perror("mount");
                        _exit(1);
                }
                execvp(argv[1], argv + 1);
                _exit(127);
        }
        if (waitpid(pid, &status, 0) < 0)
                return 1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
