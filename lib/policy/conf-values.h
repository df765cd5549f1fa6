/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Value syntaxes of nsshell.conf(5), as admins know them from sshd_config and
 * systemd units. Pure functions: -EINVAL (or -ERANGE) on a bad value, no
 * message (the directive layer says what it expected), *ret untouched.
 */
#pragma once

#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <strings.h>

#include "policy/policy.h"

/* Names and keywords (directives, Match criteria, enum values) in any case.
 * Every line of a policy compares its name with several candidates, which
 * mostly differ in their first letter: compare that before the whole name. */
static inline bool conf_name_eq(const char *a, const char *b) {
        return tolower((unsigned char) a[0]) == tolower((unsigned char) b[0]) && strcasecmp(a, b) == 0;
}

/* yes/no/true/false/on/off/1/0, any case. */
int conf_parse_bool(const char *s, bool *ret);
/* Decimal digits only, MIN..MAX. */
int conf_parse_uint(const char *s, uint64_t min, uint64_t max, uint64_t *ret);
/* Bytes with an optional K/M/G/T suffix (1024-based), or "infinity" (LIMIT_INFINITY). */
int conf_parse_size(const char *s, uint64_t *ret);
/* "N%" with N >= 1. */
int conf_parse_percent(const char *s, uint64_t *ret);
/* A systemd time span in whole seconds: "90", "90s", "2min", "1h30min", "1d", "infinity"
 * (LIMIT_INFINITY). Returned in microseconds. */
int conf_parse_timespan(const char *s, uint64_t *ret_usec);
/* An absolute path without "." or ".." components. */
int conf_check_abs_path(const char *s);

/* "2G", "512M", "1000", "infinity": the shortest exact form conf_parse_size reads back. */
void conf_format_size(uint64_t v, char *buf, size_t size);
