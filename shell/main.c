/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
        if (argc > 1 && strcmp(argv[1], "--version") == 0) {
                puts(PACKAGE_STRING);
                return 0;
        }
        fprintf(stderr, "nsshell: nothing to do yet\n");
        return 2;
}
