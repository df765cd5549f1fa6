/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "exit-codes.h"
#include "macro.h"

static const struct mode {
        const char *flag;
        int (*run)(int argc, char **argv);
} modes[] = {
        /* Each area adds its row here, e.g. {"--check", cmd_check}. */
        {"--check", cmd_check},
        {"--explain", cmd_explain},
        {"--user", cmd_user},
        {"--gc", cmd_gc},
        {NULL, NULL},
};

static void usage(FILE *f) {
        fputs("Usage: nsshell --check [FILE]\n"
              "       nsshell --explain USER [--service NAME] [--config FILE] [-v]\n"
              "       nsshell --user NAME [--service NAME] [--config FILE] [-- COMMAND [ARGS...]]\n"
              "       nsshell --gc [--config FILE | --cgroup-root PATH]\n"
              "       nsshell --version | --help\n"
              "See nsshell(1).\n",
                f);
}

int main(int argc, char **argv) {
        if (argc > 1 && strcmp(argv[1], "--version") == 0) {
                puts(PACKAGE_STRING);
                return EXIT_OK;
        }
        if (argc > 1 && strcmp(argv[1], "--help") == 0) {
                usage(stdout);
                return EXIT_OK;
        }
        for (size_t i = 0; argc > 1 && modes[i].flag; i++)
                if (strcmp(argv[1], modes[i].flag) == 0)
                        return modes[i].run(argc - 1, argv + 1);
        usage(stderr);
        return EXIT_USAGE;
}
