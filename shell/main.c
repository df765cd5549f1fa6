/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "exit-codes.h"
#include "login/login-args.h"
#include "basic/macro.h"

static const struct mode {
        const char *flag;
        int (*run)(int argc, char **argv);
} modes[] = {
        /* Each area adds its row here, e.g. {"--check", cmd_check}. */
        {"--check", cmd_check},
        {"--explain", cmd_explain},
        {"--user", cmd_user},
        {"--gc", cmd_gc},
        {"--list", cmd_list},
        {NULL, NULL},
};

static void usage(FILE *f) {
        fputs("Usage: nsshell --check [FILE] [--user NAME [--service NAME]]\n"
              "       nsshell --explain USER [--service NAME] [--config FILE] [-v]\n"
              "       nsshell --user NAME [--service NAME] [--config FILE] [-- COMMAND [ARGS...]]\n"
              "       nsshell --gc [--config FILE | --cgroup-root PATH]\n"
              "       nsshell --list [--json]\n"
              "       nsshell --version | --help\n"
              "As a user's login shell: nsshell [-c COMMAND | SHELL-ARGS...]\n"
              "See nsshell(1).\n",
                f);
}

bool cmd_is_admin_flag(const char *arg) {
        if (strcmp(arg, "--version") == 0 || strcmp(arg, "--help") == 0)
                return true;
        for (size_t i = 0; modes[i].flag; i++)
                if (strcmp(arg, modes[i].flag) == 0)
                        return true;
        return false;
}

int main(int argc, char **argv) {
        /* Everything that is not an admin mode flag is a shell's calling
         * convention (sshd, login, su): the login-shell stage. */
        if (login_call_classify(argc, argv, cmd_is_admin_flag) != LOGIN_CALL_ADMIN)
                return login_shell_main(argc, argv);
        if (strcmp(argv[1], "--version") == 0) {
                puts(PACKAGE_STRING);
                return EXIT_OK;
        }
        if (strcmp(argv[1], "--help") == 0) {
                usage(stdout);
                return EXIT_OK;
        }
        for (size_t i = 0; modes[i].flag; i++)
                if (strcmp(argv[1], modes[i].flag) == 0)
                        return modes[i].run(argc - 1, argv + 1);
        usage(stderr);
        return EXIT_USAGE;
}
