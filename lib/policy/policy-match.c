/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <strings.h>

#include "policy/conf-values.h"
#include "policy/policy-match.h"

/* '*'/'?' glob of PATTERN (N bytes, not NUL-terminated) against the whole of S. */
static bool glob_n(const char *pattern, size_t n, const char *s) {
        const char *end = pattern + n, *star = NULL, *resume = NULL;

        /* iterative: on a mismatch, let the last '*' swallow one more char */
        while (*s) {
                if (pattern < end && *pattern == '*') {
                        star = ++pattern;
                        resume = s;
                } else if (pattern < end && (*pattern == '?' || *pattern == *s)) {
                        pattern++;
                        s++;
                } else if (star) {
                        pattern = star;
                        s = ++resume;
                } else
                        return false;
        }
        while (pattern < end && *pattern == '*')
                pattern++;
        return pattern == end;
}

bool match_pattern(const char *pattern, const char *s) {
        assert(pattern);
        assert(s);

        return glob_n(pattern, strlen(pattern), s);
}

/* Call TEST for each element of the comma list; combine as sshd does. No
 * allocation: matching must not fail for want of memory. */
static int match_list(
        const char *list, bool (*test)(const char *e, size_t n, const void *data), const void *data) {
        int result = 0;

        for (const char *e = list;; e++) {
                size_t n = strchrnul(e, ',') - e;
                bool negated = e[0] == '!';
                if (n > negated && test(e + negated, n - negated, data)) {
                        if (negated)
                                return -1;
                        result = 1;
                }
                e += n;
                if (*e == '\0')
                        return result;
        }
}

static bool test_pattern(const char *e, size_t n, const void *data) {
        return glob_n(e, n, data);
}

int match_pattern_list(const char *list, const char *s) {
        assert(list);
        assert(s);

        return match_list(list, test_pattern, s);
}

/* "N" or "A-B" (N bytes of E) into an inclusive range. */
static int parse_uid_range(const char *e, size_t n, uint64_t *ret_lo, uint64_t *ret_hi) {
        char buf[32], *dash;
        uint64_t lo, hi;

        if (n >= sizeof(buf))
                return -EINVAL;
        memcpy(buf, e, n);
        buf[n] = '\0';
        dash = strchr(buf, '-');
        if (dash)
                *dash = '\0';
        if (conf_parse_uint(buf, 0, UINT32_MAX - 1, &lo) < 0)
                return -EINVAL;
        hi = lo;
        if (dash && (conf_parse_uint(dash + 1, 0, UINT32_MAX - 1, &hi) < 0 || lo > hi))
                return -EINVAL;
        *ret_lo = lo;
        *ret_hi = hi;
        return 0;
}

static bool test_uid(const char *e, size_t n, const void *data) {
        uint64_t lo, hi, uid = *(const uid_t *) data;
        return parse_uid_range(e, n, &lo, &hi) >= 0 && uid >= lo && uid <= hi;
}

int match_uid_list(const char *list, uid_t uid) {
        assert(list);

        return match_list(list, test_uid, &uid);
}

static int check_list(match_kind kind, const char *list, ns_error *err) {
        for (const char *e = list;; e++) {
                size_t n = strchrnul(e, ',') - e;
                size_t skip = e[0] == '!';
                uint64_t lo, hi;
                if (n <= skip)
                        return ns_error_set(err, -EINVAL, "empty pattern in \"%s\"", list);
                if (kind == MATCH_UID && parse_uid_range(e + skip, n - skip, &lo, &hi) < 0)
                        return ns_error_set(
                                err, -EINVAL, "expected UIDs or ranges A-B, got \"%.*s\"", (int) n, e);
                e += n;
                if (*e == '\0')
                        return 0;
        }
}

static int criterion_kind(const char *word, match_kind *ret) {
        static const struct {
                const char *name;
                match_kind kind;
        } kinds[] = {
                {"All", MATCH_ALL},
                {"User", MATCH_USER},
                {"Group", MATCH_GROUP},
                {"UID", MATCH_UID},
                {"Service", MATCH_SERVICE},
        };

        for (size_t i = 0; i < ELEMENTSOF(kinds); i++)
                if (conf_name_eq(kinds[i].name, word)) {
                        *ret = kinds[i].kind;
                        return 0;
                }
        return -EINVAL;
}

void match_criteria_free(match_criterion *c, size_t n) {
        for (size_t i = 0; c && i < n; i++)
                free(c[i].patterns);
        free(c);
}

/* C has room for every criterion of the line (criteria_room()). */
static int criteria_add(
        match_criterion *c, size_t *n, match_kind kind, const char *patterns, ns_error *err) {
        c[*n] = (match_criterion){.kind = kind, .patterns = patterns ? strdup(patterns) : NULL};
        if (patterns && !c[*n].patterns)
                return ns_error_set_errno(err, -ENOMEM, "Match: storing \"%s\"", patterns);
        (*n)++;
        return 0;
}

/* One criterion per two words at most (All: one word): one allocation per Match line. */
static match_criterion *criteria_room(char **words) {
        size_t n = 0;

        while (words[n])
                n++;
        return malloc((n + 1) / 2 * sizeof(match_criterion));
}

int match_criteria_parse(char **words, match_criterion **ret, size_t *ret_n, ns_error *err) {
        match_criterion *c;
        size_t n = 0;
        int r = 0;

        assert(words);
        assert(ret);
        assert(ret_n);

        if (!words[0])
                return ns_error_set(
                        err, -EINVAL, "Match: expected criteria (User, Group, UID, Service or All)");
        c = criteria_room(words);
        if (!c)
                return ns_error_set_errno(err, -ENOMEM, "Match");
        for (size_t i = 0; r >= 0 && words[i]; i += 2) {
                match_kind kind;
                if (criterion_kind(words[i], &kind) < 0)
                        r = ns_error_set(err, -EINVAL,
                                "Match: unknown criterion \"%s\" (known: User, Group, UID, Service, All)",
                                words[i]);
                else if (kind == MATCH_ALL && (i > 0 || words[1]))
                        r = ns_error_set(err, -EINVAL, "Match: All must stand alone");
                else if (kind == MATCH_ALL) {
                        r = criteria_add(c, &n, kind, NULL, err);
                        break;
                } else if (!words[i + 1])
                        r = ns_error_set(err, -EINVAL, "Match: %s: expected a pattern list", words[i]);
                else if ((r = check_list(kind, words[i + 1], err)) >= 0)
                        r = criteria_add(c, &n, kind, words[i + 1], err);
        }
        if (r < 0) {
                match_criteria_free(c, n);
                return r;
        }
        *ret = c;
        *ret_n = n;
        return 0;
}

/* sshd's group rule: no group may hit a negated pattern, some group must hit a positive one. */
static bool groups_match(const char *list, const user_context *u) {
        bool found = false;

        for (size_t i = 0; u->group_names && u->group_names[i]; i++) {
                int m = match_pattern_list(list, u->group_names[i]);
                if (m < 0)
                        return false;
                found = found || m > 0;
        }
        return found;
}

static bool criterion_test(const match_criterion *c, const user_context *u, const char *service) {
        switch (c->kind) {
        case MATCH_ALL:
                return true;
        case MATCH_USER:
                return match_pattern_list(c->patterns, u->name) > 0;
        case MATCH_GROUP:
                return groups_match(c->patterns, u);
        case MATCH_UID:
                return match_uid_list(c->patterns, u->uid) > 0;
        case MATCH_SERVICE:
                return match_pattern_list(c->patterns, service) > 0;
        }
        return false;
}

bool match_criteria_test(const match_criterion *c, size_t n, const user_context *u, const char *service) {
        assert(c || n == 0);
        assert(u);
        assert(service);

        for (size_t i = 0; i < n; i++)
                if (!criterion_test(&c[i], u, service))
                        return false;
        return true;
}
