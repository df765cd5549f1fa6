/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "policy/conf-lexer.h"
#include "policy/policy-resolve.h"
#include "basic/strv.h"
#include "policy/tokens.h"

struct policy_origins {
        char **where; /* one per table row, NULL: built-in value */
        size_t n;
};

static bool block_matches(const conf *c, size_t b, const user_context *u, const char *service) {
        for (; b != CONF_NO_BLOCK; b = c->blocks[b].parent)
                if (!match_criteria_test(c->blocks[b].criteria, c->blocks[b].n_criteria, u, service))
                        return false;
        return true;
}

static int origins_record(policy_origins *o, const conf *c, const conf_assignment *a) {
        size_t i = a->directive - conf_directives(&(size_t){0});
        bool append = (a->directive->flags & CONF_LIST) && !conf_words_empty(a->words) && o->where[i];
        char *s;

        if (asprintf(&s, "%s%s%s:%u", append ? o->where[i] : "", append ? ", " : "", c->files[a->file],
                    a->line) < 0)
                return -ENOMEM;
        free(o->where[i]);
        o->where[i] = s;
        return 0;
}

static int apply(const conf *c, const conf_assignment *a, policy *p, const token_values *v, ns_error *err) {
        const conf_directive *d = a->directive;
        _cleanup_strv_free_ char **words = NULL;
        ns_error e = NS_ERROR_INIT;
        int r = 0;

        if (d->flags & CONF_TOKENS)
                r = tokens_expand_strv(a->words, v, &words, &e);
        if (r >= 0)
                r = conf_directive_apply(d, p, words ? words : a->words, !v->session, &e);
        if (r < 0)
                ns_error_set(err, r, "%s:%u: %s for user \"%s\": %s", c->files[a->file], a->line, d->name,
                        v->user, e.msg[0] ? e.msg : strerror(-r));
        ns_error_done(&e);
        return r;
}

static int origins_new(policy_origins **ret) {
        size_t n;
        policy_origins *o = calloc(1, sizeof(*o));

        (void) conf_directives(&n);
        if (!o || !(o->where = calloc(n, sizeof(char *)))) {
                free(o);
                return -ENOMEM;
        }
        o->n = n;
        *ret = o;
        return 0;
}

int policy_resolve_with_origins(const conf *c, const user_context *u, const char *service,
        const char *session_id, policy **ret, policy_origins **ret_origins, ns_error *err) {
        _cleanup_policy_free_ policy *p = NULL;
        _cleanup_policy_origins_free_ policy_origins *o = NULL;
        char uid[16];
        token_values v;

        assert(c);
        assert(u);
        assert(ret);

        v = (token_values){.user = u->name,
                .uid = uid,
                .group = u->group ? u->group : "",
                .home = u->home ? u->home : "",
                .session = session_id};
        /* Assignments of one block mostly come in a row (an Include inside a
         * block interleaves others): reuse the verdict of the block last tested. */
        size_t tested = CONF_NO_BLOCK;
        bool matches = false;
        int r = policy_new_default(&p);

        snprintf(uid, sizeof(uid), "%u", (unsigned) u->uid);
        if (!service)
                service = POLICY_DEFAULT_SERVICE;
        if (r >= 0 && ret_origins)
                r = origins_new(&o);
        if (r < 0)
                return ns_error_set_errno(err, r, "resolving the policy for user \"%s\"", u->name);
        for (size_t i = 0; i < c->n_assignments; i++) {
                const conf_assignment *a = &c->assignments[i];
                if (a->block != tested) {
                        tested = a->block;
                        matches = block_matches(c, tested, u, service);
                }
                if (!matches)
                        continue;
                r = apply(c, a, p, &v, err);
                if (r < 0)
                        return r;
                if (o && origins_record(o, c, a) < 0)
                        return ns_error_set_errno(
                                err, -ENOMEM, "resolving the policy for user \"%s\"", u->name);
        }
        *ret = TAKE_PTR(p);
        if (ret_origins)
                *ret_origins = TAKE_PTR(o);
        return 0;
}

int policy_resolve(const conf *c, const user_context *u, const char *service, const char *session_id,
        policy **ret, ns_error *err) {
        assert(c);
        assert(u);
        assert(ret);

        return policy_resolve_with_origins(c, u, service, session_id, ret, NULL, err);
}

int policy_load_for_user(const char *path, const user_context *u, const char *service,
        const char *session_id, policy **ret, ns_error *err) {
        _cleanup_conf_free_ conf *c = NULL;
        int r;

        assert(u);
        assert(ret);

        r = conf_load(path ? path : POLICY_DEFAULT_PATH, NULL, &c, err);
        if (r < 0)
                return r;
        return policy_resolve(c, u, service ? service : POLICY_DEFAULT_SERVICE, session_id, ret, err);
}

const char *policy_origins_get(const policy_origins *o, const conf_directive *d) {
        size_t n, i;

        assert(o);
        assert(d);

        i = d - conf_directives(&n);
        return i < o->n ? o->where[i] : NULL;
}

void policy_origins_free(policy_origins *o) {
        if (!o)
                return;
        for (size_t i = 0; i < o->n; i++)
                free(o->where[i]);
        free(o->where);
        free(o);
}
