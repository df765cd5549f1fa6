/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* nsshell --check [FILE] [--user NAME [--service NAME]]: validate the policy
 * like `sshd -t`, then what would refuse logins: the paths its lines name
 * and, for one user, the session's mount plan run dry (nsshell(1)). */
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include "basic/session-id.h"
#include "commands.h"
#include "exit-codes.h"
#include "hardening/environment-file.h"
#include "policy/policy-resolve.h"
#include "policy/syscall-groups.h"
#include "session/mounts-check.h"
#include "session/mounts.h"
#include "session/session.h"

typedef struct check_args {
        const char *config, *user, *service;
} check_args;

void print_policy_errors(const ns_error *err) {
        if (err->all && err->all[0])
                for (char **m = err->all; *m; m++)
                        fprintf(stderr, "%s\n", *m);
        else
                fprintf(stderr, "%s\n",
                        err->msg[0] ? err->msg : strerror(err->code < 0 ? -err->code : ENOMEM));
}

/* What the policy will ignore, as systemd would, with a warning: not an error. */
static void print_warnings(const conf *c) {
        _cleanup_strv_free_ char **l = NULL;

        if (syscall_filter_conf_warnings(c, &l) < 0) {
                fprintf(stderr, "warning: checking SystemCallFilter names: out of memory\n");
                return;
        }
        for (char **m = l; m && *m; m++)
                fprintf(stderr, "%s\n", *m);
}

static int parse_args(int argc, char **argv, check_args *a) {
        *a = (check_args){.config = POLICY_DEFAULT_PATH, .service = POLICY_DEFAULT_SERVICE};
        bool file = false;

        for (int i = 1; i < argc; i++) {
                if (strcmp(argv[i], "--user") == 0 && i + 1 < argc)
                        a->user = argv[++i];
                else if (strcmp(argv[i], "--service") == 0 && i + 1 < argc)
                        a->service = argv[++i];
                else if (argv[i][0] != '-' && !file) {
                        a->config = argv[i];
                        file = true;
                } else
                        return -1;
        }
        return 0;
}

/* An EnvironmentFile line's files, loaded as a login would load them (owner,
 * mode, syntax); a file named with a %-token is the user's to resolve. */
static int check_environment_files(const conf_assignment *a, ns_error *err) {
        if (strcmp(a->directive->name, "EnvironmentFile") != 0)
                return 0;
        for (char **w = a->words; w && *w; w++) {
                _cleanup_strv_free_ char **env = NULL;
                char *one[] = {*w, NULL};
                int r;
                if (strchr(*w, '%') || !**w)
                        continue;
                r = environment_files_load(one, &env, err);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* Every line naming a path or file that would refuse every session it
 * applies to. */
static int check_paths(const conf *c) {
        int problems = 0;

        for (size_t i = 0; i < c->n_assignments; i++) {
                const conf_assignment *a = &c->assignments[i];
                _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
                if (mounts_check_assignment(a, &err) < 0 || check_environment_files(a, &err) < 0) {
                        fprintf(stderr, "%s:%u: %s\n", c->files[a->file], a->line, err.msg);
                        problems++;
                }
        }
        return problems;
}

/* Whether the policy word's path (up to len) names path (up to its closing
 * quote), a %-token standing for any text. */
static bool word_names(const char *word, size_t len, const char *path) {
        _cleanup_free_ char *pattern = malloc(2 * len + 1), *target = strndup(path, strcspn(path, "\""));
        size_t n = 0;

        if (!pattern || !target)
                return false;
        for (size_t i = 0; i < len; i++) {
                if (word[i] == '%' && i + 1 < len && word[i + 1] != '%') {
                        pattern[n++] = '*';
                        i++;
                        continue;
                }
                if (word[i] == '%')
                        i++;
                if (strchr("*?[]\\", word[i]))
                        pattern[n++] = '\\';
                pattern[n++] = word[i];
        }
        pattern[n] = '\0';
        return fnmatch(pattern, target, FNM_PATHNAME) == 0;
}

/* The line (of those that applied to the user, the last first) whose words
 * name the first quoted path in msg, a problem of "Directive: ...". */
static const conf_assignment *problem_line(const conf *c, const policy_origins *o, const char *msg) {
        const char *colon = strchr(msg, ':'), *q = strchr(msg, '"');
        const conf_directive *d;
        _cleanup_free_ char *name = NULL;

        if (!colon || !q || !(name = strndup(msg, colon - msg)) || !(d = conf_directive_find(name)) ||
                !policy_origins_get(o, d))
                return NULL;
        for (size_t i = c->n_assignments; i > 0; i--) {
                const conf_assignment *a = &c->assignments[i - 1];
                if (a->directive != d)
                        continue;
                for (char **w = a->words; w && *w; w++) {
                        const char *p = *w + (**w == '-');
                        size_t n = strcspn(p, ":");
                        const char *dst = p[n] == ':' ? p + n + 1 : NULL;
                        if (word_names(p, n, q + 1) || (dst && word_names(dst, strcspn(dst, ":"), q + 1)))
                                return a;
                }
        }
        return NULL;
}

/* The session's mount plan for one user, run dry. */
static int check_user(const conf *c, const check_args *a) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_user_context_free_ user_context *u = NULL;
        _cleanup_policy_free_ policy *p = NULL;
        _cleanup_policy_origins_free_ policy_origins *o = NULL;
        const conf_assignment *line;
        char id[SESSION_ID_LEN + 1];
        int r;

        if (user_context_lookup(a->user, &u, &err) < 0) {
                fprintf(stderr, "nsshell: %s\n", err.msg);
                return EXIT_USAGE;
        }
        if (session_id_new(id) < 0 || policy_resolve_with_origins(c, u, a->service, id, &p, &o, &err) < 0) {
                print_policy_errors(&err);
                return EXIT_POLICY_INVALID;
        }
        if (!p->isolate)
                return EXIT_OK; /* not isolated: no session to build */
        r = session_check_policy(p, u, &err);
        if (r >= 0 && mounts_needed(p))
                r = mounts_check_user(p, u, &err);
        if (r >= 0)
                return EXIT_OK;
        line = problem_line(c, o, err.msg);
        if (line)
                fprintf(stderr, "%s:%u: user \"%s\": %s\n", c->files[line->file], line->line, u->name,
                        err.msg);
        else
                fprintf(stderr, "%s: user \"%s\": %s\n", a->config, u->name, err.msg);
        return EXIT_POLICY_INVALID;
}

/* SystemCallFilter settings under which every login fails: errors. */
static int print_errors(const conf *c) {
        _cleanup_strv_free_ char **l = NULL;

        if (syscall_filter_conf_errors(c, &l) < 0) {
                fprintf(stderr, "checking SystemCallFilter: out of memory\n");
                return -ENOMEM;
        }
        for (char **m = l; m && *m; m++)
                fprintf(stderr, "%s\n", *m);
        return l ? -EINVAL : 0;
}

int cmd_check(int argc, char **argv) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_conf_free_ conf *c = NULL;
        check_args a;

        if (parse_args(argc, argv, &a) < 0) {
                fprintf(stderr, "Usage: nsshell --check [FILE] [--user NAME [--service NAME]]\n");
                return EXIT_USAGE;
        }
        if (conf_load(a.config, NULL, &c, &err) < 0) {
                print_policy_errors(&err);
                return EXIT_POLICY_INVALID;
        }
        print_warnings(c);
        if (print_errors(c) < 0)
                return EXIT_POLICY_INVALID;
        if (check_paths(c) > 0)
                return EXIT_POLICY_INVALID;
        return a.user ? check_user(c, &a) : EXIT_OK;
}
