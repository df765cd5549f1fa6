/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "basic/session-id.h"

int session_id_new(char ret[static SESSION_ID_LEN + 1]) {
        uint8_t b[SESSION_ID_LEN / 2];

        if (getrandom(b, sizeof(b), 0) != (ssize_t) sizeof(b))
                return -EIO;
        for (size_t i = 0; i < sizeof(b); i++)
                snprintf(ret + 2 * i, 3, "%02x", b[i]);
        return 0;
}

bool session_id_valid(const char *s) {
        return s && strlen(s) == SESSION_ID_LEN && strspn(s, "0123456789abcdef") == SESSION_ID_LEN;
}
