/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "policy/conf-files.h"
#include "basic/strv.h"

#define MAX_SYMLINK_HOPS 32
#define MAX_CONF_SIZE (1024 * 1024)

static bool owner_trusted(uid_t uid, uid_t trusted) {
        return uid == 0 || uid == trusted;
}

/* May ENTRY, found in directory DIR (at path DIRPATH), be trusted? */
static int check_parent(const struct stat *dir, const char *dirpath, const struct stat *entry, uid_t trusted,
        ns_error *err) {
        if (!owner_trusted(dir->st_uid, trusted))
                return ns_error_set(err, -EPERM,
                        "refusing policy: directory \"%s\" is owned by uid %u, not root", dirpath,
                        (unsigned) dir->st_uid);
        if (!(dir->st_mode & 0022) || ((dir->st_mode & S_ISVTX) && owner_trusted(entry->st_uid, trusted)))
                return 0;
        if (dir->st_mode & S_ISVTX)
                return ns_error_set(err, -EPERM,
                        "refusing policy: directory \"%s\" is writable by others (mode %04o) and the entry "
                        "in it "
                        "is owned by uid %u, not root",
                        dirpath, (unsigned) (dir->st_mode & 07777), (unsigned) entry->st_uid);
        return ns_error_set(err, -EPERM,
                "refusing policy: directory \"%s\" is writable by group or others (mode %04o)", dirpath,
                (unsigned) (dir->st_mode & 07777));
}

static int check_target(
        const struct stat *st, const char *path, bool want_dir, uid_t trusted, ns_error *err) {
        if (want_dir ? !S_ISDIR(st->st_mode) : !S_ISREG(st->st_mode))
                return ns_error_set(err, -EPERM, "refusing policy: \"%s\" is not a %s", path,
                        want_dir ? "directory" : "regular file");
        if (!owner_trusted(st->st_uid, trusted))
                return ns_error_set(err, -EPERM, "refusing policy: \"%s\" is owned by uid %u, not root",
                        path, (unsigned) st->st_uid);
        if (st->st_mode & 0022)
                return ns_error_set(err, -EPERM,
                        "refusing policy: \"%s\" is writable by group or others (mode %04o)", path,
                        (unsigned) (st->st_mode & 07777));
        return 0;
}

typedef struct walk {
        char *todo; /* the absolute path still to resolve */
        unsigned hops;
        uid_t trusted;
        bool want_dir;
} walk;

/* New todo after a symlink in directory WALKED: TARGET, then REST. */
static int walk_follow(walk *w, int linkfd, const char *walked, const char *rest, ns_error *err) {
        char target[PATH_MAX];
        char *next;
        ssize_t n = readlinkat(linkfd, "", target, sizeof(target) - 1);

        if (n < 0)
                return ns_error_set_errno(err, negative_errno(), "reading symlink in \"%s\"", walked);
        target[n] = '\0';
        if (++w->hops > MAX_SYMLINK_HOPS)
                return ns_error_set(
                        err, -ELOOP, "refusing policy: too many symlinks resolving \"%s\"", w->todo);
        if (asprintf(&next, "%s/%s/%s", target[0] == '/' ? "" : walked, target, rest) < 0)
                return ns_error_set_errno(err, -ENOMEM, "following symlink in \"%s\"", walked);
        free(w->todo);
        w->todo = next;
        return 0;
}

/* Open the final component NAME of DIRFD after the O_PATH checks. */
static int walk_open_final(walk *w, int dirfd, const char *name, const struct stat *st, const char *path,
        int *ret_fd, ns_error *err) {
        int flags = w->want_dir ? O_RDONLY | O_DIRECTORY : O_RDONLY | O_NOCTTY | O_NONBLOCK;
        _cleanup_close_ int fd = -EBADF;
        struct stat st2;
        int r = check_target(st, path, w->want_dir, w->trusted, err);

        if (r < 0)
                return r;
        fd = openat(dirfd, name, flags | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
                return ns_error_set_errno(err, negative_errno(), "opening \"%s\"", path);
        if (fstat(fd, &st2) < 0)
                return ns_error_set_errno(err, negative_errno(), "checking \"%s\"", path);
        if (st2.st_dev != st->st_dev || st2.st_ino != st->st_ino)
                return ns_error_set(
                        err, -EAGAIN, "refusing policy: \"%s\" changed while it was opened", path);
        *ret_fd = TAKE_FD(fd);
        return 0;
}

/* One pass from "/". Returns 1 when a symlink changed w->todo (walk again), 0 with *RET_FD when done. */
static int walk_once(walk *w, int *ret_fd, ns_error *err) {
        _cleanup_close_ int dirfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
        _cleanup_free_ char *dirpath = strdup("/"), *todo = strdup(w->todo);
        struct stat dirst, st;
        char *p, *save = NULL;
        int r;

        if (dirfd < 0)
                return ns_error_set_errno(err, negative_errno(), "opening \"/\"");
        if (!dirpath || !todo)
                return ns_error_set_errno(err, -ENOMEM, "resolving \"%s\"", w->todo);
        if (fstat(dirfd, &dirst) < 0)
                return ns_error_set_errno(err, negative_errno(), "checking \"/\"");
        r = check_target(&dirst, "/", true, w->trusted, err);
        for (p = strtok_r(todo, "/", &save); r >= 0 && p; p = strtok_r(NULL, "/", &save)) {
                _cleanup_close_ int fd = -EBADF;
                _cleanup_free_ char *path = NULL;
                const char *rest = save + strspn(save, "/");
                if (strcmp(p, ".") == 0)
                        continue;
                if (strcmp(p, "..") == 0)
                        return ns_error_set(
                                err, -EINVAL, "refusing policy path \"%s\": it contains \"..\"", w->todo);
                if (asprintf(&path, "%s%s%s", dirpath, strcmp(dirpath, "/") == 0 ? "" : "/", p) < 0)
                        return ns_error_set_errno(err, -ENOMEM, "resolving \"%s\"", w->todo);
                fd = openat(dirfd, p, O_PATH | O_NOFOLLOW | O_CLOEXEC);
                if (fd < 0 || fstat(fd, &st) < 0)
                        return ns_error_set_errno(err, negative_errno(), "opening \"%s\"", path);
                r = check_parent(&dirst, dirpath, &st, w->trusted, err);
                if (r < 0)
                        return r;
                if (S_ISLNK(st.st_mode)) {
                        r = walk_follow(w, fd, dirpath, rest, err);
                        return r < 0 ? r : 1;
                }
                if (*rest == '\0')
                        return walk_open_final(w, dirfd, p, &st, path, ret_fd, err);
                if (!S_ISDIR(st.st_mode))
                        return ns_error_set(err, -ENOTDIR, "opening \"%s\": not a directory", path);
                closep(&dirfd);
                dirfd = TAKE_FD(fd);
                dirst = st;
                free(dirpath);
                dirpath = TAKE_PTR(path);
        }
        if (r < 0)
                return r;
        /* the path ended at a directory ("/", or "/etc/.") */
        return w->want_dir ? walk_open_final(w, dirfd, ".", &dirst, dirpath, ret_fd, err)
                           : ns_error_set(err, -EISDIR, "opening \"%s\": is a directory", w->todo);
}

static int walk_path(const char *path, uid_t trusted, bool want_dir, int *ret_fd, ns_error *err) {
        walk w = {.trusted = trusted, .want_dir = want_dir};
        _cleanup_free_ char *cwd = NULL;
        int r;

        if (path[0] != '/') {
                cwd = getcwd(NULL, 0);
                if (!cwd)
                        return ns_error_set_errno(err, negative_errno(), "resolving \"%s\": getcwd", path);
        }
        if (cwd ? asprintf(&w.todo, "%s/%s", cwd, path) < 0 : !(w.todo = strdup(path)))
                return ns_error_set_errno(err, -ENOMEM, "resolving \"%s\"", path);
        do
                r = walk_once(&w, ret_fd, err);
        while (r == 1);
        free(w.todo);
        return r;
}

int conf_open_file(const char *path, uid_t trusted, int *ret_fd, ns_error *err) {
        assert(path);
        assert(ret_fd);

        return walk_path(path, trusted, false, ret_fd, err);
}

int conf_open_dir(const char *path, uid_t trusted, int *ret_fd, ns_error *err) {
        assert(path);
        assert(ret_fd);

        return walk_path(path, trusted, true, ret_fd, err);
}

int conf_read_fd(int fd, const char *path, char **ret, size_t *ret_len, ns_error *err) {
        _cleanup_free_ char *buf = malloc(MAX_CONF_SIZE + 1);
        size_t n = 0;

        assert(path);
        assert(ret);
        assert(ret_len);

        if (!buf)
                return ns_error_set_errno(err, -ENOMEM, "reading \"%s\"", path);
        for (;;) {
                ssize_t k = read(fd, buf + n, MAX_CONF_SIZE + 1 - n);
                if (k < 0 && errno == EINTR)
                        continue;
                if (k < 0)
                        return ns_error_set_errno(err, negative_errno(), "reading \"%s\"", path);
                if (k == 0)
                        break;
                n += k;
                if (n > MAX_CONF_SIZE)
                        return ns_error_set(
                                err, -EFBIG, "reading \"%s\": larger than %d bytes", path, MAX_CONF_SIZE);
        }
        buf[n] = '\0';
        *ret = TAKE_PTR(buf);
        *ret_len = n;
        return 0;
}

static int cmp_str(const void *a, const void *b) {
        return strcmp(*(char *const *) a, *(char *const *) b);
}

static bool is_dropin_name(const char *name) {
        size_t n = strlen(name);
        return name[0] != '.' && n > 5 && strcmp(name + n - 5, ".conf") == 0;
}

int conf_list_dropins(int dirfd, const char *path, char ***ret, ns_error *err) {
        _cleanup_strv_free_ char **names = NULL;
        _cleanup_closedir_ DIR *d = NULL;
        int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        struct dirent *de;

        assert(path);
        assert(ret);

        if (fd < 0 || !(d = fdopendir(fd))) {
                int r = ns_error_set_errno(err, negative_errno(), "listing \"%s\"", path);
                safe_close(fd);
                return r;
        }
        while ((errno = 0, de = readdir(d)))
                if (is_dropin_name(de->d_name) && strv_extend(&names, de->d_name) < 0)
                        return ns_error_set_errno(err, -ENOMEM, "listing \"%s\"", path);
        if (errno != 0)
                return ns_error_set_errno(err, negative_errno(), "listing \"%s\"", path);
        if (names)
                qsort(names, strv_length(names), sizeof(char *), cmp_str);
        *ret = TAKE_PTR(names);
        return 0;
}

int conf_glob(const char *pattern, char ***ret, ns_error *err) {
        _cleanup_strv_free_ char **paths = NULL;
        glob_t g = {};
        int r;

        assert(pattern);
        assert(ret);

        r = glob(pattern, GLOB_NOSORT, NULL, &g);
        if (r == GLOB_NOMATCH) {
                *ret = NULL;
                return 0;
        }
        if (r != 0) {
                globfree(&g);
                return ns_error_set(
                        err, r == GLOB_NOSPACE ? -ENOMEM : -EIO, "expanding \"%s\" failed", pattern);
        }
        for (size_t i = 0; i < g.gl_pathc && r >= 0; i++)
                r = strv_extend(&paths, g.gl_pathv[i]);
        globfree(&g);
        if (r < 0)
                return ns_error_set_errno(err, r, "expanding \"%s\"", pattern);
        if (paths)
                qsort(paths, strv_length(paths), sizeof(char *), cmp_str);
        *ret = TAKE_PTR(paths);
        return 0;
}
