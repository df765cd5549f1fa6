/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nsshell --user NAME [--service NAME] [--config FILE] [-- COMMAND [ARGS...]]
 *
 * runuser(1) that isolates: root resolves the policy for NAME, opens the
 * session (namespaces, mounts, session init as PID 1), forks the user's
 * process (PID 2+ of the session), waits for it, closes the session and exits
 * with its status. "Isolate no" runs the command as the user without a
 * session, still through the per-process hardening (rlimits, bounding set,
 * NoNewPrivileges, seccomp): those are the policy's too.
 *
 * The child never gets the caller's terminal: where any of stdin, stdout
 * and stderr is one, the child gets a pseudo-terminal of its own in their
 * place, as its controlling terminal, and nsshell relays between the two
 * (basic/pty-relay.h, as `runuser --pty`). So nothing of the session, not
 * even a process left behind with KillOnLogout no, can read what the caller
 * types after nsshell returns, write into the caller's screen or push input
 * into it (TIOCSTI); interactive shells get job control. Without a terminal
 * the child is a new session leader with the caller's descriptors. nsshell
 * forwards SIGINT, SIGTERM and SIGHUP to the child.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commands.h"
#include "hardening/environment.h"
#include "hardening/rlimits.h"
#include "exit-codes.h"
#include "basic/fd-util.h"
#include "basic/pty-relay.h"
#include "hardening/hardening.h"
#include "policy/policy-resolve.h"
#include "session/session-record.h"
#include "session/session.h"
#include "policy/user.h"

typedef struct user_args {
        const char *user;
        const char *service;
        const char *config;
        char **command; /* NULL: the login shell */
} user_args;

static volatile sig_atomic_t child_pid;

static int parse_args(int argc, char **argv, user_args *a) {
        static const struct option opts[] = {
                {"service", required_argument, NULL, 's'},
                {"config", required_argument, NULL, 'c'},
                {},
        };
        int c;

        if (argc < 2 || argv[1][0] == '-')
                return -EINVAL;
        a->user = argv[1];
        optind = 2;
        while ((c = getopt_long(argc, argv, "+", opts, NULL)) >= 0) {
                if (c == 's')
                        a->service = optarg;
                else if (c == 'c')
                        a->config = optarg;
                else
                        return -EINVAL;
        }
        if (optind < argc && strcmp(argv[optind - 1], "--") != 0)
                return -EINVAL;
        a->command = optind < argc ? argv + optind : NULL;
        return 0;
}

static void forward_signal(int sig) {
        if (child_pid > 0)
                (void) kill((pid_t) child_pid, sig);
}

static void forward_signals(void) {
        struct sigaction sa = {.sa_handler = forward_signal};

        sigemptyset(&sa.sa_mask);
        (void) sigaction(SIGINT, &sa, NULL);
        (void) sigaction(SIGTERM, &sa, NULL);
        (void) sigaction(SIGHUP, &sa, NULL);
}

/* "-bash" for a login shell, as login(1) does. */
static char *login_argv0(const char *shell) {
        const char *base = strrchr(shell, '/');
        char *s = NULL;

        return asprintf(&s, "-%s", base ? base + 1 : shell) < 0 ? NULL : s;
}

static _Noreturn void child_fail(const char *what, int code, int exit_code) {
        fprintf(stderr, "nsshell --user: %s%s%s\n", what, code ? ": " : "", code ? strerror(-code) : "");
        _exit(exit_code);
}

/* The Limit directives capped at this process's hard limit (rlimits.h). */
static void warn_capped(const policy *p) {
        _cleanup_strv_free_ char **capped = NULL;

        if (rlimits_capped(p->rlimits, &capped) < 0)
                return;
        for (char **l = capped; l && *l; l++)
                fprintf(stderr, "nsshell --user: warning: %s: raising it needs CAP_SYS_RESOURCE\n", *l);
}

/* In the forked child, as root: the session's terminal (RELAY) or a new
 * session without one, become the user and exec. Never returns. */
static _Noreturn void child_exec(const policy *p, const user_context *u, char **command, pty_relay *relay) {
        ns_error err = NS_ERROR_INIT;
        char **env = NULL;
        char *shell_argv[2] = {NULL, NULL};
        extern char **environ;

        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        signal(SIGHUP, SIG_DFL);
        if (relay && pty_relay_child(relay, u->uid, &err) < 0)
                child_fail(err.msg, 0, EXIT_SETUP_FAILED);
        if (!relay && setsid() < 0)
                child_fail("setsid()", negative_errno(), EXIT_SETUP_FAILED);
        fd_close_from(3, -1);
        if (environment_build(p, u, getenv("TERM"), &env, &err) < 0 || hardening_become_user(p, u, &err) < 0)
                child_fail(err.msg, 0, EXIT_SETUP_FAILED);
        environment_unset(env, p->unset_environment);
        warn_capped(p);
        if (chdir(u->home) < 0 && chdir("/") < 0)
                child_fail("chdir(\"/\")", negative_errno(), EXIT_SETUP_FAILED);
        environ = env;
        if (command)
                execvp(command[0], command);
        else {
                shell_argv[0] = login_argv0(p->shell);
                if (shell_argv[0])
                        execv(p->shell, shell_argv);
        }
        child_fail(command ? command[0] : p->shell, negative_errno(),
                errno == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXEC);
}

/* The ended child's status as a shell reports it (its exit code, or 128 +
 * signal); signals are no longer forwarded to it. */
static int exit_code_of(int status) {
        child_pid = 0;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int wait_child(pid_t pid) {
        int status;

        while (waitpid(pid, &status, 0) < 0)
                if (errno != EINTR)
                        return EXIT_SETUP_FAILED;
        return exit_code_of(status);
}

static int relay_child(pty_relay *relay, pid_t pid) {
        ns_error err = NS_ERROR_INIT;
        int status;

        if (pty_relay_run(relay, pid, &status, &err) < 0) {
                fprintf(stderr, "nsshell --user: %s\n", err.msg);
                ns_error_done(&err);
                return wait_child(pid);
        }
        return exit_code_of(status);
}

static int run_child(const policy *p, const user_context *u, char **command) {
        pty_relay *relay = NULL;
        ns_error err = NS_ERROR_INIT;
        pid_t pid;
        int code;

        if (pty_relay_new(&relay, &err) < 0) {
                fprintf(stderr, "nsshell --user: %s\n", err.msg);
                ns_error_done(&err);
                return EXIT_SETUP_FAILED;
        }
        forward_signals();
        pid = fork();
        if (pid < 0) {
                fprintf(stderr, "nsshell --user: fork(): %s\n", strerror(errno));
                pty_relay_free(relay);
                return EXIT_SETUP_FAILED;
        }
        if (pid == 0)
                child_exec(p, u, command, relay);
        child_pid = pid;
        code = relay ? relay_child(relay, pid) : wait_child(pid);
        /* The child's terminal hangs up: what is left of the session on it
         * reads end-of-file from now on, never the caller's terminal. */
        pty_relay_free(relay);
        return code;
}

static int run_isolated(const user_args *a, const policy *p, const user_context *u, const char *id) {
        ns_error err = NS_ERROR_INIT;
        session *s = NULL;
        int code;

        if (session_open(p, u, a->service, id, &s, &err) < 0) {
                fprintf(stderr, "nsshell --user: %s\n", err.msg);
                ns_error_done(&err);
                return EXIT_SETUP_FAILED;
        }
        /* CgroupLimits=warn: the session runs without these limits. */
        for (char *const *w = session_cgroup_unapplied(s); w && *w; w++)
                fprintf(stderr, "nsshell --user: warning: %s\n", *w);
        code = run_child(p, u, a->command);
        if (session_close(s, &err) < 0)
                fprintf(stderr, "nsshell --user: %s\n", err.msg);
        session_free(s);
        ns_error_done(&err);
        return code;
}

int cmd_user(int argc, char **argv) {
        _cleanup_user_context_free_ user_context *u = NULL;
        _cleanup_policy_free_ policy *p = NULL;
        ns_error err = NS_ERROR_INIT;
        user_args a = {.service = POLICY_DEFAULT_SERVICE};
        char id[SESSION_ID_LEN + 1];
        int code = EXIT_SETUP_FAILED;

        if (parse_args(argc, argv, &a) < 0) {
                fputs("Usage: nsshell --user NAME [--service NAME] [--config FILE] [-- COMMAND [ARGS...]]\n",
                        stderr);
                return EXIT_USAGE;
        }
        if (geteuid() != 0) {
                fputs("nsshell --user: must be run as root\n", stderr);
                return EXIT_SETUP_FAILED;
        }
        if (session_id_new(id) < 0 || user_context_lookup(a.user, &u, &err) < 0 ||
                policy_load_for_user(a.config, u, a.service, id, &p, &err) < 0)
                fprintf(stderr, "nsshell --user: %s\n", err.msg[0] ? err.msg : "getrandom() failed");
        else
                code = p->isolate ? run_isolated(&a, p, u, id) : run_child(p, u, a.command);
        ns_error_done(&err);
        return code;
}
