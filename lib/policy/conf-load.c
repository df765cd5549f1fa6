/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "policy/conf-files.h"
#include "policy/conf-lexer.h"
#include "policy/conf-load.h"
#include "policy/conf-values.h"
#include "basic/strv.h"
#include "policy/tokens.h"

#define MAX_INCLUDE_DEPTH 8

/* The values every %-token takes when a value is checked at load time. */
static const token_values placeholder_tokens = {
        .user = "user",
        .uid = "1000",
        .group = "users",
        .home = "/home/user",
        .session = "1",
};

typedef struct loader {
        conf *c;
        conf_load_options opts;
        policy *scratch; /* values are parsed into it only to check them */
        ns_error *err;
        int first; /* the first error's code, 0 = none */
        size_t blocks_room, assignments_room; /* allocated entries of c->blocks, c->assignments */
} loader;

/* Report E's message (or R's text) at FILE:LINE; only -ENOMEM stops the load. */
static int loader_error(loader *l, size_t file, unsigned line, int r, ns_error *e) {
        const char *msg = e->msg[0] ? e->msg : strerror(-r);

        if (line > 0)
                ns_error_set(l->err, r, "%s:%u: %s", l->c->files[file], line, msg);
        else
                ns_error_set(l->err, r, "%s", msg);
        ns_error_done(e);
        if (l->first == 0)
                l->first = r;
        return r == -ENOMEM ? r : 0;
}

/* ARRAY (N entries of SIZE bytes used, *ROOM allocated) with room for one
 * more, or NULL (ARRAY left as it is). Doubling: the arrays grow by one entry
 * per line of a policy. */
static void *array_reserve(void *array, size_t n, size_t *room, size_t size) {
        void *m;

        if (n < *room)
                return array;
        m = reallocarray(array, *room * 2 + 8, size);
        if (m)
                *room = *room * 2 + 8;
        return m;
}

static bool words_have_tokens(char *const *words) {
        for (char *const *w = words; w && *w; w++)
                if (strchr(*w, '%'))
                        return true;
        return false;
}

static int check_value(loader *l, const conf_directive *d, char **words, ns_error *e) {
        _cleanup_strv_free_ char **expanded = NULL;
        int r;

        /* Words without '%' expand to themselves: no copy to make. */
        if ((d->flags & CONF_TOKENS) && words_have_tokens(words)) {
                r = tokens_expand_strv(words, &placeholder_tokens, &expanded, e);
                if (r < 0)
                        return r;
        }
        r = conf_directive_apply(d, l->scratch, expanded ?: words, false, e);
        /* The scratch policy only checks values, and no list parser looks at what
         * the list already holds: empty it again, or every list line would append
         * to (and walk) one ever longer list, quadratic in the policy's size. */
        if (r >= 0 && (d->flags & CONF_LIST))
                r = conf_directive_apply(d, l->scratch, NULL, false, e);
        return r;
}

static int add_assignment(
        loader *l, const conf_directive *d, char ***words, size_t block, size_t file, unsigned line) {
        conf *c = l->c;
        conf_assignment *m =
                array_reserve(c->assignments, c->n_assignments, &l->assignments_room, sizeof(*m));

        if (!m)
                return -ENOMEM;
        c->assignments = m;
        m[c->n_assignments++] = (conf_assignment){
                .directive = d, .words = TAKE_PTR(*words), .block = block, .file = file, .line = line};
        return 0;
}

static int parse_assignment(
        loader *l, conf_line *cl, size_t block, size_t file, unsigned line, ns_error *e) {
        const conf_directive *d = conf_directive_find(cl->name);
        int r;

        if (!d) {
                ns_error_set(e, -EINVAL, "unknown directive \"%s\"", cl->name);
                return loader_error(l, file, line, -EINVAL, e);
        }
        if ((d->flags & CONF_GLOBAL) && block != 0) {
                ns_error_set(e, -EINVAL, "%s is only allowed before the first Match", d->name);
                return loader_error(l, file, line, -EINVAL, e);
        }
        r = check_value(l, d, cl->words, e);
        if (r < 0) {
                ns_error e2 = NS_ERROR_INIT;
                ns_error_set(&e2, r, "%s: %s", d->name, e->msg[0] ? e->msg : strerror(-r));
                ns_error_done(e);
                return loader_error(l, file, line, r, &e2);
        }
        return add_assignment(l, d, &cl->words, block, file, line);
}

static int parse_match(
        loader *l, conf_line *cl, size_t parent, size_t file, unsigned line, size_t *current, ns_error *e) {
        conf *c = l->c;
        conf_block *m;
        match_criterion *criteria;
        size_t n;
        int r = match_criteria_parse(cl->words, &criteria, &n, e);

        if (r < 0)
                return loader_error(l, file, line, r, e);
        m = array_reserve(c->blocks, c->n_blocks, &l->blocks_room, sizeof(*m));
        if (!m) {
                match_criteria_free(criteria, n);
                return -ENOMEM;
        }
        c->blocks = m;
        m[c->n_blocks] = (conf_block){.parent = parent, .criteria = criteria, .n_criteria = n};
        *current = c->n_blocks++;
        return 0;
}

static int parse_buffer(loader *l, size_t file, const char *buf, size_t len, size_t block, unsigned depth);

/* Read PATH into the conf as a new file inside BLOCK. FROM/LINE: the Include that names it (line 0: none).
 */
static int load_file(loader *l, const char *path, size_t block, unsigned depth, size_t from, unsigned line) {
        ns_error e = NS_ERROR_INIT;
        _cleanup_close_ int fd = -EBADF;
        _cleanup_free_ char *buf = NULL;
        size_t len;
        int r = conf_open_file(path, l->opts.trusted_uid, &fd, &e);

        if (r >= 0)
                r = conf_read_fd(fd, path, &buf, &len, &e);
        if (r < 0 && line == 0) {
                /* The main file or a drop-in: no includer's line names it. */
                ns_error named = NS_ERROR_INIT;
                ns_error_set(&named, r, "policy \"%s\": %s", path, e.msg[0] ? e.msg : strerror(-r));
                ns_error_done(&e);
                return loader_error(l, from, line, r, &named);
        }
        if (r < 0)
                return loader_error(l, from, line, r, &e);
        r = strv_extend(&l->c->files, path);
        if (r < 0)
                return r;
        return parse_buffer(l, strv_length(l->c->files) - 1, buf, len, block, depth);
}

static int include_pattern(const char *from, const char *glob, char **ret) {
        const char *slash = strrchr(from, '/');

        if (glob[0] == '/')
                *ret = strdup(glob);
        else if (asprintf(ret, "%.*s/%s", slash ? (int) (slash - from) : 1, slash ? from : ".", glob) < 0)
                *ret = NULL;
        return *ret ? 0 : -ENOMEM;
}

static int parse_include(
        loader *l, conf_line *cl, size_t block, size_t file, unsigned line, unsigned depth) {
        ns_error e = NS_ERROR_INIT;
        int r = 0;

        if (l->opts.no_include)
                ns_error_set(&e, -EPERM, "Include is not allowed here");
        else if (depth >= MAX_INCLUDE_DEPTH)
                ns_error_set(&e, -ELOOP, "Include nested more than %d deep (a loop?)", MAX_INCLUDE_DEPTH);
        else if (conf_words_empty(cl->words))
                ns_error_set(&e, -EINVAL, "Include: expected one or more file names or globs");
        if (e.code < 0)
                return loader_error(l, file, line, e.code, &e);
        for (char **w = cl->words; *w && r >= 0; w++) {
                _cleanup_free_ char *pattern = NULL;
                _cleanup_strv_free_ char **paths = NULL;
                r = include_pattern(l->c->files[file], *w, &pattern);
                if (r >= 0 && (r = conf_glob(pattern, &paths, &e)) < 0)
                        r = loader_error(l, file, line, r, &e);
                for (char **p = paths; r >= 0 && p && *p; p++)
                        r = load_file(l, *p, block, depth + 1, file, line);
        }
        return r;
}

/* E: empty on entry; a step sets it only when it fails (loader_error() empties it again). */
static int parse_line(loader *l, const char *text, size_t n, size_t file, unsigned line, size_t block,
        size_t *current, unsigned depth, ns_error *e) {
        _cleanup_(conf_line_done) conf_line cl = {};
        int r = conf_lex_line(text, n, &cl, e);

        if (r < 0)
                return loader_error(l, file, line, r, e);
        if (!cl.name)
                return 0;
        if (conf_name_eq(cl.name, "Match"))
                return parse_match(l, &cl, block, file, line, current, e);
        if (conf_name_eq(cl.name, "Include"))
                return parse_include(l, &cl, *current, file, line, depth);
        return parse_assignment(l, &cl, *current, file, line, e);
}

static int parse_buffer(loader *l, size_t file, const char *buf, size_t len, size_t block, unsigned depth) {
        const char *p = buf, *end = buf + len;
        size_t current = block;
        unsigned line = 0;
        /* One for all lines: an ns_error holds a 1 KiB message buffer, and
         * clearing a fresh one per line cost 15% of a large policy's load. */
        _cleanup_(ns_error_done) ns_error e = NS_ERROR_INIT;

        while (p < end) {
                const char *nl = memchr(p, '\n', end - p);
                size_t n = nl ? (size_t) (nl - p) : (size_t) (end - p);
                int r = parse_line(l, p, n, file, ++line, block, &current, depth, &e);
                if (r < 0)
                        return r;
                if (e.code != 0 || e.all)
                        ns_error_done(&e); /* no line starts with another's message */
                p += n + (nl ? 1 : 0);
        }
        return 0;
}

void conf_free(conf *c) {
        if (!c)
                return;
        strv_free(c->files);
        for (size_t i = 0; i < c->n_blocks; i++)
                match_criteria_free(c->blocks[i].criteria, c->blocks[i].n_criteria);
        free(c->blocks);
        for (size_t i = 0; i < c->n_assignments; i++)
                strv_free(c->assignments[i].words);
        free(c->assignments);
        free(c);
}

static int loader_init(loader *l, const conf_load_options *opts, ns_error *err) {
        int r;

        *l = (loader){.opts = opts ? *opts : (conf_load_options){}, .err = err};
        l->c = calloc(1, sizeof(conf));
        if (!l->c)
                return -ENOMEM;
        l->c->blocks = calloc(1, sizeof(conf_block));
        if (!l->c->blocks)
                return -ENOMEM;
        l->c->blocks[0].parent = CONF_NO_BLOCK;
        l->c->n_blocks = 1;
        l->blocks_room = 1;
        r = policy_new_default(&l->scratch);
        return r;
}

/* Hand out the conf if nothing was wrong; the policy is refused whole otherwise.
 * A failure no step reported (running out of memory) is reported here, naming PATH. */
static int loader_finish(loader *l, int r, const char *path, conf **ret) {
        policy_free(l->scratch);
        if (r >= 0 && l->first < 0)
                r = l->first;
        if (r < 0 && l->first == 0)
                r = ns_error_set_errno(l->err, r, "loading the policy \"%s\"", path);
        if (r < 0) {
                conf_free(l->c);
                return r;
        }
        *ret = l->c;
        return 0;
}

static int load_dropins(loader *l, const char *path) {
        ns_error e = NS_ERROR_INIT;
        _cleanup_strv_free_ char **names = NULL;
        _cleanup_free_ char *dir = NULL;
        _cleanup_close_ int fd = -EBADF;
        int r;

        if (asprintf(&dir, "%s.d", path) < 0)
                return -ENOMEM;
        r = conf_open_dir(dir, l->opts.trusted_uid, &fd, &e);
        if (r == -ENOENT) {
                ns_error_done(&e);
                return 0;
        }
        if (r >= 0)
                r = conf_list_dropins(fd, dir, &names, &e);
        if (r < 0)
                return loader_error(l, 0, 0, r, &e);
        for (char **n = names; n && *n && r >= 0; n++) {
                _cleanup_free_ char *file = NULL;
                if (asprintf(&file, "%s/%s", dir, *n) < 0)
                        return -ENOMEM;
                r = load_file(l, file, 0, 0, 0, 0);
        }
        return r;
}

int conf_load(const char *path, const conf_load_options *opts, conf **ret, ns_error *err) {
        loader l;
        int r;

        assert(path);
        assert(ret);

        r = loader_init(&l, opts, err);
        if (r >= 0)
                r = load_file(&l, path, 0, 0, 0, 0);
        if (r >= 0)
                r = load_dropins(&l, path);
        return loader_finish(&l, r, path, ret);
}

int conf_load_from_buffer(const char *name, const char *buf, size_t len, const conf_load_options *opts,
        conf **ret, ns_error *err) {
        loader l;
        int r;

        assert(name);
        assert(buf);
        assert(ret);

        r = loader_init(&l, opts, err);
        if (r >= 0)
                r = strv_extend(&l.c->files, name);
        if (r >= 0)
                r = parse_buffer(&l, 0, buf, len, 0, 0);
        return loader_finish(&l, r, name, ret);
}
