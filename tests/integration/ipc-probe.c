/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ipc-probe: what tests 38 and 39 do inside and outside sessions with unix
 * sockets and POSIX message queues (no python, socat or nc -U needed).
 *
 *   ipc-probe serve PATH TEXT   listen on the unix socket PATH (mode 0666),
 *                               write TEXT to every client; runs until killed
 *   ipc-probe connect PATH      connect to PATH, print what it says; exit 1
 *                               (with the errno on stderr) if it cannot
 *   ipc-probe mq NAME           mq_open("/NAME", O_CREAT) and print
 *                               "mq_open=ok dev_mqueue=yes|no": whether the
 *                               queue shows in /dev/mqueue
 */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static int address(const char *path, struct sockaddr_un *sa) {
        memset(sa, 0, sizeof(*sa));
        sa->sun_family = AF_UNIX;
        if (strlen(path) >= sizeof(sa->sun_path)) {
                fprintf(stderr, "ipc-probe: path too long: %s\n", path);
                return -1;
        }
        strcpy(sa->sun_path, path);
        return 0;
}

static int serve(const char *path, const char *text) {
        struct sockaddr_un sa;
        char line[4096];
        int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

        if (s < 0 || address(path, &sa) < 0)
                return 1;
        (void) unlink(path);
        if (bind(s, (struct sockaddr *) &sa, sizeof(sa)) < 0 || chmod(path, 0666) < 0 || listen(s, 16) < 0) {
                fprintf(stderr, "ipc-probe: listen on %s: %s\n", path, strerror(errno));
                return 1;
        }
        /* One write, so that the client's one read gets the whole line. */
        snprintf(line, sizeof(line), "%s\n", text);
        for (;;) {
                int c = accept4(s, NULL, NULL, SOCK_CLOEXEC);
                if (c < 0)
                        continue;
                (void) !write(c, line, strlen(line));
                close(c);
        }
}

static int connect_to(const char *path) {
        struct sockaddr_un sa;
        char buf[256];
        ssize_t n;
        int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

        if (s < 0 || address(path, &sa) < 0)
                return 1;
        if (connect(s, (struct sockaddr *) &sa, sizeof(sa)) < 0) {
                fprintf(stderr, "ipc-probe: connect to %s: %s\n", path, strerror(errno));
                return 1;
        }
        n = read(s, buf, sizeof(buf) - 1);
        if (n <= 0) {
                fprintf(stderr, "ipc-probe: %s said nothing\n", path);
                return 1;
        }
        buf[n] = '\0';
        fputs(buf, stdout);
        return 0;
}

static int mq(const char *name) {
        char qname[128], path[160];
        mqd_t q;

        snprintf(qname, sizeof(qname), "/%s", name);
        snprintf(path, sizeof(path), "/dev/mqueue/%s", name);
        q = mq_open(qname, O_CREAT | O_RDWR, 0600, NULL);
        if (q == (mqd_t) -1) {
                fprintf(stderr, "ipc-probe: mq_open %s: %s\n", qname, strerror(errno));
                return 1;
        }
        printf("mq_open=ok dev_mqueue=%s\n", access(path, F_OK) == 0 ? "yes" : "no");
        return 0;
}

int main(int argc, char **argv) {
        if (argc == 4 && strcmp(argv[1], "serve") == 0)
                return serve(argv[2], argv[3]);
        if (argc == 3 && strcmp(argv[1], "connect") == 0)
                return connect_to(argv[2]);
        if (argc == 3 && strcmp(argv[1], "mq") == 0)
                return mq(argv[2]);
        fprintf(stderr, "usage: ipc-probe serve PATH TEXT | connect PATH | mq NAME\n");
        return 2;
}
