/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "session/loopback.h"

int loopback_up(ns_error *err) {
        _cleanup_close_ int fd = -EBADF;
        struct ifreq ifr = {0};

        fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
                return ns_error_set_errno(err, negative_errno(), "bring up \"lo\": socket()");
        strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
        if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
                return ns_error_set_errno(err, negative_errno(), "bring up \"lo\": ioctl(SIOCGIFFLAGS)");
        ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
        if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
                return ns_error_set_errno(err, negative_errno(), "bring up \"lo\": ioctl(SIOCSIFFLAGS)");
        return 0;
}
