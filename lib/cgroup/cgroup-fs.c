/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#include "cgroup/cgroup-fs.h"

/* Interface files are a few hundred bytes; cgroup.procs of a big session more. */
#define CGROUP_FS_READ_MAX (1024 * 1024)

static bool is_cgroup2(const char *path) {
        struct statfs fs;

        return statfs(path, &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC;
}

int cgroup_fs_find_mount(const char **ret, ns_error *err) {
        assert(ret);

        if (is_cgroup2(CGROUP_FS_BASE))
                *ret = CGROUP_FS_BASE;
        else if (is_cgroup2(CGROUP_FS_HYBRID_MOUNT))
                *ret = CGROUP_FS_HYBRID_MOUNT;
        else
                return ns_error_set(err, -ENOMEDIUM,
                        "find cgroup2 mount: neither \"%s\" nor \"%s\" is a cgroup2 filesystem",
                        CGROUP_FS_BASE, CGROUP_FS_HYBRID_MOUNT);
        return 0;
}

/* The part of PATH after PREFIX, when PATH is PREFIX or below it; else NULL. */
static const char *path_below(const char *path, const char *prefix) {
        size_t n = strlen(prefix);

        while (n > 0 && prefix[n - 1] == '/')
                n--;
        if (strncmp(path, prefix, n) != 0 || (path[n] != '\0' && path[n] != '/'))
                return NULL;
        return path + n;
}

static bool relative_path_ok(const char *rel) {
        const char *c = rel;

        if (*rel == '\0')
                return false;
        for (;;) {
                size_t n = strcspn(c, "/");
                if (n == 0 || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
                        return false;
                if (c[n] == '\0')
                        return true;
                c += n + 1;
        }
}

int cgroup_fs_map_root(const char *mount, const char *cgroup_root, char **ret_relative, ns_error *err) {
        const char *rest;
        char *rel;

        assert(mount);
        assert(cgroup_root);
        assert(ret_relative);

        rest = path_below(cgroup_root, mount);
        if (!rest)
                rest = path_below(cgroup_root, CGROUP_FS_BASE);
        if (!rest)
                return ns_error_set(err, -EINVAL, "map CgroupRoot \"%s\": not below \"%s\" or \"%s\"",
                        cgroup_root, mount, CGROUP_FS_BASE);
        while (*rest == '/')
                rest++;
        /* A trailing slash is harmless; anything else odd is refused. */
        rel = strdup(rest);
        if (!rel)
                return ns_error_set_errno(err, -ENOMEM, "map CgroupRoot \"%s\"", cgroup_root);
        for (size_t n = strlen(rel); n > 0 && rel[n - 1] == '/'; n--)
                rel[n - 1] = '\0';
        if (!relative_path_ok(rel)) {
                free(rel);
                return ns_error_set(err, -EINVAL,
                        "map CgroupRoot \"%s\": must name a cgroup below the cgroup2 mount \"%s\" "
                        "without \".\", \"..\" or empty components",
                        cgroup_root, mount);
        }
        *ret_relative = rel;
        return 0;
}

int cgroup_fs_open_dir(
        int dirfd, const char *dir_path, const char *name, bool create, int *ret_fd, ns_error *err) {
        int fd;

        assert(dir_path);
        assert(name);
        assert(ret_fd);

        if (create && mkdirat(dirfd, name, 0755) < 0 && errno != EEXIST)
                return ns_error_set_errno(err, negative_errno(), "create cgroup \"%s/%s\"", dir_path, name);
        fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
                return ns_error_set_errno(err, negative_errno(), "open cgroup \"%s/%s\"", dir_path, name);
        *ret_fd = fd;
        return 0;
}

int cgroup_fs_read(int dirfd, const char *dir_path, const char *name, char **ret, ns_error *err) {
        _cleanup_close_ int fd = -EBADF;
        _cleanup_free_ char *buf = NULL;
        size_t size = 0, alloc = 0;

        assert(dir_path);
        assert(name);
        assert(ret);

        fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
                return ns_error_set_errno(err, negative_errno(), "open \"%s/%s\"", dir_path, name);
        for (;;) {
                ssize_t n;
                if (alloc - size < 4096) {
                        char *b;
                        if (alloc >= CGROUP_FS_READ_MAX)
                                return ns_error_set(
                                        err, -EFBIG, "read \"%s/%s\": too large", dir_path, name);
                        b = realloc(buf, alloc + 4096 + 1);
                        if (!b)
                                return ns_error_set_errno(err, -ENOMEM, "read \"%s/%s\"", dir_path, name);
                        buf = b;
                        alloc += 4096;
                }
                n = read(fd, buf + size, alloc - size);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0)
                        return ns_error_set_errno(err, negative_errno(), "read \"%s/%s\"", dir_path, name);
                if (n == 0)
                        break;
                size += (size_t) n;
        }
        buf[size] = '\0';
        *ret = TAKE_PTR(buf);
        return 0;
}

int cgroup_fs_write(int dirfd, const char *dir_path, const char *name, const char *value, ns_error *err) {
        _cleanup_close_ int fd = -EBADF;
        size_t len;
        ssize_t n;

        assert(dir_path);
        assert(name);
        assert(value);

        len = strlen(value);
        fd = openat(dirfd, name, O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
                return ns_error_set_errno(
                        err, negative_errno(), "open \"%s/%s\" for writing", dir_path, name);
        n = write(fd, value, len);
        if (n < 0)
                return ns_error_set_errno(
                        err, negative_errno(), "write \"%s\" to \"%s/%s\"", value, dir_path, name);
        if ((size_t) n != len)
                return ns_error_set(
                        err, -EIO, "write \"%s\" to \"%s/%s\": short write", value, dir_path, name);
        return 0;
}

bool cgroup_fs_has_word(const char *text, const char *word) {
        size_t n;

        assert(text);
        assert(word);

        n = strlen(word);
        for (const char *c = text; *c;) {
                size_t len;
                c += strspn(c, " \t\n");
                len = strcspn(c, " \t\n");
                if (len == n && strncmp(c, word, n) == 0)
                        return true;
                c += len;
        }
        return false;
}

int cgroup_fs_parse_populated(const char *events) {
        assert(events);

        for (const char *line = events; line;) {
                if (strncmp(line, "populated ", 10) == 0)
                        return line[10] == '1';
                line = strchr(line, '\n');
                if (line)
                        line++;
        }
        return -EBADMSG;
}

int cgroup_fs_populated(int dirfd, const char *dir_path, ns_error *err) {
        _cleanup_free_ char *events = NULL;
        int r;

        assert(dir_path);

        r = cgroup_fs_read(dirfd, dir_path, "cgroup.events", &events, err);
        if (r < 0)
                return r;
        r = cgroup_fs_parse_populated(events);
        if (r < 0)
                return ns_error_set(err, r, "read \"%s/cgroup.events\": no \"populated\" line", dir_path);
        return r;
}

int cgroup_fs_has_children(int dirfd) {
        _cleanup_closedir_ DIR *d = NULL;
        struct dirent *de;
        int fd;

        fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return negative_errno();
        d = fdopendir(fd);
        if (!d) {
                safe_close(fd);
                return negative_errno();
        }
        while ((de = readdir(d)))
                if (de->d_type == DT_DIR && strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
                        return 1;
        return 0;
}

int cgroup_fs_remove(int dirfd, const char *dir_path, const char *name, ns_error *err) {
        assert(dir_path);
        assert(name);

        if (unlinkat(dirfd, name, AT_REMOVEDIR) == 0)
                return 1;
        if (errno == ENOENT)
                return 0;
        if (errno == EBUSY || errno == ENOTEMPTY)
                return ns_error_set(err, -EBUSY, "remove cgroup \"%s/%s\": still has processes or children",
                        dir_path, name);
        return ns_error_set_errno(err, negative_errno(), "remove cgroup \"%s/%s\"", dir_path, name);
}

int cgroup_fs_proc_path(int dirfd, const char *path, char **ret) {
        _cleanup_fclose_ FILE *f = NULL;
        _cleanup_free_ char *line = NULL;
        size_t size = 0;
        int fd;

        assert(path);
        assert(ret);

        fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return negative_errno();
        f = fdopen(fd, "re");
        if (!f) {
                int r = negative_errno();
                safe_close(fd);
                return r;
        }
        *ret = NULL;
        while (getline(&line, &size, f) > 0)
                if (strncmp(line, "0::", 3) == 0) {
                        line[strcspn(line, "\n")] = '\0';
                        *ret = strdup(line + 3);
                        return *ret ? 0 : -ENOMEM;
                }
        return ferror(f) ? -EIO : 0;
}

/* The cgroupfs path of PID's cgroup ("0::/x" in /proc/PID/cgroup, 0: self)
 * under the cgroup2 mount, e.g. /sys/fs/cgroup/user.slice/.../session-3.scope. */
int cgroup_fs_process_cgroup(pid_t pid, char **ret, ns_error *err) {
        _cleanup_free_ char *path = NULL;
        const char *mount;
        char file[64];
        int r;

        r = cgroup_fs_find_mount(&mount, err);
        if (r < 0)
                return r;
        if (pid > 0)
                snprintf(file, sizeof(file), "/proc/%d/cgroup", (int) pid);
        else
                snprintf(file, sizeof(file), "/proc/self/cgroup");
        r = cgroup_fs_proc_path(AT_FDCWD, file, &path);
        if (r < 0)
                return ns_error_set_errno(err, r, "read \"%s\"", file);
        if (!path || path[0] != '/')
                return ns_error_set(err, -ENOENT, "read \"%s\": no cgroup v2 line (\"0::/...\")", file);
        if (asprintf(ret, "%s%s", mount, strcmp(path, "/") == 0 ? "" : path) < 0)
                return ns_error_set_errno(err, -ENOMEM, "read \"%s\"", file);
        return 0;
}
