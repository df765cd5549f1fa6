/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pam-run: the smallest login program the integration tests need. It runs a
 * PAM stack from a test directory (pam_start_confdir, libpam >= 1.4) the way
 * login(1) does for a pre-authenticated user: account, open_session, fork a
 * child that becomes the user and execs COMMAND, wait, close_session.
 *
 *   pam-run [--confdir DIR] [--tty NAME] [--close-twice] SERVICE USER COMMAND [ARG...]
 *
 * --close-twice calls pam_close_session() a second time, as an application
 * that closes on more than one path might: modules must make it a no-op.
 *
 * Exit status: COMMAND's own status (128+N when killed by signal N);
 * 125 when a PAM step or the fork failed, 126 when the child could not become
 * the user or exec COMMAND. Every failure prints one line naming the step.
 */
#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <pwd.h>
#include <security/pam_appl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define EXIT_PAM 125
#define EXIT_CHILD 126

/* Stacks the tests use never prompt: answer nothing, print what they say. */
static int conversation(int n, const struct pam_message **msg, struct pam_response **resp, void *data) {
        for (int i = 0; i < n; i++)
                if (msg[i]->msg_style == PAM_ERROR_MSG || msg[i]->msg_style == PAM_TEXT_INFO)
                        fprintf(stderr, "pam-run: pam says: %s\n", msg[i]->msg);
                else
                        return PAM_CONV_ERR;
        *resp = NULL;
        return PAM_SUCCESS;
}

static int fail_pam(pam_handle_t *h, const char *step, int r) {
        fprintf(stderr, "pam-run: %s: %s\n", step, pam_strerror(h, r));
        return EXIT_PAM;
}

static void set_env(char **env, size_t *n, const char *key, const char *value) {
        if (asprintf(&env[(*n)++], "%s=%s", key, value) < 0)
                env[--(*n)] = NULL;
}

/* The child's environment: the login basics, then what the PAM stack set. */
static char **child_environment(pam_handle_t *h, const struct passwd *pw) {
        char **pam_env = pam_getenvlist(h);
        size_t n_pam = 0, n = 0;

        while (pam_env && pam_env[n_pam])
                n_pam++;
        char **env = calloc(n_pam + 6, sizeof(char *));
        if (!env)
                return NULL;
        set_env(env, &n, "HOME", pw->pw_dir);
        set_env(env, &n, "USER", pw->pw_name);
        set_env(env, &n, "LOGNAME", pw->pw_name);
        set_env(env, &n, "SHELL", pw->pw_shell);
        set_env(env, &n, "PATH", "/usr/local/bin:/usr/bin:/bin");
        for (size_t i = 0; i < n_pam; i++)
                env[n++] = pam_env[i];
        free(pam_env);
        return env;
}

/* In the forked child: drop to the user, checking each change took effect. */
static void become_user_and_exec(pam_handle_t *h, const struct passwd *pw, char **argv) {
        char **env = child_environment(h, pw);

        if (!env || initgroups(pw->pw_name, pw->pw_gid) < 0 || setgid(pw->pw_gid) < 0 ||
                setuid(pw->pw_uid) < 0) {
                fprintf(stderr, "pam-run: becoming \"%s\": %m\n", pw->pw_name);
                _exit(EXIT_CHILD);
        }
        if (getuid() != pw->pw_uid || geteuid() != pw->pw_uid || getgid() != pw->pw_gid ||
                getegid() != pw->pw_gid || (pw->pw_uid != 0 && setuid(0) == 0)) {
                fprintf(stderr, "pam-run: credentials of \"%s\" did not take effect\n", pw->pw_name);
                _exit(EXIT_CHILD);
        }
        if (chdir(pw->pw_dir) < 0 && chdir("/") < 0) {
                fprintf(stderr, "pam-run: chdir \"/\": %m\n");
                _exit(EXIT_CHILD);
        }
        execvpe(argv[0], argv, env);
        fprintf(stderr, "pam-run: exec \"%s\": %m\n", argv[0]);
        _exit(EXIT_CHILD);
}

static int wait_child(pid_t pid) {
        int status;

        while (waitpid(pid, &status, 0) < 0)
                if (errno != EINTR) {
                        fprintf(stderr, "pam-run: waiting for %d: %m\n", (int) pid);
                        return EXIT_PAM;
                }
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int run_session(pam_handle_t *h, const struct passwd *pw, bool close_twice, char **argv) {
        int r, rc;
        pid_t pid;

        r = pam_acct_mgmt(h, 0);
        if (r != PAM_SUCCESS)
                return fail_pam(h, "pam_acct_mgmt", r);
        r = pam_open_session(h, 0);
        if (r != PAM_SUCCESS)
                return fail_pam(h, "pam_open_session", r);

        fflush(NULL);
        pid = fork();
        if (pid < 0) {
                fprintf(stderr, "pam-run: fork: %m\n");
                rc = EXIT_PAM;
        } else if (pid == 0)
                become_user_and_exec(h, pw, argv);
        else
                rc = wait_child(pid);

        r = pam_close_session(h, 0);
        if (r != PAM_SUCCESS)
                return fail_pam(h, "pam_close_session", r);
        if (close_twice && (r = pam_close_session(h, 0)) != PAM_SUCCESS)
                return fail_pam(h, "the second pam_close_session", r);
        return rc;
}

static void usage(void) {
        fprintf(stderr,
                "usage: pam-run [--confdir DIR] [--tty NAME] [--close-twice] SERVICE USER COMMAND "
                "[ARG...]\n");
}

int main(int argc, char **argv) {
        static const struct option options[] = {
                {"confdir", required_argument, NULL, 'c'},
                {"tty", required_argument, NULL, 't'},
                {"close-twice", no_argument, NULL, '2'},
                {},
        };
        const char *confdir = NULL, *tty = NULL;
        bool close_twice = false;
        struct pam_conv conv = {conversation, NULL};
        pam_handle_t *h = NULL;
        struct passwd *found, pw;
        int c, r, rc;

        while ((c = getopt_long(argc, argv, "+c:t:2", options, NULL)) >= 0)
                switch (c) {
                case 'c':
                        confdir = optarg;
                        break;
                case 't':
                        tty = optarg;
                        break;
                case '2':
                        close_twice = true;
                        break;
                default:
                        usage();
                        return EXIT_PAM;
                }
        if (argc - optind < 3) {
                usage();
                return EXIT_PAM;
        }

        /* A copy: modules in the stack call getpwnam() too and reuse its buffer. */
        found = getpwnam(argv[optind + 1]);
        if (!found) {
                fprintf(stderr, "pam-run: no user \"%s\"\n", argv[optind + 1]);
                return EXIT_PAM;
        }
        pw = *found;
        pw.pw_name = strdup(found->pw_name);
        pw.pw_dir = strdup(found->pw_dir);
        pw.pw_shell = strdup(found->pw_shell);
        if (!pw.pw_name || !pw.pw_dir || !pw.pw_shell) {
                fprintf(stderr, "pam-run: out of memory\n");
                return EXIT_PAM;
        }
        r = pam_start_confdir(argv[optind], pw.pw_name, &conv, confdir, &h);
        if (r != PAM_SUCCESS)
                return fail_pam(h, "pam_start_confdir", r);
        if (tty && (r = pam_set_item(h, PAM_TTY, tty)) != PAM_SUCCESS)
                rc = fail_pam(h, "pam_set_item(PAM_TTY)", r);
        else
                rc = run_session(h, &pw, close_twice, argv + optind + 2);
        pam_end(h, rc == EXIT_PAM ? PAM_SYSTEM_ERR : PAM_SUCCESS);
        return rc;
}
