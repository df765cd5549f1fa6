/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pam_nsshell.so: PAM's session hooks on top of the session engine.
 *
 * open_session resolves the policy for PAM_USER and PAM_SERVICE (the PAM
 * items, never the environment: users reach it through AcceptEnv and
 * pam_env) and builds the session in this, the PAM application's, root
 * process, then hardens that process with what it can carry for everything
 * it starts (hardening_apply_pam_process(): docs/DESIGN.md, "PAM-only
 * sessions"), logging what only the login-shell stage can enforce when the
 * user's shell is not nsshell; close_session tears the session down. The session travels between the two
 * with pam_set_data(). Its cleanup callback only frees memory: forked children
 * of the application call pam_end() too, and the session's init dies with
 * this process, so a crash without close_session still ends the session
 * (KillOnLogout=no: as a close does, see session_init_release()).
 *
 * setcred (an "auth" line; authenticate itself does nothing) removes the
 * loader variables from the PAM environment once more: from common-session,
 * where pam-auth-update puts the module, open_session is not the last word
 * on the environment (docs/DESIGN.md, "Stack position").
 *
 * Every failure leaves through module_fail(): one syslog line naming user,
 * service, step and errno, and PAM_SESSION_ERR, so a session that cannot be
 * built as the policy says never starts. The user is told why in one line
 * without the details (refusal_text()).
 */
#include <errno.h>
#include <security/pam_ext.h>
#include <security/pam_modules.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include "login/environment-pass.h"
#include "hardening/process.h"
#include "hardening/rlimits.h"
#include "login/login-args.h"
#include "hardening/hardening.h"
#include "basic/error.h"
#include "basic/macro.h"
#include "policy/policy-format.h"
#include "policy/policy-match.h"
#include "policy/policy-resolve.h"
#include "session/session-record.h"
#include "session/session.h"
#include "session/terminal.h"
#include "basic/strv.h"
#include "policy/user.h"

#define MODULE_DATA "pam_nsshell.session"

/*
 * systemd's user manager (user@UID.service) opens a PAM session of this
 * service, whose Debian stack includes common-session-noninteractive, where
 * pam-auth-update puts the module. It is not a login: it outlives them, and
 * systemd closes its session from "(sd-pam)" after dropping to the user's
 * uid, where no session could be torn down (its init is root's). It is left
 * alone; isolated logins are kept away from it by ProtectUserManager
 * (docs/DESIGN.md, "The user manager").
 */
#define USER_MANAGER_SERVICE "systemd-user"

/* The audit lines name these directives as the policy language writes them. */
static const char *const audit_limits[] = {
        "MemoryMax", "MemoryHigh", "MemorySwapMax", "TasksMax", "CPUQuota", "CPUWeight", "IOWeight", NULL};

/* Why a login is refused, as the user is told it (refusal_text()). */
typedef enum refusal {
        REFUSAL_SETUP, /* anything else: the session could not be built */
        REFUSAL_POLICY, /* the policy does not load */
        REFUSAL_MAX_SESSIONS, /* MaxSessions reached */
        REFUSAL_TERMINAL, /* KillOnLogout no on the caller's terminal */
} refusal;

typedef struct module_call {
        pam_handle_t *pamh;
        const char *config; /* NULL: the policy loader's default path */
        bool debug;
        /* Who may still log in, unisolated, while the policy does not load:
         * sshd-style pattern lists, NULL for nobody (the default). */
        const char *broken_policy_users;
        const char *broken_policy_groups;
        const char *user; /* PAM_USER */
        const char *service; /* PAM_SERVICE */
        bool closing; /* in close_session */
        refusal refusal; /* what the user is told when module_fail() refuses */
        unsigned long long max_sessions; /* for REFUSAL_MAX_SESSIONS */
} module_call;

/* What close_session needs, stored with pam_set_data(). */
typedef struct module_state {
        session *session;
        char *user;
        char *service;
        char *audit; /* what the session start line said about the session */
} module_state;

/* What the user reads: one line that says why, in the user's terms, and
 * never a path, an errno name or a policy file line, which may tell a user
 * more about the host than the policy means to (the syslog line has them).
 * sshd prints it on the client's standard output before it ends the
 * connection with status 254; su and login print it on the terminal. */
static void refusal_text(const module_call *c, char *buf, size_t size) {
        switch (c->refusal) {
        case REFUSAL_POLICY:
                snprintf(buf, size, "the session policy has an error; the administrator's log says which");
                break;
        case REFUSAL_MAX_SESSIONS:
                snprintf(buf, size, "too many sessions open (at most %llu at a time); end one and try again",
                        c->max_sessions);
                break;
        case REFUSAL_TERMINAL:
                snprintf(buf, size,
                        "sessions of \"%s\" may not outlive the login on this terminal (KillOnLogout no)",
                        c->service ?: "?");
                break;
        default:
                snprintf(buf, size,
                        "the isolated session could not be set up; the administrator's log says why");
                break;
        }
}

/* The one place errors become PAM codes: any failure refuses the session
 * (at open) or reports a teardown that did not complete (at close). */
static int module_fail(const module_call *c, const char *step, int r, const ns_error *err) {
        const char *name = strerrorname_np(-r);
        char reason[256];

        pam_syslog(c->pamh, LOG_ERR, "%s: user \"%s\" service \"%s\": %s: %s (errno %d %s)",
                c->closing ? "session end failed" : "session refused", c->user ?: "?", c->service ?: "?",
                step, err && err->msg[0] ? err->msg : strerror(-r), -r, name ?: "?");
        /* Through the application's conversation: su and login show it at
         * once; sshd keeps it with its login messages and prints them when
         * the session it restricts ends (docs/DESIGN.md, "Refusals"). */
        if (!c->closing) {
                refusal_text(c, reason, sizeof(reason));
                (void) pam_error(c->pamh, "nsshell: session refused: %s", reason);
        }
        return PAM_SESSION_ERR;
}

static int module_parse_args(module_call *c, int argc, const char **argv, ns_error *err) {
        for (int i = 0; i < argc; i++)
                if (strncmp(argv[i], "config=", 7) == 0 && argv[i][7] == '/')
                        c->config = argv[i] + 7;
                else if (strcmp(argv[i], "debug") == 0)
                        c->debug = true;
                else if (strncmp(argv[i], "broken_policy_users=", 20) == 0 && argv[i][20])
                        c->broken_policy_users = argv[i] + 20;
                else if (strncmp(argv[i], "broken_policy_groups=", 21) == 0 && argv[i][21])
                        c->broken_policy_groups = argv[i] + 21;
                else
                        return ns_error_set(
                                err, -EINVAL, "unknown or malformed module argument \"%s\"", argv[i]);
        return 0;
}

static int module_get_item(
        const module_call *c, int item, const char *name, const char **ret, ns_error *err) {
        const void *v = NULL;

        if (pam_get_item(c->pamh, item, &v) != PAM_SUCCESS || !v || !*(const char *) v)
                return ns_error_set(err, -EINVAL, "%s is not set", name);
        *ret = v;
        return 0;
}

/* Arguments and PAM items: who logs in, through which service. */
static int module_call_init(module_call *c, int argc, const char **argv, ns_error *err) {
        int r;

        r = module_get_item(c, PAM_SERVICE, "PAM_SERVICE", &c->service, err);
        if (r < 0)
                return r;
        r = module_get_item(c, PAM_USER, "PAM_USER", &c->user, err);
        if (r < 0)
                return r;
        return module_parse_args(c, argc, argv, err);
}

/* The value of directive NAME as the policy language writes it, or NULL when
 * the policy leaves it unset (or memory runs out: the audit line says less). */
static char *directive_value(const char *name, const policy *p) {
        char *value = NULL;

        return policy_format_directive(p, name, &value) > 0 ? value : NULL;
}

/* The session part of the audit lines:
 *   session "ID" init PID namespaces "mount pid ..." cgroup "LEAF" limits "MemoryMax 1G, TasksMax 512" */
static char *audit_describe(const policy *p, const session *s) {
        _cleanup_free_ char *namespaces = directive_value("Namespaces", p);
        char *text = NULL;
        size_t size = 0, n = 0;
        FILE *f = open_memstream(&text, &size);

        if (!f)
                return NULL;
        fprintf(f, "session \"%s\" init %d namespaces \"%s\" cgroup \"%s\" limits \"", session_id(s),
                (int) session_init_pid(s), namespaces ?: "", session_cgroup(s) ?: "none");
        for (const char *const *name = audit_limits; *name; name++) {
                _cleanup_free_ char *value = directive_value(*name, p);
                if (value)
                        fprintf(f, "%s%s %s", n++ > 0 ? ", " : "", *name, value);
        }
        fprintf(f, "%s\"", n == 0 ? "none" : "");
        if (fclose(f) != 0) {
                free(text);
                return NULL;
        }
        return text;
}

static void module_state_free(module_state *st) {
        if (!st)
                return;
        session_free(st->session);
        free(st->user);
        free(st->service);
        free(st->audit);
        free(st);
}

/* pam_set_data() cleanup: runs at pam_end() in every process that has the
 * handle (forked children included) and on replacement; frees only. */
static void module_state_cleanup(pam_handle_t *pamh, void *data, int error_status) {
        module_state_free(data);
}

/* Keep S for close_session; on success the state owns it. */
static int module_state_store(
        const module_call *c, const policy *p, session *s, const module_state **ret, ns_error *err) {
        module_state *st = calloc(1, sizeof(*st));

        if (!st)
                return ns_error_set(err, -ENOMEM, "allocating the module state");
        st->user = strdup(c->user);
        st->service = strdup(c->service);
        st->audit = audit_describe(p, s);
        if (!st->user || !st->service || !st->audit) {
                module_state_free(st);
                return ns_error_set(err, -ENOMEM, "allocating the module state");
        }
        if (pam_set_data(c->pamh, MODULE_DATA, st, module_state_cleanup) != PAM_SUCCESS) {
                module_state_free(st);
                return ns_error_set(err, -ENOMEM, "pam_set_data \"%s\"", MODULE_DATA);
        }
        st->session = s;
        *ret = st;
        return 0;
}

/* One session per PAM handle: a second pam_nsshell line in the stack would
 * run inside the first one's namespaces, where /proc/self dangles. */
static int module_check_not_open(const module_call *c, ns_error *err) {
        const void *data = NULL;

        if (pam_get_data(c->pamh, MODULE_DATA, &data) == PAM_SUCCESS && data)
                return ns_error_set(err, -EALREADY,
                        "this PAM handle already has an nsshell session (is pam_nsshell in the stack "
                        "twice?)");
        return 0;
}

/* The policy for this user and service; the id exists first because the
 * policy's %-tokens may use it. */
static int module_resolve(const module_call *c, const user_context *u, char id[static SESSION_ID_LEN + 1],
        policy **ret, ns_error *err) {
        int r = session_id_new(id);

        if (r < 0)
                return ns_error_set_errno(err, r, "creating the session id");
        return policy_load_for_user(c->config, u, c->service, id, ret, err);
}

/*
 * pam_env (user_readenv) lets the user fill the PAM environment, which the
 * application hands to every program of the session, the login-shell stage
 * first: remove what would steer the dynamic loader before the stage's
 * hardening (LD_PRELOAD and the rest of environment_unsafe()'s list).
 */
static int module_scrub_environment(const module_call *c, ns_error *err) {
        _cleanup_strv_free_ char **env = pam_getenvlist(c->pamh);
        _cleanup_strv_free_ char **names = NULL;
        _cleanup_free_ char *joined = NULL;
        int r;

        r = environment_unsafe_names(env, &names, err);
        if (r < 0 || !names)
                return r;
        for (char **n = names; *n; n++) {
                r = pam_putenv(c->pamh, *n);
                if (r != PAM_SUCCESS && r != PAM_BAD_ITEM)
                        return ns_error_set(err, -ENOMEM, "removing \"%s\" from the PAM environment: %s", *n,
                                pam_strerror(c->pamh, r));
        }
        joined = strv_join(names, " ");
        pam_syslog(c->pamh, LOG_NOTICE, "user \"%s\" service \"%s\": removed from the PAM environment: %s",
                c->user, c->service, joined ?: names[0]);
        return 0;
}

/* UMask, Nice, IOScheduling*, OOMScoreAdjust on the application's process,
 * inherited by the whole session; before session_open(), while /proc/self
 * still resolves here (hardening/process.h). */
static int module_process_properties(const module_call *c, const policy *p, ns_error *err) {
        int r = process_properties_apply(p, err);

        if (r > 0)
                pam_syslog(c->pamh, LOG_NOTICE,
                        "user \"%s\" service \"%s\": Nice or OOMScoreAdjust lowered only as far as this "
                        "process may (no CAP_SYS_NICE or CAP_SYS_RESOURCE)",
                        c->user, c->service);
        return r;
}

/* The Limit directives whose hard limit was above this process's and that
 * were capped at it (hardening/rlimits.h). */
static void module_log_capped(const module_call *c, const policy *p) {
        _cleanup_strv_free_ char **capped = NULL;

        if (rlimits_capped(p->rlimits, &capped) < 0)
                return;
        for (char **l = capped; l && *l; l++)
                pam_syslog(c->pamh, LOG_WARNING,
                        "user \"%s\" service \"%s\": %s: raising it needs CAP_SYS_RESOURCE", c->user,
                        c->service, *l);
}

/* A PAM-only session (the user's shell is not nsshell): what the policy asks
 * that only the login-shell stage can enforce, one line each. */
static void module_log_unenforced(const module_call *c, const policy *p) {
        _cleanup_strv_free_ char **missing = NULL;

        if (hardening_pam_unenforced(p, &missing) < 0) {
                pam_syslog(c->pamh, LOG_NOTICE,
                        "user \"%s\" service \"%s\": out of memory listing what a PAM-only session "
                        "cannot enforce",
                        c->user, c->service);
                return;
        }
        for (char **m = missing; m && *m; m++)
                pam_syslog(c->pamh, LOG_NOTICE,
                        "user \"%s\" service \"%s\": policy asks for %s, which a PAM-only session cannot "
                        "enforce: use nsshell as login shell",
                        c->user, c->service, *m);
}

/* The admin's way back in when the policy file is broken: a user the
 * module's broken_policy_users=/broken_policy_groups= name. Nobody else is
 * let in while the policy does not load: who is isolated is unknown. */
static bool module_broken_policy_exempt(const module_call *c, const user_context *u) {
        match_criterion users = {.kind = MATCH_USER, .patterns = (char *) c->broken_policy_users};
        match_criterion groups = {.kind = MATCH_GROUP, .patterns = (char *) c->broken_policy_groups};

        return (c->broken_policy_users && match_criteria_test(&users, 1, u, c->service)) ||
                (c->broken_policy_groups && match_criteria_test(&groups, 1, u, c->service));
}

/* A policy that does not load refuses the login (module_fail), but for the
 * exempt admins: PAM_IGNORE, with a line loud enough to be noticed. */
static int module_policy_failed(const module_call *c, const user_context *u, int r, const ns_error *err) {
        module_call refused = *c;

        refused.refusal = REFUSAL_POLICY;
        if (!module_broken_policy_exempt(c, u))
                return module_fail(&refused, "loading the policy", r, err);
        pam_syslog(c->pamh, LOG_CRIT,
                "policy error: user \"%s\" service \"%s\" let in WITHOUT isolation "
                "(broken_policy_users/broken_policy_groups): %s",
                c->user, c->service, err && err->msg[0] ? err->msg : strerror(-r));
        return PAM_IGNORE;
}

PAM_EXTERN int pam_sm_open_session(pam_handle_t *pamh, int flags, int argc, const char **argv) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_user_context_free_ user_context *u = NULL;
        _cleanup_policy_free_ policy *p = NULL;
        char id[SESSION_ID_LEN + 1];
        module_call c = {.pamh = pamh};
        const module_state *st = NULL;
        session *s = NULL;
        int r;

        r = module_call_init(&c, argc, argv, &err);
        if (r < 0)
                return module_fail(&c, "reading the PAM items and module arguments", r, &err);
        r = module_check_not_open(&c, &err);
        if (r < 0)
                return module_fail(&c, "opening the session", r, &err);
        if (strcmp(c.service, USER_MANAGER_SERVICE) == 0) {
                pam_syslog(pamh, LOG_INFO,
                        "session not isolated: user \"%s\" service \"%s\": the user manager is not a login",
                        c.user, c.service);
                return PAM_IGNORE;
        }
        r = user_context_lookup(c.user, &u, &err);
        if (r < 0)
                return module_fail(&c, "looking up the user", r, &err);
        r = module_resolve(&c, u, id, &p, &err);
        if (r < 0)
                return module_policy_failed(&c, u, r, &err);
        if (!p->isolate) {
                pam_syslog(pamh, LOG_INFO, "session not isolated: user \"%s\" service \"%s\": Isolate no",
                        c.user, c.service);
                return PAM_IGNORE;
        }
        r = module_scrub_environment(&c, &err);
        if (r < 0)
                return module_fail(&c, "removing loader variables from the PAM environment", r, &err);
        if (c.debug)
                pam_syslog(pamh, LOG_DEBUG, "opening session \"%s\" for user \"%s\" service \"%s\"", id,
                        c.user, c.service);

        r = terminal_check_lent(p, c.service, &err);
        if (r < 0) {
                c.refusal = REFUSAL_TERMINAL;
                return module_fail(&c, "opening the session", r, &err);
        }
        r = module_process_properties(&c, p, &err);
        if (r >= 0)
                r = session_open(p, u, c.service, id, &s, &err);
        if (r == -EUSERS) { /* only MaxSessions (session.h) */
                c.refusal = REFUSAL_MAX_SESSIONS;
                c.max_sessions = (unsigned long long) p->max_sessions.value;
        }
        if (r < 0)
                return module_fail(&c, "opening the session", r, &err);
        r = hardening_apply_pam_process(p, &err);
        if (r < 0) {
                (void) session_close(s, NULL);
                session_free(s);
                return module_fail(&c, "hardening the application's process", r, &err);
        }
        r = module_state_store(&c, p, s, &st, &err);
        if (r < 0) {
                (void) session_close(s, NULL);
                session_free(s);
                return module_fail(&c, "keeping the session for close_session", r, &err);
        }
        pam_syslog(pamh, LOG_INFO, "session start: user \"%s\" service \"%s\" %s outcome ok", c.user,
                c.service, st->audit);
        if (session_note(s))
                pam_syslog(pamh, LOG_INFO, "session \"%s\" of user \"%s\": %s", id, c.user, session_note(s));
        module_log_capped(&c, p);
        if (!login_shell_is_nsshell(u->shell))
                module_log_unenforced(&c, p);
        /* CgroupLimits=warn let the session start without these. */
        for (char *const *l = session_cgroup_unapplied(s); l && *l; l++)
                pam_syslog(pamh, LOG_WARNING, "session \"%s\" of user \"%s\": limit not applied: %s", id,
                        c.user, *l);
        return PAM_SUCCESS;
}

/* The module authenticates nobody: its auth line exists for setcred. */
PAM_EXTERN int pam_sm_authenticate(pam_handle_t *pamh, int flags, int argc, const char **argv) {
        return PAM_IGNORE;
}

/*
 * sshd, login and cron establish credentials after open_session, in the
 * process that goes on to exec the user's program, and read the PAM
 * environment after that. Modules later in the session stack than this one
 * (Debian's sshd runs pam_env user_readenv=1 after common-session) may have
 * put loader variables back: scrub again. Without an isolated session of
 * this handle (Isolate no, or setcred before open_session as su calls it)
 * there is nothing to do.
 */
PAM_EXTERN int pam_sm_setcred(pam_handle_t *pamh, int flags, int argc, const char **argv) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        const void *data = NULL;
        const module_state *st = NULL;
        module_call c = {.pamh = pamh};
        int r;

        if (pam_get_data(pamh, MODULE_DATA, &data) != PAM_SUCCESS || !data)
                return PAM_IGNORE;
        st = data;
        c.user = st->user;
        c.service = st->service;
        r = module_scrub_environment(&c, &err);
        if (r < 0) {
                (void) module_fail(&c, "removing loader variables from the PAM environment", r, &err);
                return PAM_CRED_ERR;
        }
        return PAM_SUCCESS;
}

PAM_EXTERN int pam_sm_close_session(pam_handle_t *pamh, int flags, int argc, const char **argv) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        const void *data = NULL;
        const module_state *st = NULL;
        module_call c = {.pamh = pamh, .closing = true};
        int r, ret = PAM_SUCCESS;

        /* No state: Isolate no, a failed open, or a second close. */
        if (pam_get_data(pamh, MODULE_DATA, &data) != PAM_SUCCESS || !data)
                return PAM_IGNORE;
        st = data;
        c.user = st->user;
        c.service = st->service;

        r = session_close(st->session, &err);
        if (r < 0)
                ret = module_fail(&c, "closing the session", r, &err);
        else
                pam_syslog(pamh, LOG_INFO, "session end: user \"%s\" service \"%s\" %s outcome ok", c.user,
                        c.service, st->audit);
        /* Replacing the data frees the state (and c's strings): a second
         * close finds none. */
        (void) pam_set_data(pamh, MODULE_DATA, NULL, NULL);
        return ret;
}
