/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The login-shell stage: nsshell as a user's login shell (/etc/passwd,
 * usermod -s, LDAP loginShell). sshd, login and su start it as the user,
 * inside the session pam_nsshell prepared; it applies what only the user's
 * own process can carry into exec and execs the real shell with the
 * arguments it was given. It holds no privilege and never forks, so the
 * real shell's exit status and signals are the caller's to see.
 *
 *   1. who: the user of getuid(), looked up through NSS by uid (a name from
 *      the environment, USER or LOGNAME, proves nothing)
 *   2. where: the root-owned session record that matches this process's
 *      namespaces, cgroup and uid (session-match.h), never the environment
 *   3. the policy, for the PAM service that opened that session (outside a
 *      session the service is unknown: POLICY_DEFAULT_SERVICE)
 *   4. Isolate no: exec the real shell as it is. Isolated without a session:
 *      refuse. Isolated in its session but dumpable (nsshell readable by the
 *      user, so anyone of the same uid could have traced the stage from its
 *      exec on): refuse. Isolated in its session with a loader variable
 *      (LD_PRELOAD...) set: refuse. Isolated in its session: environment,
 *      hardening (user namespace, NoNewPrivileges, seccomp, rlimits), exec.
 * Every refusal is one line on stderr and one in the authpriv log, and exit
 * status EXIT_SETUP_FAILED: no unconfined shell, ever.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <syslog.h>

#include "commands.h"
#include "login/environment-pass.h"
#include "hardening/environment.h"
#include "exit-codes.h"
#include "hardening/hardening.h"
#include "login/login-args.h"
#include "policy/policy-resolve.h"
#include "login/session-match.h"
#include "policy/user.h"

extern char **environ;

static void refuse_log(const char *user, const char *fmt, ...) _printf_(2, 3);
static void refuse_log(const char *user, const char *fmt, ...) {
        char reason[NS_ERROR_MSG_MAX + 128];
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(reason, sizeof(reason), fmt, ap);
        va_end(ap);
        fprintf(stderr, "nsshell: refusing to start a shell for \"%s\": %s\n", user, reason);
        openlog("nsshell", LOG_PID, LOG_AUTHPRIV);
        syslog(LOG_AUTHPRIV | LOG_WARNING, "refusing to start a shell for \"%s\" (uid %u): %s", user,
                (unsigned) getuid(), reason);
        closelog();
}

/* 1 and *ret filled when this process is in a session of its user, 0 with
 * REASON (of size NS_ERROR_MSG_MAX) saying why not. */
static int session_self(session_record *ret, char *reason) {
        session_facts f = {0};
        ns_error err = NS_ERROR_INIT;
        int r;

        r = session_facts_read(&f, &err);
        if (r >= 0)
                r = session_find(SESSION_RECORD_DIR, &f, ret, &err);
        session_facts_done(&f);
        if (r < 0)
                snprintf(reason, NS_ERROR_MSG_MAX, "%s", err.msg);
        ns_error_done(&err);
        return r >= 0;
}

static int exec_shell(const policy *p, login_call call, int argc, char **argv, char **env) {
        char **shell_argv = NULL;
        int r;

        r = login_shell_argv(p->shell, call, argc, argv, &shell_argv);
        if (r < 0) {
                fprintf(stderr, "nsshell: building the arguments of \"%s\": %s\n", p->shell, strerror(-r));
                return EXIT_SETUP_FAILED;
        }
        execve(p->shell, shell_argv, env);
        r = errno;
        fprintf(stderr, "nsshell: %s: %s\n", p->shell, strerror(r));
        free(shell_argv[0]);
        free(shell_argv);
        return r == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXEC;
}

/* Isolated and inside its session: what only this process can apply, then exec. */
static int run_confined(const policy *p, const user_context *u, login_call call, int argc, char **argv) {
        _cleanup_strv_free_ char **env = NULL;
        ns_error err = NS_ERROR_INIT;
        const char *loader_var;
        int r;

        /* Traceable until now: whatever a tracer did, the hardening below cannot
         * vouch for (docs/DESIGN.md, "The login-shell stage"). */
        if (prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 1) {
                refuse_log(u->name,
                        "the stage was traceable from its start: nsshell must not be readable by the "
                        "users it confines (install it mode 0711) and fs.suid_dumpable must not be 1");
                return EXIT_SETUP_FAILED;
        }
        /* Loaded before main(): whatever it did, the hardening below cannot vouch for. */
        loader_var = environment_loader_variable(environ);
        if (loader_var) {
                refuse_log(u->name,
                        "the dynamic loader honoured \"%s\" from the environment before the stage ran",
                        loader_var);
                return EXIT_SETUP_FAILED;
        }
        r = environment_build(p, u, getenv("TERM"), &env, &err);
        if (r >= 0)
                r = environment_pass(&env, environ, p->pass_environment, &err);
        if (r >= 0) {
                environment_unset(env, p->unset_environment);
                r = hardening_apply_unprivileged(p, &err);
        }
        if (r < 0) {
                refuse_log(u->name, "%s", err.msg);
                ns_error_done(&err);
                return EXIT_SETUP_FAILED;
        }
        return exec_shell(p, call, argc, argv, env);
}

int login_shell_main(int argc, char **argv) {
        _cleanup_user_context_free_ user_context *u = NULL;
        _cleanup_policy_free_ policy *p = NULL;
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        login_call call = login_call_classify(argc, argv, cmd_is_admin_flag);
        session_record rec = {0};
        char reason[NS_ERROR_MSG_MAX];
        char uid_name[32];
        int in_session, code;

        if (user_context_lookup_uid(getuid(), &u, &err) < 0) {
                snprintf(uid_name, sizeof(uid_name), "uid %u", (unsigned) getuid());
                refuse_log(uid_name, "%s", err.msg);
                return EXIT_SETUP_FAILED;
        }
        in_session = session_self(&rec, reason);
        if (policy_load_for_user(NULL, u, in_session ? rec.service : POLICY_DEFAULT_SERVICE,
                    in_session ? rec.id : NULL, &p, &err) < 0) {
                refuse_log(u->name, "%s", err.msg);
                code = EXIT_SETUP_FAILED;
        } else if (!p->isolate)
                code = exec_shell(p, call, argc, argv, environ);
        else if (!in_session) {
                refuse_log(u->name, "not inside an nsshell session (%s)", reason);
                code = EXIT_SETUP_FAILED;
        } else
                code = run_confined(p, u, call, argc, argv);
        session_record_done(&rec);
        return code;
}
