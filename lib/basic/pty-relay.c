/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "basic/fd-util.h"
#include "basic/pty-relay.h"

#define RELAY_BUF 4096
/* Output still copied after the child exited: what it wrote last, bounded,
 * since a process left behind may go on writing. */
#define DRAIN_READS_MAX 64

struct pty_relay {
        int master;
        bool is_tty[3]; /* which of fds 0-2 were terminals */
        int in; /* the caller's terminal to read typed input from, or -1 */
        int out; /* where the child's terminal output goes, or -1 */
        struct termios modes; /* the caller's terminal modes, given to the pty */
        bool have_modes;
        bool raw; /* the caller's terminal is in raw mode now */
};

static volatile sig_atomic_t got_sigchld, got_sigwinch;

static void on_signal(int sig) {
        if (sig == SIGCHLD)
                got_sigchld = 1;
        else
                got_sigwinch = 1;
}

void pty_relay_free(pty_relay *r) {
        if (!r)
                return;
        safe_close(r->master);
        free(r);
}

static void pty_relay_freep(pty_relay **r) {
        pty_relay_free(*r);
}

static bool writable(int fd) {
        int flags = fcntl(fd, F_GETFL);

        return flags >= 0 && (flags & O_ACCMODE) != O_RDONLY;
}

int pty_relay_new(pty_relay **ret, ns_error *err) {
        _cleanup_(pty_relay_freep) pty_relay *r = NULL;
        int ref = -1;

        assert(ret);
        r = calloc(1, sizeof(*r));
        if (!r)
                return ns_error_set_errno(err, -ENOMEM, "allocate a terminal for the session");
        r->master = r->in = r->out = -1;
        for (int fd = 2; fd >= 0; fd--)
                if ((r->is_tty[fd] = isatty(fd)))
                        ref = fd;
        if (ref < 0) {
                *ret = NULL;
                return 0;
        }
        r->in = r->is_tty[0] ? 0 : -1;
        r->out = r->is_tty[1] ? 1 : r->is_tty[2] ? 2 : writable(0) ? 0 : -1;
        r->have_modes = tcgetattr(ref, &r->modes) == 0;
        r->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (r->master < 0 || unlockpt(r->master) < 0)
                return ns_error_set_errno(
                        err, negative_errno(), "allocate a terminal for the session (/dev/ptmx)");
        *ret = TAKE_PTR(r);
        return 1;
}

static void copy_size(int from, int to) {
        struct winsize ws;

        if (from >= 0 && ioctl(from, TIOCGWINSZ, &ws) == 0)
                (void) ioctl(to, TIOCSWINSZ, &ws);
}

int pty_relay_child(pty_relay *r, uid_t uid, ns_error *err) {
        _cleanup_close_ int slave = -EBADF;

        assert(r);
        slave = ioctl(r->master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (slave >= 0 && slave <= 2) {
                int high = fcntl(slave, F_DUPFD_CLOEXEC, 3);

                safe_close(TAKE_FD(slave));
                slave = high;
        }
        if (slave < 0)
                return ns_error_set_errno(err, negative_errno(), "open the session's terminal");
        if (setsid() < 0 || ioctl(slave, TIOCSCTTY, 0) < 0)
                return ns_error_set_errno(err, negative_errno(), "make the session's terminal controlling");
        if (r->have_modes)
                (void) tcsetattr(slave, TCSANOW, &r->modes);
        copy_size(r->in >= 0 ? r->in : r->out, slave);
        /* The user opens /dev/tty by its mode, as on the pty sshd gives. */
        if (fchown(slave, uid, (gid_t) -1) < 0 || fchmod(slave, 0620) < 0)
                return ns_error_set_errno(
                        err, negative_errno(), "give the session's terminal to uid %u", (unsigned) uid);
        for (int fd = 0; fd <= 2; fd++)
                if (r->is_tty[fd] && dup2(slave, fd) < 0)
                        return ns_error_set_errno(
                                err, negative_errno(), "put the session's terminal on fd %d", fd);
        r->master = safe_close(r->master);
        return 0;
}

/* Copy what the child's terminal printed to the caller's. 0 when there was
 * nothing to read, 1 after a copy, -1 when the pty has no reader left or
 * failed. */
static int copy_output(pty_relay *r) {
        char buf[RELAY_BUF];
        ssize_t n = read(r->master, buf, sizeof(buf));

        if (n < 0 && (errno == EAGAIN || errno == EINTR))
                return 0;
        if (n <= 0)
                return -1;
        if (r->out >= 0 && fd_write_all(r->out, buf, (size_t) n) < 0)
                r->out = -1; /* the caller's terminal is gone: drop the output */
        return 1;
}

typedef struct relay_state {
        char in_buf[RELAY_BUF];
        size_t in_len;
        bool in_open; /* the caller's terminal still gives input */
        bool master_open; /* the child's side still has the pty open */
} relay_state;

static void copy_input(pty_relay *r, relay_state *s, pid_t pid) {
        ssize_t n = read(r->in, s->in_buf, sizeof(s->in_buf));

        if (n < 0 && (errno == EAGAIN || errno == EINTR))
                return;
        if (n <= 0) {
                /* The caller's terminal hung up: so does the child's. */
                s->in_open = false;
                (void) kill(pid, SIGHUP);
                return;
        }
        s->in_len = (size_t) n;
}

static void send_input(pty_relay *r, relay_state *s) {
        ssize_t n = write(r->master, s->in_buf, s->in_len);

        if (n > 0) {
                memmove(s->in_buf, s->in_buf + n, s->in_len - (size_t) n);
                s->in_len -= (size_t) n;
        } else if (n < 0 && errno != EAGAIN && errno != EINTR)
                s->in_len = 0;
}

/* One wait for something to do, then do it. -errno on a failed poll. */
static int relay_once(pty_relay *r, relay_state *s, pid_t pid, const sigset_t *unblocked) {
        struct pollfd fds[2] = {{.fd = -1}, {.fd = -1}};

        if (s->master_open)
                fds[0] = (struct pollfd){.fd = r->master, .events = POLLIN | (s->in_len ? POLLOUT : 0)};
        if (s->master_open && s->in_open && s->in_len == 0)
                fds[1] = (struct pollfd){.fd = r->in, .events = POLLIN};
        if (ppoll(fds, 2, NULL, unblocked) < 0)
                return errno == EINTR ? 0 : -errno;
        if (fds[0].revents & (POLLIN | POLLHUP | POLLERR))
                if (copy_output(r) < 0)
                        s->master_open = false;
        if (s->master_open && (fds[0].revents & POLLOUT))
                send_input(r, s);
        if (fds[1].revents & (POLLIN | POLLHUP | POLLERR))
                copy_input(r, s, pid);
        return 0;
}

static int relay_loop(pty_relay *r, pid_t pid, const sigset_t *unblocked, int *ret_status, ns_error *err) {
        relay_state s = {.in_open = r->in >= 0, .master_open = true};

        got_sigchld = 1; /* it may have exited before the handler was there */
        for (;;) {
                if (got_sigwinch) {
                        got_sigwinch = 0;
                        copy_size(r->in >= 0 ? r->in : r->out, r->master);
                }
                if (got_sigchld) {
                        pid_t w;

                        got_sigchld = 0;
                        w = waitpid(pid, ret_status, WNOHANG);
                        if (w == pid)
                                break;
                        if (w < 0 && errno != EINTR)
                                return ns_error_set_errno(
                                        err, negative_errno(), "wait for PID %d", (int) pid);
                }
                int q = relay_once(r, &s, pid, unblocked);
                if (q < 0)
                        return ns_error_set_errno(err, q, "relay the session's terminal");
        }
        for (int i = 0; s.master_open && i < DRAIN_READS_MAX && copy_output(r) > 0; i++)
                ;
        return 0;
}

int pty_relay_run(pty_relay *r, pid_t pid, int *ret_status, ns_error *err) {
        struct sigaction sa = {.sa_handler = on_signal}, old_chld, old_winch;
        sigset_t block, old_mask;
        struct termios raw;
        int status = 0, ret;

        assert(r);
        assert(ret_status);
        sigemptyset(&block);
        sigaddset(&block, SIGCHLD);
        sigaddset(&block, SIGWINCH);
        sigprocmask(SIG_BLOCK, &block, &old_mask);
        sigemptyset(&sa.sa_mask);
        sigaction(SIGCHLD, &sa, &old_chld);
        sigaction(SIGWINCH, &sa, &old_winch);
        (void) fcntl(r->master, F_SETFL, fcntl(r->master, F_GETFL) | O_NONBLOCK);
        if (r->in >= 0 && r->have_modes) {
                raw = r->modes;
                cfmakeraw(&raw);
                r->raw = tcsetattr(r->in, TCSANOW, &raw) == 0;
        }
        ret = relay_loop(r, pid, &old_mask, &status, err);
        if (r->raw)
                (void) tcsetattr(r->in, TCSANOW, &r->modes);
        r->raw = false;
        sigaction(SIGCHLD, &old_chld, NULL);
        sigaction(SIGWINCH, &old_winch, NULL);
        sigprocmask(SIG_SETMASK, &old_mask, NULL);
        if (ret >= 0)
                *ret_status = status;
        return ret;
}
