/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "policy/conf-lexer.h"
#include "basic/strv.h"

static bool is_blank(char c) {
        /* '\r' so that a file edited on another system still reads as written */
        return c == ' ' || c == '\t' || c == '\r';
}

static const char *skip_blanks(const char *p, const char *end) {
        while (p < end && is_blank(*p))
                p++;
        return p;
}

static int lex_word(const char **pp, const char *end, char **ret, ns_error *err) {
        const char *p = *pp;
        bool quoted = false;
        size_t n = 0;
        char *w = malloc(end - p + 1);
        if (!w)
                return ns_error_set_errno(err, -ENOMEM, "reading a value");

        while (p < end && (quoted || !is_blank(*p))) {
                char c = *p++;
                if (c == '"') {
                        quoted = !quoted;
                        continue;
                }
                if (quoted && c == '\\' && p < end && (*p == '"' || *p == '\\'))
                        c = *p++;
                w[n++] = c;
        }
        if (quoted) {
                free(w);
                return ns_error_set(
                        err, -EINVAL, "unterminated quote (a value with blanks is written \"...\")");
        }
        w[n] = '\0';
        *pp = p;
        *ret = w;
        return 0;
}

static int lex_name(const char **pp, const char *end, char **ret, ns_error *err) {
        const char *p = *pp, *start = p;

        while (p < end && isalnum((unsigned char) *p))
                p++;
        if (p == start || (p < end && !is_blank(*p) && *p != '='))
                return ns_error_set(err, -EINVAL,
                        "expected a directive name (letters and digits) at the start of the line");
        *ret = strndup(start, p - start);
        if (!*ret)
                return ns_error_set_errno(err, -ENOMEM, "reading the directive name");
        p = skip_blanks(p, end);
        if (p < end && *p == '=')
                p = skip_blanks(p + 1, end);
        *pp = p;
        return 0;
}

#define WORDS_AT_ONCE 4

/* Double the room of WORDS (ROOM words, not counting the NULL). */
static int words_grow(char ***words, size_t *room) {
        char **m = reallocarray(*words, *room * 2 + 1, sizeof(char *));

        if (!m)
                return -ENOMEM;
        *words = m;
        *room *= 2;
        return 0;
}

int conf_lex_line(const char *line, size_t len, conf_line *ret, ns_error *err) {
        const char *end = line + len, *p;
        _cleanup_free_ char *name = NULL;
        _cleanup_strv_free_ char **words = NULL;
        size_t n = 0, room = WORDS_AT_ONCE;
        int r;

        assert(line);
        assert(ret);

        if (memchr(line, '\0', len))
                return ns_error_set(err, -EINVAL, "NUL byte in line");
        p = skip_blanks(line, end);
        if (p == end || *p == '#') {
                *ret = (conf_line){};
                return 0;
        }
        r = lex_name(&p, end, &name, err);
        if (r < 0)
                return r;
        /* Room for a few words at once, doubled when full: most lines hold one
         * to three, and a large policy has tens of thousands of lines. */
        words = malloc((WORDS_AT_ONCE + 1) * sizeof(char *));
        if (!words)
                return ns_error_set_errno(err, -ENOMEM, "reading the values of \"%s\"", name);
        words[0] = NULL;
        for (p = skip_blanks(p, end); p < end; p = skip_blanks(p, end)) {
                if (n == room) {
                        r = words_grow(&words, &room);
                        if (r < 0)
                                return ns_error_set_errno(err, r, "reading the values of \"%s\"", name);
                }
                r = lex_word(&p, end, &words[n], err);
                if (r < 0)
                        return r;
                words[++n] = NULL;
        }
        *ret = (conf_line){.name = TAKE_PTR(name), .words = TAKE_PTR(words)};
        return 0;
}

void conf_line_done(conf_line *l) {
        assert(l);

        free(l->name);
        strv_free(l->words);
        *l = (conf_line){};
}

int conf_words_empty(char *const *words) {
        return !words || !words[0] || (words[0][0] == '\0' && !words[1]);
}
