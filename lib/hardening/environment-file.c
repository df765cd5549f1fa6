/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "basic/fd-util.h"
#include "basic/strv.h"
#include "hardening/environment-file.h"
#include "policy/conf-files.h"
#include "policy/policy.h"

/* A growing string. */
typedef struct buffer {
        char *s;
        size_t n, size;
} buffer;

static int buffer_add(buffer *b, char c) {
        if (b->n + 2 > b->size) {
                size_t size = b->size ? b->size * 2 : 64;
                char *s = realloc(b->s, size);
                if (!s)
                        return -ENOMEM;
                b->s = s;
                b->size = size;
        }
        b->s[b->n++] = c;
        b->s[b->n] = '\0';
        return 0;
}

static bool is_blank(char c) {
        return c == ' ' || c == '\t' || c == '\r';
}

static bool key_valid(const char *k, size_t n) {
        if (n == 0 || isdigit((unsigned char) k[0]))
                return false;
        for (size_t i = 0; i < n; i++)
                if (!isalnum((unsigned char) k[i]) && k[i] != '_')
                        return false;
        return true;
}

static bool key_reserved(const char *k, size_t n) {
        char key[16];

        if (n >= sizeof(key))
                return false;
        memcpy(key, k, n);
        key[n] = '\0';
        return policy_environment_key_reserved(key);
}

/* Replace the entry with ENTRY's key, or append. Takes ENTRY. */
static int env_replace(char ***env, char *entry) {
        size_t n = strcspn(entry, "=") + 1;

        for (char **i = *env; i && *i; i++)
                if (strncmp(*i, entry, n) == 0) {
                        free(*i);
                        *i = entry;
                        return 0;
                }
        return strv_push(env, entry);
}

/* The value starting at *P, up to the end of its line: quotes, escapes and
 * continuations resolved; *P is left after the line; *LINE counts the
 * newlines crossed. */
static int value_read(const char **p, unsigned *line, buffer *v) {
        const char *s = *p;
        size_t keep = 0; /* length of V without trailing bare blanks */
        int r = 0;

        while (is_blank(*s))
                s++;
        while (r >= 0 && *s && *s != '\n') {
                char quote = (*s == '"' || *s == '\'') ? *s++ : 0;

                if (!quote) {
                        if (*s == '\\' && s[1] == '\n') {
                                s += 2, (*line)++;
                                continue;
                        }
                        if (*s == '\\' && s[1])
                                s++;
                        else if (is_blank(*s)) {
                                r = buffer_add(v, *s++);
                                continue;
                        }
                        r = buffer_add(v, *s++);
                        keep = v->n;
                        continue;
                }
                while (r >= 0 && *s && *s != quote) {
                        if (quote == '"' && *s == '\\' && s[1] == '\n') {
                                s += 2, (*line)++;
                                continue;
                        }
                        if (quote == '"' && *s == '\\' && s[1] && strchr("\"\\`$", s[1]))
                                s++;
                        if (*s == '\n')
                                (*line)++;
                        r = buffer_add(v, *s++);
                }
                if (*s != quote)
                        return -EINVAL; /* unterminated quote */
                s++;
                keep = v->n;
        }
        if (v->s)
                v->s[keep] = '\0';
        *p = *s ? s + 1 : s;
        return r;
}

static int entry_add(char ***env, const char *key, size_t key_len, const char *value) {
        char *entry = NULL;

        if (asprintf(&entry, "%.*s=%s", (int) key_len, key, value ? value : "") < 0)
                return -ENOMEM;
        return env_replace(env, entry);
}

int environment_file_parse(const char *path, const char *text, char ***env, ns_error *err) {
        const char *p = text;
        unsigned line = 1;

        assert(path);
        assert(text);
        assert(env);

        while (*p) {
                const char *key, *eq;
                size_t key_len;
                unsigned at = line;
                buffer v = {0};
                int r;

                while (is_blank(*p))
                        p++;
                if (*p == '\n' || *p == '#' || *p == ';') {
                        p += strcspn(p, "\n");
                        p += *p == '\n', line++;
                        continue;
                }
                key = p;
                eq = p + strcspn(p, "=\n");
                for (key_len = eq - key; key_len > 0 && is_blank(key[key_len - 1]); key_len--)
                        ;
                if (*eq != '=' || !key_valid(key, key_len))
                        return ns_error_set(err, -EINVAL,
                                "%s:%u: expected KEY=VALUE with KEY of letters, "
                                "digits and _",
                                path, at);
                if (key_reserved(key, key_len))
                        return ns_error_set(err, -EPERM,
                                "%s:%u: HOME, USER and LOGNAME are set from the user's account", path, at);
                p = eq + 1;
                r = value_read(&p, &line, &v);
                line++;
                if (r == -EINVAL) {
                        free(v.s);
                        return ns_error_set(err, -EINVAL, "%s:%u: unterminated quote", path, at);
                }
                if (r >= 0)
                        r = entry_add(env, key, key_len, v.s);
                free(v.s);
                if (r < 0)
                        return ns_error_set_errno(err, r, "%s:%u: storing the entry", path, at);
        }
        return 0;
}

static int environment_file_load(const char *spec, char ***env, ns_error *err) {
        bool optional = spec[0] == '-';
        const char *path = spec + optional;
        ns_error e = NS_ERROR_INIT;
        _cleanup_close_ int fd = -1;
        _cleanup_free_ char *text = NULL;
        size_t len;
        int r;

        r = conf_open_file(path, 0, &fd, &e);
        if (r == -ENOENT && optional) {
                ns_error_done(&e);
                return 0;
        }
        if (r >= 0)
                r = conf_read_fd(fd, path, &text, &len, &e);
        if (r < 0) {
                r = ns_error_set(err, r, "EnvironmentFile: %s", e.msg);
                ns_error_done(&e);
                return r;
        }
        ns_error_done(&e);
        if (strlen(text) != len)
                return ns_error_set(err, -EINVAL, "EnvironmentFile: \"%s\" holds a NUL byte", path);
        return environment_file_parse(path, text, env, err);
}

int environment_files_load(char *const *files, char ***env, ns_error *err) {
        assert(env);

        for (char *const *f = files; f && *f; f++) {
                int r = environment_file_load(*f, env, err);
                if (r < 0)
                        return r;
        }
        return 0;
}
