/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The directives that set properties of the session's processes: UMask, Nice,
 * OOMScoreAdjust, IOSchedulingClass, and their environment (Environment,
 * PassEnvironment, UnsetEnvironment). */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "basic/strv.h"
#include "policy/conf-parsers.h"
#include "policy/conf-values.h"

/* A decimal integer from range->min to range->max, a leading '-' allowed. */
int parse_int(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        const conf_int_range *range = d->data;
        const char *s = words[0];
        uint64_t v;
        bool negative = s[0] == '-';
        long long n;

        if (conf_parse_uint(negative ? s + 1 : s, 0, 1u << 20, &v) < 0 ||
                (n = negative ? -(long long) v : (long long) v) < range->min || n > range->max)
                return ns_error_set(err, -EINVAL, "expected a number from %d to %d, got \"%s\"", range->min,
                        range->max, s);
        *CONF_FIELD(policy_int, d, p) = (policy_int){.set = true, .value = (int) n};
        return 0;
}

/* An octal file mode creation mask, as systemd's UMask= (0022, 027, 0). */
int parse_umask(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        const char *s = words[0];
        char *end = NULL;
        unsigned long v;

        errno = 0;
        v = strtoul(s, &end, 8);
        if (errno != 0 || end == s || *end != '\0' || s[0] == '-' || s[0] == '+' ||
                isspace((unsigned char) s[0]) || v > 07777)
                return ns_error_set(err, -EINVAL, "expected an octal mask from 0000 to 7777, got \"%s\"", s);
        *CONF_FIELD(policy_int, d, p) = (policy_int){.set = true, .value = (int) v};
        return 0;
}

int parse_io_class(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        for (size_t i = 1; io_scheduling_class_names[i]; i++)
                if (strcasecmp(io_scheduling_class_names[i], words[0]) == 0) {
                        *CONF_FIELD(IOSchedulingClass, d, p) = (IOSchedulingClass) i;
                        return 0;
                }
        return ns_error_set(
                err, -EINVAL, "expected one of realtime, best-effort, idle, got \"%s\"", words[0]);
}

static bool env_key_valid(const char *s, size_t n, bool token_syntax) {
        if (n == 0 || isdigit((unsigned char) s[0]))
                return false;
        for (size_t i = 0; i < n; i++)
                if (!isalnum((unsigned char) s[i]) && s[i] != '_' && !(token_syntax && s[i] == '%'))
                        return false;
        return true;
}

static int check_env_entry(const conf_directive *d, const char *w, bool token_syntax, ns_error *err) {
        const char *eq = strchr(w, '=');

        if (!eq || !env_key_valid(w, eq - w, token_syntax))
                return ns_error_set(
                        err, -EINVAL, "expected KEY=VALUE with KEY of letters, digits and _, got \"%s\"", w);
        /* The login's identity comes from NSS, never from the policy. */
        if (policy_environment_key_reserved(w))
                return ns_error_set(err, -EINVAL,
                        "HOME, USER and LOGNAME are set from the user's account, got \"%s\"", w);
        return 0;
}

/* Later assignments of a KEY replace earlier ones, so the list holds each KEY once. */
static int env_set(char ***env, const char *entry) {
        size_t n = strcspn(entry, "=") + 1, k = 0;

        for (size_t i = 0; *env && (*env)[i]; i++) {
                if (strncmp((*env)[i], entry, n) == 0)
                        free((*env)[i]);
                else
                        (*env)[k++] = (*env)[i];
        }
        if (*env)
                (*env)[k] = NULL;
        return strv_extend(env, entry);
}

int parse_environment(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        return conf_strv_add(d, p, words, token_syntax, check_env_entry, env_set, err);
}

/* A variable name; with d->arg (UnsetEnvironment) a whole KEY=VALUE entry too. */
static int check_env_name(const conf_directive *d, const char *w, bool token_syntax, ns_error *err) {
        size_t n = strcspn(w, "=");

        if (!env_key_valid(w, n, false) || (w[n] == '=' && !d->arg))
                return ns_error_set(err, -EINVAL, "expected %s, got \"%s\"",
                        d->arg ? "variable names or KEY=VALUE entries" : "variable names", w);
        return 0;
}

static int strv_extend_once(char ***list, const char *word) {
        return strv_contains(*list, word) ? 0 : strv_extend(list, word);
}

/* PassEnvironment, UnsetEnvironment: each name (or entry) listed once. */
int parse_env_names(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        return conf_strv_add(d, p, words, token_syntax, check_env_name, strv_extend_once, err);
}
