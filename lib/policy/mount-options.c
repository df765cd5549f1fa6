/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#include "basic/macro.h"
#include "policy/conf-values.h"
#include "policy/mount-options.h"

const char *mount_path_strip(const char *word, bool *ret_optional) {
        assert(word);
        assert(ret_optional);

        *ret_optional = word[0] == '-';
        return word + (word[0] == '-');
}

/* Mount flags among the options: what each sets, and what it clears first. */
static const struct mount_flag {
        const char *name;
        uint64_t set, clr;
} mount_flags[] = {
        {"ro", MOUNT_ATTR_RDONLY, 0},
        {"rw", 0, MOUNT_ATTR_RDONLY},
        {"nosuid", MOUNT_ATTR_NOSUID, 0},
        {"suid", 0, MOUNT_ATTR_NOSUID},
        {"nodev", MOUNT_ATTR_NODEV, 0},
        {"dev", 0, MOUNT_ATTR_NODEV},
        {"noexec", MOUNT_ATTR_NOEXEC, 0},
        {"exec", 0, MOUNT_ATTR_NOEXEC},
        {"nodiratime", MOUNT_ATTR_NODIRATIME, 0},
        {"diratime", 0, MOUNT_ATTR_NODIRATIME},
        {"strictatime", MOUNT_ATTR_STRICTATIME, MOUNT_ATTR__ATIME},
        {"nostrictatime", MOUNT_ATTR_RELATIME, MOUNT_ATTR__ATIME},
        {"relatime", MOUNT_ATTR_RELATIME, MOUNT_ATTR__ATIME},
        {"norelatime", MOUNT_ATTR_STRICTATIME, MOUNT_ATTR__ATIME},
        {"noatime", MOUNT_ATTR_NOATIME, MOUNT_ATTR__ATIME},
        {"atime", MOUNT_ATTR_RELATIME, MOUNT_ATTR__ATIME},
};

/* "123", "64k", "10m", "2g", "50%" (percent only where allowed). */
static bool tmpfs_number_valid(const char *v, bool percent) {
        size_t n = strspn(v, "0123456789");

        if (n == 0)
                return false;
        if (v[n] == '\0')
                return true;
        if (v[n + 1] != '\0')
                return false;
        return strchr("kKmMgGtTpPeE", v[n]) || (percent && v[n] == '%');
}

static bool tmpfs_option_valid(const char *key, const char *value) {
        static const char *const huge[] = {"never", "always", "within_size", "advise", "deny", "force"};
        uint64_t u;

        if (!value)
                return strcmp(key, "inode32") == 0 || strcmp(key, "inode64") == 0;
        if (strcmp(key, "size") == 0 || strcmp(key, "nr_blocks") == 0 || strcmp(key, "nr_inodes") == 0)
                return tmpfs_number_valid(value, true);
        if (strcmp(key, "mode") == 0)
                return value[strspn(value, "01234567")] == '\0' && strlen(value) > 0 && strlen(value) <= 5 &&
                        strtoul(value, NULL, 8) <= 07777;
        if (strcmp(key, "uid") == 0 || strcmp(key, "gid") == 0)
                return conf_parse_uint(value, 0, UINT32_MAX - 1, &u) >= 0;
        if (strcmp(key, "huge") == 0) {
                for (size_t i = 0; i < ELEMENTSOF(huge); i++)
                        if (strcmp(value, huge[i]) == 0)
                                return true;
                return false;
        }
        return strcmp(key, "mpol") == 0 && value[0] != '\0';
}

static const struct mount_flag *mount_flag_find(const char *name) {
        for (size_t i = 0; i < ELEMENTSOF(mount_flags); i++)
                if (strcmp(mount_flags[i].name, name) == 0)
                        return &mount_flags[i];
        return NULL;
}

/* OPTIONS (modified in place) into *attr and the tmpfs options appended to out. */
static int options_split(char *options, uint64_t *attr, char *out, ns_error *err) {
        char *save = NULL;

        for (char *o = strtok_r(options, ",", &save); o; o = strtok_r(NULL, ",", &save)) {
                const struct mount_flag *f = mount_flag_find(o);
                char *eq = strchr(o, '=');
                if (f) {
                        *attr = (*attr & ~f->clr) | f->set;
                        continue;
                }
                if (eq)
                        *eq = '\0';
                if (!tmpfs_option_valid(o, eq ? eq + 1 : NULL))
                        return ns_error_set(err, -EINVAL,
                                "unknown or bad TemporaryFileSystem option \"%s%s%s\" (mount flags: ro, "
                                "nosuid, nodev, noexec, strictatime, ...; tmpfs: mode=, size=, nr_inodes=, "
                                "uid=, gid=, ...)",
                                o, eq ? "=" : "", eq ? eq + 1 : "");
                if (eq)
                        *eq = '=';
                if (out[0])
                        strcat(out, ",");
                strcat(out, o);
        }
        return 0;
}

int tmpfs_spec_parse(const char *spec, tmpfs_spec *ret, ns_error *err) {
        _cleanup_free_ char *path = NULL, *options = NULL, *out = NULL;
        const char *colon;
        uint64_t attr = TMPFS_SPEC_ATTR_DEFAULT;
        int r;

        assert(spec);
        assert(ret);

        colon = strchr(spec, ':');
        path = colon ? strndup(spec, colon - spec) : strdup(spec);
        options = strdup(colon ? colon + 1 : "");
        out = calloc(1, strlen(spec) + 1);
        if (!path || !options || !out)
                return ns_error_set_errno(err, -ENOMEM, "parse \"%s\"", spec);
        if (conf_check_abs_path(path) < 0)
                return ns_error_set(err, -EINVAL,
                        "expected an absolute path without . or .. components, then :OPTIONS, got \"%s\"",
                        spec);
        r = options_split(options, &attr, out, err);
        if (r < 0)
                return r;
        *ret = (tmpfs_spec){.path = TAKE_PTR(path), .options = TAKE_PTR(out), .attr = attr};
        return 0;
}

void tmpfs_spec_done(tmpfs_spec *s) {
        if (!s)
                return;
        free(s->path);
        free(s->options);
        *s = (tmpfs_spec){};
}
