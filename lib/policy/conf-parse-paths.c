/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The directives whose values are paths: ReadOnlyPaths and its kin,
 * BindPaths, TemporaryFileSystem, EnvironmentFile, CgroupRoot, Shell. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "basic/strv.h"
#include "policy/conf-lexer.h"
#include "policy/conf-parsers.h"
#include "policy/conf-values.h"
#include "policy/mount-options.h"

static int check_path(const char *s, ns_error *err) {
        if (conf_check_abs_path(s) < 0)
                return ns_error_set(
                        err, -EINVAL, "expected an absolute path without . or .. components, got \"%s\"", s);
        return 0;
}

/* PATH or -PATH (ignore if missing), as systemd.exec(5). */
static int check_path_optional(const conf_directive *d, const char *s, bool token_syntax, ns_error *err) {
        bool optional;

        if (conf_check_abs_path(mount_path_strip(s, &optional)) < 0)
                return ns_error_set(err, -EINVAL,
                        "expected an absolute path without . or .. components (\"-\" in front: ignore it if "
                        "missing), got \"%s\"",
                        s);
        return 0;
}

int parse_paths(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        return conf_strv_add(d, p, words, token_syntax, check_path_optional, strv_extend, err);
}

static int check_tmpfs_spec(const conf_directive *d, const char *s, bool token_syntax, ns_error *err) {
        tmpfs_spec spec;
        int r = tmpfs_spec_parse(s, &spec, err);

        tmpfs_spec_done(r >= 0 ? &spec : NULL);
        return r;
}

/* PATH[:OPTIONS]: mount flags and tmpfs options (policy/mount-options.h). */
int parse_tmpfs_specs(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        return conf_strv_add(d, p, words, token_syntax, check_tmpfs_spec, strv_extend, err);
}

static void binds_clear(policy *p, bool read_only) {
        size_t k = 0;

        for (size_t i = 0; i < p->n_binds; i++) {
                if (p->binds[i].read_only == read_only) {
                        free(p->binds[i].source);
                        free(p->binds[i].dest);
                } else
                        p->binds[k++] = p->binds[i];
        }
        p->n_binds = k;
}

/* "[-]SOURCE[:DEST[:rbind|norbind]]" into b (sources and dests checked by
 * check_bind() first). */
static int bind_split(const char *spec, bool read_only, policy_bind *ret) {
        policy_bind b = {.read_only = read_only};
        const char *src = mount_path_strip(spec, &b.optional);
        const char *colon = strchr(src, ':'), *colon2 = colon ? strchr(colon + 1, ':') : NULL;

        b.no_recursive = colon2 && strcmp(colon2 + 1, "norbind") == 0;
        b.source = colon ? strndup(src, colon - src) : strdup(src);
        b.dest = colon ? strndup(colon + 1, colon2 ? (size_t) (colon2 - colon - 1) : strlen(colon + 1))
                       : strdup(src);
        if (!b.source || !b.dest) {
                free(b.source);
                free(b.dest);
                return -ENOMEM;
        }
        *ret = b;
        return 0;
}

/* BindPaths entries go before the first read-only one: the array keeps
 * "BindPaths then BindReadOnlyPaths" (policy.h), whatever the file order. */
static int binds_add(policy *p, const char *spec, bool read_only) {
        policy_bind b;
        policy_bind *m;
        size_t at = p->n_binds;

        if (bind_split(spec, read_only, &b) < 0)
                return -ENOMEM;
        m = realloc(p->binds, (p->n_binds + 1) * sizeof(*m));
        if (!m) {
                free(b.source);
                free(b.dest);
                return -ENOMEM;
        }
        p->binds = m;
        if (!read_only)
                for (at = 0; at < p->n_binds && !p->binds[at].read_only; at++)
                        ;
        memmove(m + at + 1, m + at, (p->n_binds - at) * sizeof(*m));
        m[at] = b;
        p->n_binds++;
        return 0;
}

static int check_bind(const conf_directive *d, const char *spec, bool token_syntax, ns_error *err) {
        bool optional;
        const char *src = mount_path_strip(spec, &optional);
        const char *colon = strchr(src, ':'), *colon2 = colon ? strchr(colon + 1, ':') : NULL;
        policy_bind b;
        int bad;

        if (bind_split(spec, false, &b) < 0)
                return ns_error_set_errno(err, -ENOMEM, "check \"%s\"", spec);
        bad = conf_check_abs_path(b.source) < 0 || conf_check_abs_path(b.dest) < 0 ||
                (colon2 && strcmp(colon2 + 1, "rbind") != 0 && strcmp(colon2 + 1, "norbind") != 0);
        free(b.source);
        free(b.dest);
        if (bad)
                return ns_error_set(err, -EINVAL,
                        "expected [-]SOURCE[:DEST[:rbind|norbind]] with absolute paths, got \"%s\"", spec);
        return 0;
}

int parse_binds(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        int r;

        if (conf_words_empty(words)) {
                binds_clear(p, d->arg);
                return 0;
        }
        r = conf_words_check(d, words, token_syntax, check_bind, err);
        if (r < 0)
                return r;
        for (char **w = words; *w; w++) {
                r = binds_add(p, *w, d->arg);
                if (r < 0)
                        return ns_error_set_errno(err, r, "store \"%s\"", *w);
        }
        return 0;
}

int parse_cgroup_root(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        const char *prefix = "/sys/fs/cgroup/";

        if (conf_check_abs_path(words[0]) < 0 || strncmp(words[0], prefix, strlen(prefix)) != 0 ||
                words[0][strlen(prefix)] == '\0')
                return ns_error_set(
                        err, -EINVAL, "expected an absolute path under %s, got \"%s\"", prefix, words[0]);
        return conf_set_string(CONF_FIELD(char *, d, p), words[0], err);
}

int parse_shell(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        int r = check_path(words[0], err);
        if (r < 0)
                return r;
        return conf_set_string(CONF_FIELD(char *, d, p), words[0], err);
}

static int check_env_file(const conf_directive *d, const char *s, bool token_syntax, ns_error *err) {
        return check_path(s + (s[0] == '-'), err);
}

/* EnvironmentFile: absolute paths, each with an optional leading '-'. */
int parse_env_files(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        return conf_strv_add(d, p, words, token_syntax, check_env_file, strv_extend, err);
}
