/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <endian.h>
#include <sys/stat.h>
#include <sys/xattr.h>

#include "basic/fd-util.h"
#include "basic/parse-util.h"
#include "policy/policy.h"
#include "session/session-record.h"

#define RECORD_MAX 4096

static const char *const ns_keys[NS_CALLER_TYPES] = {
        "ns_mnt",
        "ns_pid",
        "ns_ipc",
        "ns_uts",
        "ns_net",
        "ns_cgroup",
};

int session_record_dir_open(int run_fd, int *ret_fd, ns_error *err) {
        const char *path = SESSION_RECORD_DIR;
        int fd;

        assert(ret_fd);

        fd = fd_open_root_dir(run_fd, "sessions", 0711, path, err);
        if (fd < 0)
                return fd;
        *ret_fd = fd;
        return 0;
}

/* The access ACL "u::rwx u:UID:r-x g::--- m::r-x o::---" in the kernel's
 * xattr format (little-endian; entries sorted by tag, then id). */
static int set_user_acl(int fd, uid_t uid) {
        enum { USER_OBJ = 0x01, USER = 0x02, GROUP_OBJ = 0x04, MASK = 0x10, OTHER = 0x20 };
        enum { UNDEFINED_ID = -1 };
        const struct {
                uint16_t tag, perm;
                uint32_t id;
        } entries[] = {
                {USER_OBJ, 7, (uint32_t) UNDEFINED_ID},
                {USER, 5, (uint32_t) uid},
                {GROUP_OBJ, 0, (uint32_t) UNDEFINED_ID},
                {MASK, 5, (uint32_t) UNDEFINED_ID},
                {OTHER, 0, (uint32_t) UNDEFINED_ID},
        };
        uint8_t buf[4 + sizeof(entries) / sizeof(entries[0]) * 8], *p = buf;
        uint32_t v32 = htole32(2);

        memcpy(p, &v32, 4);
        p += 4;
        for (size_t i = 0; i < ELEMENTSOF(entries); i++) {
                uint16_t tag = htole16(entries[i].tag), perm = htole16(entries[i].perm);
                uint32_t id = htole32(entries[i].id);
                memcpy(p, &tag, 2);
                memcpy(p + 2, &perm, 2);
                memcpy(p + 4, &id, 4);
                p += 8;
        }
        return fsetxattr(fd, "system.posix_acl_access", buf, sizeof(buf), 0) < 0 ? negative_errno() : 0;
}

/* A user's record directory: its name in sessions/ and its path, for messages. */
typedef struct user_dir_names {
        char name[16];
        char path[sizeof(SESSION_RECORD_DIR) + 16];
} user_dir_names;

static user_dir_names user_dir_names_of(uid_t uid) {
        user_dir_names n;

        snprintf(n.name, sizeof(n.name), "%u", (unsigned) uid);
        snprintf(n.path, sizeof(n.path), "%s/%s", SESSION_RECORD_DIR, n.name);
        return n;
}

int session_record_user_dir_open(int sessions_fd, uid_t uid, int *ret_fd, ns_error *err) {
        _cleanup_close_ int fd = -EBADF;
        user_dir_names n = user_dir_names_of(uid);
        const char *name = n.name, *path = n.path;
        int r;

        assert(ret_fd);

        /* 0750 under the ACL: its group bits are the ACL's mask, r-x. A
         * chmod to 0700 at every login set the mask to --- until
         * set_user_acl() ran again, and a concurrent login's stage, reading
         * its records as the user, failed with EACCES (1 in 100 logins of
         * the system tier's cycles, four at a time). The owning group is
         * root's, and only before the first ACL is set. */
        fd = fd_open_root_dir(sessions_fd, name, uid == 0 ? 0700 : 0750, path, err);
        if (fd < 0)
                return fd;
        r = uid == 0 ? 0 : set_user_acl(fd, uid);
        if (r < 0)
                return ns_error_set_errno(err, r == -EOPNOTSUPP ? -EOPNOTSUPP : r,
                        "give user %u read access to \"%s\" (a POSIX ACL)", (unsigned) uid, path);
        *ret_fd = TAKE_FD(fd);
        return 0;
}

int session_record_user_dir_find(int sessions_fd, uid_t uid, int *ret_fd, ns_error *err) {
        _cleanup_close_ int fd = -EBADF;
        user_dir_names n = user_dir_names_of(uid);
        const char *name = n.name, *path = n.path;
        int r;

        assert(ret_fd);

        fd = fd_open_nofollow(sessions_fd, name, O_RDONLY | O_DIRECTORY, 0);
        if (fd == -ENOENT)
                return -ENOENT;
        if (fd < 0)
                return ns_error_set_errno(err, fd, "open \"%s\"", path);
        r = fd_check_root_owned(fd, path, err);
        if (r < 0)
                return r;
        *ret_fd = TAKE_FD(fd);
        return 0;
}

/* The name of a text field holding a newline, or NULL: one line per field,
 * so such a value would read back as a field of its own. */
static const char *record_field_multiline(const session_record *r) {
        const struct {
                const char *name, *value;
        } fields[] = {{"user", r->user}, {"service", r->service}, {"cgroup", r->cgroup}, {"unit", r->unit},
                {"logind_session", r->logind_session}};

        for (size_t i = 0; i < ELEMENTSOF(fields); i++)
                if (fields[i].value && strchr(fields[i].value, '\n'))
                        return fields[i].name;
        return NULL;
}

static int record_format(const session_record *r, char *buf, size_t size) {
        size_t n;

        n = (size_t) snprintf(buf, size,
                "id=%s\nuser=%s\nuid=%u\nservice=%s\ninit_pid=%d\nstart_usec=%" PRIu64 "\n", r->id,
                r->user ? r->user : "", (unsigned) r->uid, r->service ? r->service : "", (int) r->init_pid,
                r->start_usec);
        for (size_t i = 0; i < NS_CALLER_TYPES && n < size; i++)
                n += (size_t) snprintf(buf + n, size - n, "%s=%" PRIu64 "\n", ns_keys[i], r->ns_inode[i]);
        if (r->cgroup && n < size)
                n += (size_t) snprintf(buf + n, size - n, "cgroup=%s\n", r->cgroup);
        if (r->unit && n < size)
                n += (size_t) snprintf(buf + n, size - n, "unit=%s\n", r->unit);
        if (r->logind_session && n < size)
                n += (size_t) snprintf(buf + n, size - n, "logind_session=%s\n", r->logind_session);
        if (r->environment[0] && n < size)
                n += (size_t) snprintf(buf + n, size - n,
                        "environment=%s\ncaller_pid=%d\ncaller_start=%" PRIu64 "\ninit_start=%" PRIu64
                        "\npolicy_hash=%016" PRIx64 "\nkill_on_logout=%d\n",
                        r->environment, (int) r->caller_pid, r->caller_start, r->init_start, r->policy_hash,
                        r->kill_on_logout ? 1 : 0);
        return n < size ? (int) n : -E2BIG;
}

static int record_write(int dirfd, const char *name, const session_record *r, ns_error *err) {
        _cleanup_close_ int fd = -EBADF;
        char buf[RECORD_MAX];
        const char *field;
        int n, k;

        assert(r);

        if (!session_id_valid(r->id))
                return ns_error_set(err, -EINVAL, "write session record: invalid id \"%s\"", r->id);
        field = record_field_multiline(r);
        if (field)
                return ns_error_set(
                        err, -EINVAL, "write session record \"%s\": a newline in its %s", r->id, field);
        n = record_format(r, buf, sizeof(buf));
        if (n < 0)
                return ns_error_set_errno(err, n, "write session record \"%s\"", r->id);
        fd = openat(dirfd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
        if (fd < 0)
                return ns_error_set_errno(
                        err, negative_errno(), "write session record \"%s\": O_TMPFILE", r->id);
        /* Explicitly, whatever the caller's umask: the user's login-shell
         * stage reads it (no one else can reach it: the directory is the
         * user's alone). */
        if (fchmod(fd, 0644) < 0)
                return ns_error_set_errno(
                        err, negative_errno(), "write session record \"%s\": chmod", r->id);
        k = fd_write_all(fd, buf, (size_t) n);
        if (k < 0)
                return ns_error_set_errno(err, k, "write session record \"%s\"", r->id);
        /* AT_EMPTY_PATH, not /proc/self/fd: the caller's /proc is the
         * session's by now, where it has no pid. */
        if (linkat(fd, "", dirfd, name, AT_EMPTY_PATH) < 0)
                return ns_error_set_errno(
                        err, negative_errno(), "write session record \"%s\": linkat()", name);
        return 0;
}

int session_record_write(int dirfd, const session_record *r, ns_error *err) {
        assert(r);

        return record_write(dirfd, r->id, r, err);
}

int session_record_write_as(int dirfd, const char *name, const session_record *r, ns_error *err) {
        int k;

        assert(name);
        assert(!session_id_valid(name));
        /* Under the caller's lock (environment.h): nobody else writes NAME. */
        if (unlinkat(dirfd, name, 0) < 0 && errno != ENOENT)
                return ns_error_set_errno(err, negative_errno(), "replace \"%s\"", name);
        k = record_write(dirfd, name, r, err);
        return k;
}

/* uid_t: any 32-bit value but (uid_t) -1, which names no user. */
static int parse_uid(const char *s, uid_t *ret) {
        uint32_t v;
        int r = parse_uint32(s, &v);

        if (r < 0)
                return r;
        if (v == UINT32_MAX)
                return -EINVAL;
        *ret = (uid_t) v;
        return 0;
}

/* pid_t: 0 (no init) up to INT_MAX. */
static int parse_pid(const char *s, pid_t *ret) {
        uint32_t v;
        int r = parse_uint32(s, &v);

        if (r < 0)
                return r;
        if (v > INT_MAX)
                return -ERANGE;
        *ret = (pid_t) v;
        return 0;
}

static int parse_hex64(const char *s, uint64_t *ret) {
        char *end;

        if (strlen(s) != 16 || strspn(s, "0123456789abcdef") != 16)
                return -EINVAL;
        errno = 0;
        *ret = strtoull(s, &end, 16);
        return errno == 0 && *end == '\0' ? 0 : -EINVAL;
}

static int parse_flag(const char *s, bool *ret) {
        if (strcmp(s, "0") != 0 && strcmp(s, "1") != 0)
                return -EINVAL;
        *ret = s[0] == '1';
        return 0;
}

static int record_set(session_record *r, const char *key, const char *value) {
        char **target = NULL;

        if (strcmp(key, "id") == 0)
                return snprintf(r->id, sizeof(r->id), "%s", value) == SESSION_ID_LEN ? 0 : -EINVAL;
        if (strcmp(key, "uid") == 0)
                return parse_uid(value, &r->uid);
        if (strcmp(key, "init_pid") == 0)
                return parse_pid(value, &r->init_pid);
        if (strcmp(key, "start_usec") == 0)
                return parse_uint64(value, &r->start_usec);
        if (strcmp(key, "environment") == 0)
                return snprintf(r->environment, sizeof(r->environment), "%s", value) == SESSION_ID_LEN
                        ? 0
                        : -EINVAL;
        if (strcmp(key, "caller_pid") == 0)
                return parse_pid(value, &r->caller_pid);
        if (strcmp(key, "caller_start") == 0)
                return parse_uint64(value, &r->caller_start);
        if (strcmp(key, "init_start") == 0)
                return parse_uint64(value, &r->init_start);
        if (strcmp(key, "policy_hash") == 0)
                return parse_hex64(value, &r->policy_hash);
        if (strcmp(key, "kill_on_logout") == 0)
                return parse_flag(value, &r->kill_on_logout);
        for (size_t i = 0; i < NS_CALLER_TYPES; i++)
                if (strcmp(key, ns_keys[i]) == 0)
                        return parse_uint64(value, &r->ns_inode[i]);
        if (strcmp(key, "user") == 0)
                target = &r->user;
        else if (strcmp(key, "service") == 0)
                target = &r->service;
        else if (strcmp(key, "cgroup") == 0)
                target = &r->cgroup;
        else if (strcmp(key, "unit") == 0)
                target = &r->unit;
        else if (strcmp(key, "logind_session") == 0)
                target = &r->logind_session;
        if (!target)
                return 0;
        free(*target);
        *target = strdup(value);
        return *target ? 0 : -ENOMEM;
}

static int record_parse(char *buf, session_record *r) {
        char *save = NULL;

        for (char *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
                char *eq = strchr(line, '=');
                int k;
                if (!eq)
                        return -EINVAL;
                *eq = '\0';
                k = record_set(r, line, eq + 1);
                if (k < 0)
                        return k;
        }
        return session_id_valid(r->id) ? 0 : -EINVAL;
}

static int record_read(int dirfd, const char *id, session_record *ret, ns_error *err) {
        _cleanup_close_ int fd = -EBADF;
        session_record r = {0};
        char buf[RECORD_MAX];
        ssize_t n;
        int k;

        assert(id);
        assert(ret);

        fd = fd_open_nofollow(dirfd, id, O_RDONLY, 0);
        if (fd < 0)
                return ns_error_set_errno(err, fd, "read session record \"%s\"", id);
        n = read(fd, buf, sizeof(buf) - 1);
        if (n < 0)
                return ns_error_set_errno(err, negative_errno(), "read session record \"%s\"", id);
        buf[n] = '\0';
        k = record_parse(buf, &r);
        if (k < 0) {
                session_record_done(&r);
                return ns_error_set_errno(err, k, "parse session record \"%s\"", id);
        }
        *ret = r;
        return 0;
}

int session_record_read(int dirfd, const char *id, session_record *ret, ns_error *err) {
        assert(id);

        if (!session_id_valid(id))
                return ns_error_set(err, -EINVAL, "read session record: invalid id \"%s\"", id);
        return record_read(dirfd, id, ret, err);
}

int session_record_read_as(int dirfd, const char *name, session_record *ret, ns_error *err) {
        assert(name);

        return record_read(dirfd, name, ret, err);
}

int session_record_remove(int dirfd, const char *id, ns_error *err) {
        assert(id);

        if (unlinkat(dirfd, id, 0) < 0 && errno != ENOENT)
                return ns_error_set_errno(err, negative_errno(), "remove session record \"%s\"", id);
        return 0;
}

void session_record_done(session_record *r) {
        assert(r);

        free(r->user);
        free(r->service);
        free(r->cgroup);
        free(r->unit);
        free(r->logind_session);
        r->user = r->service = r->cgroup = r->unit = r->logind_session = NULL;
}
