/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "basic/macro.h"
#include "basic/strv.h"
#include "policy/conf-load.h"
#include "policy/conf-values.h"
#include "policy/policy.h"
#include "policy/syscall-groups.h"

/* The generated table: one row per group, its members a compound literal. */
#define SYSCALL_GROUP(n, h, ...) {.name = n, .help = h, .members = (const char *const[]){__VA_ARGS__}},
static const syscall_group groups[] = {
#include "policy/syscall-groups-table.h"
};
#undef SYSCALL_GROUP

/* Groups include groups, never in a cycle; deeper than this is a bug. */
#define GROUP_DEPTH_MAX 8

const syscall_group *syscall_group_find(const char *name) {
        assert(name);

        for (size_t i = 0; i < ELEMENTSOF(groups); i++)
                if (strcmp(groups[i].name, name) == 0)
                        return &groups[i];
        return NULL;
}

const syscall_group *syscall_groups(size_t *ret_n) {
        assert(ret_n);

        *ret_n = ELEMENTSOF(groups);
        return groups;
}

int syscall_errno_from_string(const char *s, int *ret) {
        uint64_t v;

        assert(s);
        assert(ret);

        if (conf_parse_uint(s, 1, 4095, &v) >= 0) {
                *ret = (int) v;
                return 0;
        }
        for (int e = 1; e < 4096; e++) {
                const char *name = strerrorname_np(e);
                if (name && strcmp(name, s) == 0) {
                        *ret = e;
                        return 0;
                }
        }
        return -EINVAL;
}

const char *syscall_errno_to_string(int error, char *buf, size_t size) {
        const char *name = strerrorname_np(error);

        if (name)
                return name;
        snprintf(buf, size, "%d", error);
        return buf;
}

int syscall_entry_split(const char *entry, bool *ret_invert, char **ret_name, int *ret_error) {
        bool invert = entry[0] == '~';
        const char *name = entry + invert, *colon = strchr(name, ':');
        int error = -1;
        char *n;

        if (colon && syscall_errno_from_string(colon + 1, &error) < 0)
                return -EINVAL;
        n = colon ? strndup(name, colon - name) : strdup(name);
        if (!n)
                return -ENOMEM;
        *ret_invert = invert;
        *ret_name = n;
        *ret_error = error;
        return 0;
}

static ssize_t set_find(const syscall_set *s, const char *name) {
        for (size_t i = 0; i < s->n_rules; i++)
                if (strcmp(s->rules[i].name, name) == 0)
                        return (ssize_t) i;
        return -1;
}

static int set_add(syscall_set *s, const char *name, int error) {
        ssize_t i = set_find(s, name);
        syscall_rule *m;
        char *n;

        if (i >= 0) {
                assert(s->rules); /* found: the set has rules */
                s->rules[i].error = error;
                return 0;
        }
        n = strdup(name);
        m = n ? realloc(s->rules, (s->n_rules + 1) * sizeof(*m)) : NULL;
        if (!m) {
                free(n);
                return -ENOMEM;
        }
        s->rules = m;
        m[s->n_rules++] = (syscall_rule){.name = n, .error = error};
        return 0;
}

static void set_remove(syscall_set *s, const char *name) {
        ssize_t i = set_find(s, name);

        if (i < 0)
                return;
        assert(s->rules); /* found: the set has rules */
        free(s->rules[i].name);
        memmove(s->rules + i, s->rules + i + 1, (s->n_rules - i - 1) * sizeof(*s->rules));
        s->n_rules--;
}

static bool syscall_known(const char *name) {
        return seccomp_syscall_resolve_name(name) != __NR_SCMP_ERROR;
}

static int apply_group(syscall_set *s, const syscall_group *g, bool add, int error, unsigned depth) {
        assert(depth < GROUP_DEPTH_MAX);

        for (const char *const *m = g->members; *m; m++) {
                int r = 0;
                if ((*m)[0] == '@') {
                        const syscall_group *sub = syscall_group_find(*m);
                        assert(sub);
                        r = apply_group(s, sub, add, error, depth + 1);
                } else if (!syscall_known(*m))
                        continue;
                else if (add)
                        r = set_add(s, *m, error);
                else
                        set_remove(s, *m);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* "SystemCallFilter: WHAT \"ENTRY\", ignored" */
static int ignore(syscall_set *s, const char *what, const char *entry) {
        char *msg = NULL;

        if (asprintf(&msg, "SystemCallFilter: %s \"%s\", ignored", what, entry) < 0)
                return -ENOMEM;
        return strv_push(&s->ignored, msg);
}

static int apply_entry(syscall_set *s, const char *entry, bool *mode_set) {
        _cleanup_free_ char *name = NULL;
        bool invert, add;
        int error, r;

        r = syscall_entry_split(entry, &invert, &name, &error);
        if (r == -EINVAL)
                return ignore(s, "no valid errno after ':' in", entry);
        if (r < 0)
                return r;
        if (!*mode_set) {
                *mode_set = true;
                s->allow_list = !invert;
                if (s->allow_list) {
                        r = apply_group(s, syscall_group_find("@default"), true, -1, 0);
                        if (r < 0)
                                return r;
                }
        }
        add = s->allow_list != invert;
        if (s->allow_list && error >= 0)
                /* an allowed call returns no error: the errno has no meaning here */
                error = -1;
        if (name[0] == '@') {
                const syscall_group *g = syscall_group_find(name);
                if (!g)
                        return ignore(s, "unknown system call group", name);
                return apply_group(s, g, add, error, 0);
        }
        if (!syscall_known(name))
                return ignore(s, "unknown system call", name);
        if (add)
                return set_add(s, name, error);
        set_remove(s, name);
        return 0;
}

int syscall_set_resolve(char *const *entries, syscall_set *ret) {
        syscall_set s = {};
        bool mode_set = false;

        assert(ret);

        for (char *const *e = entries; e && *e; e++) {
                int r = apply_entry(&s, *e, &mode_set);
                if (r < 0) {
                        syscall_set_done(&s);
                        return r;
                }
        }
        *ret = s;
        return 0;
}

void syscall_set_done(syscall_set *s) {
        if (!s)
                return;
        for (size_t i = 0; i < s->n_rules; i++)
                free(s->rules[i].name);
        free(s->rules);
        strv_free(s->ignored);
        *s = (syscall_set){};
}

/* One word at a time, "~" forced: a word's own mode does not change whether
 * its name is known. */
static int word_warnings(const conf *c, const conf_assignment *a, const char *word, char ***l) {
        _cleanup_free_ char *entry = NULL;
        syscall_set set = {};
        int r;

        if (word[0] == '\0' || strcmp(word + (word[0] == '~'), SYSCALL_SET_NSSHELL_DEFAULT) == 0)
                return 0; /* "" turns the filter off */
        if (asprintf(&entry, "~%s", word + (word[0] == '~')) < 0)
                return -ENOMEM;
        r = syscall_set_resolve((char *[]){entry, NULL}, &set);
        for (char **m = set.ignored; r >= 0 && m && *m; m++) {
                char *msg = NULL;
                r = asprintf(&msg, "%s:%u: warning: %s", c->files[a->file], a->line, *m) < 0
                        ? -ENOMEM
                        : strv_push(l, msg);
        }
        syscall_set_done(&set);
        return r;
}

int syscall_filter_conf_warnings(const conf *c, char ***ret) {
        _cleanup_strv_free_ char **l = NULL;

        assert(c);
        assert(ret);

        for (size_t i = 0; i < c->n_assignments; i++) {
                const conf_assignment *a = &c->assignments[i];
                if (strcmp(a->directive->name, "SystemCallFilter") != 0)
                        continue;
                for (char **w = a->words; w && *w; w++) {
                        int r = word_warnings(c, a, *w, &l);
                        if (r < 0)
                                return r;
                }
        }
        *ret = TAKE_PTR(l);
        return 0;
}

bool syscall_set_permits(const syscall_set *s, const char *name) {
        assert(s);
        assert(name);

        return (set_find(s, name) >= 0) == s->allow_list;
}

static void syscall_set_donep(syscall_set *s) {
        syscall_set_done(s);
}

/* The blocks whose assignments a login matched by block B alone gets: B, the
 * blocks around it, and the top level. */
static bool block_in_chain(const conf *c, size_t block, size_t b) {
        for (;;) {
                if (block == b)
                        return true;
                if (b == 0 || b == CONF_NO_BLOCK)
                        return block == 0;
                b = c->blocks[b].parent == CONF_NO_BLOCK ? 0 : c->blocks[b].parent;
        }
}

/* Replay the SystemCallFilter lines of B's chain in file order as the cascade
 * does; *ret_last is the last of them (NULL: none). */
static int chain_filter(const conf *c, size_t b, policy *p, const conf_assignment **ret_last) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        const conf_assignment *last = NULL;

        for (size_t i = 0; i < c->n_assignments; i++) {
                const conf_assignment *a = &c->assignments[i];
                if (strcmp(a->directive->name, "SystemCallFilter") != 0 || !block_in_chain(c, a->block, b))
                        continue;
                /* conf_load() parsed every line once already: this cannot fail but for memory */
                int r = conf_directive_apply(a->directive, p, a->words, false, &err);
                if (r < 0)
                        return r;
                last = a;
        }
        *ret_last = last;
        return 0;
}

/* What every dynamically linked shell needs to start: nsshell's execve() of
 * it, then the loader opening and reading its libraries, and the shell
 * reading and writing its terminal. *ret: "execve(), read()", or NULL. */
static int missing_essentials(const syscall_set *set, char **ret) {
        static const char *const essential[] = {"execve", "openat", "read", "write", "close"};
        _cleanup_free_ char *l = NULL;

        for (size_t i = 0; i < ELEMENTSOF(essential); i++) {
                char *n = NULL;
                if (syscall_set_permits(set, essential[i]))
                        continue;
                if (asprintf(&n, "%s%s%s()", l ? l : "", l ? ", " : "", essential[i]) < 0)
                        return -ENOMEM;
                free(l);
                l = n;
        }
        *ret = TAKE_PTR(l);
        return 0;
}

static bool block_sets_filter(const conf *c, size_t b) {
        for (size_t i = 0; i < c->n_assignments; i++)
                if (c->assignments[i].block == b &&
                        strcmp(c->assignments[i].directive->name, "SystemCallFilter") == 0)
                        return true;
        return false;
}

int syscall_filter_conf_errors(const conf *c, char ***ret) {
        _cleanup_strv_free_ char **l = NULL;

        assert(c);
        assert(ret);

        for (size_t b = 0; b < c->n_blocks; b++) {
                _cleanup_policy_free_ policy *p = NULL;
                _cleanup_(syscall_set_donep) syscall_set set = {};
                const conf_assignment *last = NULL;
                _cleanup_free_ char *missing = NULL;
                char *msg = NULL;
                int r;

                if (b > 0 && !block_sets_filter(c, b))
                        continue; /* the same filter as the block around it */
                r = policy_new_default(&p);
                if (r >= 0)
                        r = chain_filter(c, b, p, &last);
                if (r >= 0 && last)
                        r = syscall_set_resolve(p->syscall_filter, &set);
                if (r < 0)
                        return r;
                if (!last)
                        continue;
                r = missing_essentials(&set, &missing);
                if (r < 0)
                        return r;
                if (!missing)
                        continue;
                if (asprintf(&msg,
                            "%s:%u: SystemCallFilter: this %s %s, without which no shell starts: every "
                            "login%s would fail%s",
                            c->files[last->file], last->line,
                            set.allow_list ? "allow-list leaves out" : "deny-list refuses", missing,
                            b == 0 ? "" : " matched by this block",
                            strv_contains(p->syscall_filter, "@default")
                                    ? " (nsshell's own deny set, once called @default, is now "
                                      "@nsshell-default; systemd's @default is an allow-list of the "
                                      "basic calls only)"
                                    : "") < 0)
                        return -ENOMEM;
                r = strv_push(&l, msg);
                if (r < 0)
                        return r;
        }
        *ret = TAKE_PTR(l);
        return 0;
}
