/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Growing NULL-terminated string vectors (strv_free() is in macro.h). */
#pragma once

#include <stddef.h>

#include "basic/macro.h"

size_t strv_length(char *const *l);
/* Append S, taking ownership (S is freed on failure). *L may be NULL. */
int strv_push(char ***l, char *s);
/* Append a copy of S. */
int strv_extend(char ***l, const char *s);
/* A copy of L (NULL stays NULL). */
int strv_copy(char *const *l, char ***ret);
/* Whether L holds S. */
int strv_contains(char *const *l, const char *s);
/* The strings of L separated by SEP, as a new string; NULL on -ENOMEM. */
char *strv_join(char *const *l, const char *sep);
