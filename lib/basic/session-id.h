/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What a session id is: SESSION_ID_LEN lowercase hex digits, random, made by
 * session_id_new() before the policy is resolved (its %s token may use it).
 * It names the session's record file (/run/nsshell/sessions/<id>) and its
 * cgroup leaf (session-<id>.scope), so every place that takes an id from
 * outside checks it with session_id_valid(): one definition, safe as a file
 * and directory name.
 */
#pragma once

#include <stdbool.h>

#define SESSION_ID_LEN 16

/* A fresh random session id; 0, or -EIO when getrandom() fails. */
int session_id_new(char ret[static SESSION_ID_LEN + 1]);
/* True if S (may be NULL) is exactly SESSION_ID_LEN of [0-9a-f]. */
bool session_id_valid(const char *s);
