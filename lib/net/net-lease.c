/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "basic/fd-util.h"
#include "basic/macro.h"
#include "net/net-lease.h"

void net_veth_name(uint32_t addr, char buf[static 16]) {
        snprintf(buf, 16, NET_VETH_PREFIX "%08x", addr);
}

int net_pool_hosts(const in4_prefix *pool, uint32_t *ret_gateway, uint32_t *ret_first, uint32_t *ret_last) {
        uint32_t net, bcast;

        assert(pool);
        if (pool->len < 8 || pool->len > 30)
                return -EINVAL;
        net = pool->addr & in4_mask(pool->len);
        bcast = net | ~in4_mask(pool->len);
        if (ret_gateway)
                *ret_gateway = net + 1;
        if (ret_first)
                *ret_first = net + 2;
        if (ret_last)
                *ret_last = bcast - 1;
        return 0;
}

int net_lease_dir_open(int run_fd, int *ret_fd, ns_error *err) {
        int fd;

        assert(ret_fd);
        fd = fd_open_root_dir(run_fd, "net", 0700, NET_LEASE_DIR, err);
        if (fd < 0)
                return fd;
        *ret_fd = fd;
        return 0;
}

static int lease_create(int dirfd, uint32_t addr, const char *id, int *ret_fd) {
        _cleanup_close_ int fd = -EBADF;
        char name[16], line[SESSION_ID_LEN + 2];
        size_t n;

        fd = openat(dirfd, in4_addr_format(addr, name), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                0600);
        if (fd < 0)
                return negative_errno();
        n = (size_t) snprintf(line, sizeof(line), "%s\n", id);
        if (flock(fd, LOCK_EX | LOCK_NB) < 0 || write(fd, line, n) != (ssize_t) n) {
                int r = errno > 0 ? -errno : -EIO;
                (void) unlinkat(dirfd, name, 0);
                return r;
        }
        *ret_fd = TAKE_FD(fd);
        return 0;
}

int net_lease_take(
        int dirfd, const in4_prefix *pool, const char *id, uint32_t *ret_addr, int *ret_fd, ns_error *err) {
        uint32_t first, last;
        int r;

        assert(pool);
        assert(id);
        assert(ret_addr);
        assert(ret_fd);

        if (net_pool_hosts(pool, NULL, &first, &last) < 0)
                return ns_error_set(err, -EINVAL, "address lease: NetworkPool is not a /8 to /30 prefix");
        for (uint32_t a = first; a <= last; a++) {
                r = lease_create(dirfd, a, id, ret_fd);
                if (r == -EEXIST)
                        continue;
                if (r < 0)
                        return ns_error_set_errno(
                                err, r, "address lease: create the lease file in %s", NET_LEASE_DIR);
                *ret_addr = a;
                return 0;
        }
        return ns_error_set(err, -EADDRNOTAVAIL, "address lease: every address of NetworkPool is taken");
}

int net_lease_release(int dirfd, uint32_t addr, ns_error *err) {
        char name[16];

        if (unlinkat(dirfd, in4_addr_format(addr, name), 0) < 0 && errno != ENOENT)
                return ns_error_set_errno(
                        err, negative_errno(), "address lease: remove %s/%s", NET_LEASE_DIR, name);
        return 0;
}

static void lease_read(int dirfd, const char *name, net_lease *l) {
        _cleanup_close_ int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
        char buf[SESSION_ID_LEN + 2] = {0};

        l->id[0] = '\0';
        l->held = false;
        if (fd < 0)
                return;
        if (flock(fd, LOCK_SH | LOCK_NB) < 0)
                l->held = errno == EWOULDBLOCK;
        if (read(fd, buf, sizeof(buf) - 1) < SESSION_ID_LEN)
                return;
        buf[strcspn(buf, "\n")] = '\0';
        if (session_id_valid(buf))
                memcpy(l->id, buf, SESSION_ID_LEN + 1);
}

int net_lease_list(int dirfd, net_lease **ret, size_t *ret_n, ns_error *err) {
        _cleanup_closedir_ DIR *d = NULL;
        _cleanup_free_ net_lease *l = NULL;
        size_t n = 0;
        int fd;

        assert(ret);
        assert(ret_n);
        fd = fcntl(dirfd, F_DUPFD_CLOEXEC, 3);
        if (fd < 0 || !(d = fdopendir(fd))) {
                int r = negative_errno();
                if (fd >= 0)
                        close(fd);
                return ns_error_set_errno(err, r, "address lease: read %s", NET_LEASE_DIR);
        }
        rewinddir(d);
        for (struct dirent *e; (e = readdir(d));) {
                in4_prefix p;
                net_lease *nl;
                char back[IN4_PREFIX_STRLEN];

                if (in4_prefix_parse(e->d_name, &p) < 0 || strchr(e->d_name, '/') ||
                        strcmp(in4_addr_format(p.addr, back), e->d_name) != 0)
                        continue;
                nl = realloc(l, (n + 1) * sizeof(*l));
                if (!nl)
                        return ns_error_set_errno(err, -ENOMEM, "address lease: list");
                l = nl;
                l[n].addr = p.addr;
                lease_read(dirfd, e->d_name, &l[n]);
                n++;
        }
        *ret = TAKE_PTR(l);
        *ret_n = n;
        return 0;
}
