/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "session/terminal.h"

int terminal_shared_with_caller(char *ret_name, size_t size) {
        for (int fd = 0; fd <= 2; fd++) {
                if (!isatty(fd))
                        continue;
                /* tcgetsid() fails for a terminal that is not even ours. */
                if (tcgetsid(fd) == getpid())
                        continue;
                if (ttyname_r(fd, ret_name, size) != 0)
                        snprintf(ret_name, size, "fd %d", fd);
                return 1;
        }
        return 0;
}

int terminal_check_lent(const policy *p, const char *service, ns_error *err) {
        char tty[128];

        if (p->kill_on_logout || !terminal_shared_with_caller(tty, sizeof(tty)))
                return 0;
        return ns_error_set(err, -EPERM,
                "KillOnLogout no, but the session would run on \"%s\", its caller's terminal (service "
                "\"%s\" "
                "does not give sessions a terminal of their own): a process left behind could read what is "
                "typed there after the session ends; set KillOnLogout yes for this service (Match Service "
                "%s), or use nsshell --user, which gives the session its own terminal",
                tty, service, service);
}
