/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <errno.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <unistd.h>

#include "hardening/capabilities.h"
#include "hardening/credentials.h"

static int gid_compare(const void *a, const void *b) {
        gid_t x = *(const gid_t *) a, y = *(const gid_t *) b;
        return x < y ? -1 : x > y;
}

static gid_t *gids_sorted_copy(const gid_t *l, size_t n) {
        gid_t *c = calloc(n ? n : 1, sizeof(gid_t));

        if (!c)
                return NULL;
        memcpy(c, l, n * sizeof(gid_t));
        qsort(c, n, sizeof(gid_t), gid_compare);
        return c;
}

/* The kernel keeps the group list sorted, so compare as sorted lists. */
static int groups_verify(const user_context *u, ns_error *err) {
        _cleanup_free_ gid_t *want = NULL, *have = NULL;
        int n;

        n = getgroups(0, NULL);
        if (n < 0)
                return ns_error_set_errno(err, negative_errno(), "reading the supplementary groups");
        if ((size_t) n != u->n_gids)
                return ns_error_set(err, -EPERM,
                        "user \"%s\": %d supplementary groups are set, %zu expected", u->name, n, u->n_gids);
        want = gids_sorted_copy(u->gids, u->n_gids);
        have = calloc((size_t) n + 1, sizeof(gid_t));
        if (!want || !have)
                return ns_error_set_errno(err, -ENOMEM, "user \"%s\": verifying the groups", u->name);
        if (getgroups(n, have) != n)
                return ns_error_set_errno(err, negative_errno(), "reading the supplementary groups");
        qsort(have, (size_t) n, sizeof(gid_t), gid_compare);
        if (memcmp(want, have, u->n_gids * sizeof(gid_t)) != 0)
                return ns_error_set(err, -EPERM,
                        "user \"%s\": the supplementary groups differ from the ones set", u->name);
        return 0;
}

static int ids_verify(const user_context *u, ns_error *err) {
        uid_t ruid, euid, suid;
        gid_t rgid, egid, sgid;

        if (getresuid(&ruid, &euid, &suid) < 0 || getresgid(&rgid, &egid, &sgid) < 0)
                return ns_error_set_errno(
                        err, negative_errno(), "user \"%s\": reading the ids back", u->name);
        if (ruid != u->uid || euid != u->uid || suid != u->uid || (uid_t) setfsuid((uid_t) -1) != u->uid)
                return ns_error_set(err, -EPERM, "user \"%s\": uids are %u/%u/%u after setting %u", u->name,
                        (unsigned) ruid, (unsigned) euid, (unsigned) suid, (unsigned) u->uid);
        if (rgid != u->gid || egid != u->gid || sgid != u->gid || (gid_t) setfsgid((gid_t) -1) != u->gid)
                return ns_error_set(err, -EPERM, "user \"%s\": gids are %u/%u/%u after setting %u", u->name,
                        (unsigned) rgid, (unsigned) egid, (unsigned) sgid, (unsigned) u->gid);
        return 0;
}

/* After a change away from root, root must be out of reach for good. */
static int regain_verify(const user_context *u, ns_error *err) {
        if (setuid(0) == 0 || errno != EPERM)
                return ns_error_set(
                        err, -EPERM, "user \"%s\": setuid(0) was not refused after the change", u->name);
        if (u->gid != 0 && (setgid(0) == 0 || errno != EPERM))
                return ns_error_set(
                        err, -EPERM, "user \"%s\": setgid(0) was not refused after the change", u->name);
        return capabilities_verify_none_held(err);
}

int credentials_become_user(const user_context *u, ns_error *err) {
        int r;

        assert(u);

        if (setgroups(u->n_gids, u->gids) < 0)
                return ns_error_set_errno(err, negative_errno(),
                        "user \"%s\": setting %zu supplementary groups", u->name, u->n_gids);
        if (setresgid(u->gid, u->gid, u->gid) < 0)
                return ns_error_set_errno(
                        err, negative_errno(), "user \"%s\": setting gid %u", u->name, (unsigned) u->gid);
        if (setresuid(u->uid, u->uid, u->uid) < 0)
                return ns_error_set_errno(
                        err, negative_errno(), "user \"%s\": setting uid %u", u->name, (unsigned) u->uid);

        r = ids_verify(u, err);
        if (r < 0)
                return r;
        r = groups_verify(u, err);
        if (r < 0)
                return r;
        if (u->uid == 0)
                return 0;
        return regain_verify(u, err);
}
