/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>

#include "basic/strv.h"
#include "policy/user.h"

#define NSS_BUF_MAX (1024 * 1024)

/* NAME's entry, or UID's when NAME is NULL. getpwnam_r/getpwuid_r want a
 * caller buffer of unknown size: grow it on ERANGE (long GECOS fields, LDAP). */
static int lookup_passwd(const char *name, uid_t uid, struct passwd *pw, char **buf) {
        for (size_t size = 4096; size <= NSS_BUF_MAX; size *= 2) {
                struct passwd *res = NULL;
                char *b = realloc(*buf, size);
                int r;
                if (!b)
                        return -ENOMEM;
                *buf = b;
                r = name ? getpwnam_r(name, pw, b, size, &res) : getpwuid_r(uid, pw, b, size, &res);
                if (r == ERANGE)
                        continue;
                if (r != 0)
                        return -r;
                return res ? 0 : -ESRCH;
        }
        return -ERANGE;
}

/* The group's name, or its number when NSS has no name for it. */
static int group_name(gid_t gid, char **ret) {
        _cleanup_free_ char *buf = NULL;

        for (size_t size = 4096; size <= NSS_BUF_MAX; size *= 2) {
                struct group gr, *res = NULL;
                char *b = realloc(buf, size);
                int r;
                if (!b)
                        return -ENOMEM;
                buf = b;
                r = getgrgid_r(gid, &gr, b, size, &res);
                if (r == ERANGE)
                        continue;
                if (r != 0 && r != ENOENT && r != ESRCH)
                        return -r;
                if (res)
                        *ret = strdup(gr.gr_name);
                else if (asprintf(ret, "%u", (unsigned) gid) < 0)
                        *ret = NULL;
                return *ret ? 0 : -ENOMEM;
        }
        return -ERANGE;
}

static int lookup_groups(user_context *u) {
        int n = 16;

        for (;;) {
                int want = n;
                gid_t *g = realloc(u->gids, want * sizeof(gid_t));
                if (!g)
                        return -ENOMEM;
                u->gids = g;
                if (getgrouplist(u->name, u->gid, g, &n) >= 0)
                        break;
                if (n <= want)
                        n = want * 2;
                if (n > 65536)
                        return -E2BIG;
        }
        u->n_gids = n;
        for (size_t i = 0; i < u->n_gids; i++) {
                char *name = NULL;
                int r = 0;
                /* getgrouplist() lists the primary group too: its name is known */
                if (u->gids[i] == u->gid && u->group)
                        name = strdup(u->group);
                else
                        r = group_name(u->gids[i], &name);
                if (r >= 0 && !name)
                        r = -ENOMEM;
                if (r < 0)
                        return r;
                r = strv_push(&u->group_names, name);
                if (r < 0)
                        return r;
        }
        return 0;
}

int user_context_lookup(const char *name, user_context **ret, ns_error *err) {
        _cleanup_user_context_free_ user_context *u = calloc(1, sizeof(*u));
        _cleanup_free_ char *buf = NULL;
        struct passwd pw;
        int r;

        assert(name);
        assert(ret);

        if (!u)
                return ns_error_set_errno(err, -ENOMEM, "looking up user \"%s\"", name);
        r = lookup_passwd(name, 0, &pw, &buf);
        if (r == -ESRCH)
                return ns_error_set(err, r, "looking up user \"%s\": no such user", name);
        if (r < 0)
                return ns_error_set_errno(err, r, "looking up user \"%s\"", name);
        u->uid = pw.pw_uid;
        u->gid = pw.pw_gid;
        u->name = strdup(pw.pw_name);
        u->home = strdup(pw.pw_dir);
        u->shell = strdup(pw.pw_shell);
        if (!u->name || !u->home || !u->shell)
                return ns_error_set_errno(err, -ENOMEM, "looking up user \"%s\"", name);
        r = group_name(u->gid, &u->group);
        if (r >= 0)
                r = lookup_groups(u);
        if (r < 0)
                return ns_error_set_errno(err, r, "looking up the groups of user \"%s\"", name);
        *ret = TAKE_PTR(u);
        return 0;
}

int user_context_lookup_uid(uid_t uid, user_context **ret, ns_error *err) {
        _cleanup_user_context_free_ user_context *u = NULL;
        _cleanup_free_ char *buf = NULL;
        struct passwd pw;
        int r;

        assert(ret);
        r = lookup_passwd(NULL, uid, &pw, &buf);
        if (r == -ESRCH)
                return ns_error_set(err, r, "looking up uid %u: no such user", (unsigned) uid);
        if (r < 0)
                return ns_error_set_errno(err, r, "looking up uid %u", (unsigned) uid);
        r = user_context_lookup(pw.pw_name, &u, err);
        if (r < 0)
                return r;
        if (u->uid != uid)
                return ns_error_set(err, -EPERM, "user \"%s\" is not uid %u", u->name, (unsigned) uid);
        *ret = TAKE_PTR(u);
        return 0;
}

void user_context_free(user_context *u) {
        if (!u)
                return;
        free(u->name);
        free(u->group);
        free(u->home);
        free(u->shell);
        free(u->gids);
        strv_free(u->group_names);
        free(u);
}
