/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The lexical layer of nsshell.conf(5): one line in, a directive name and its
 * value words out. Knows nothing about what directives mean.
 *
 *   Name value "value with blanks" ...
 *   Name=value                      (sshd_config also accepts '=')
 *   # a comment (only as the first non-blank character of a line)
 *
 * Inside double quotes, \" and \\ stand for " and \; quotes may join parts
 * of one word (a"b c" is the word "ab c"); "" is an empty word.
 */
#pragma once

#include <stddef.h>

#include "basic/error.h"

typedef struct conf_line {
        char *name; /* NULL for a blank or comment line */
        char **words; /* the values; NULL-terminated, never NULL when name is set */
} conf_line;

/* Split LINE (LEN bytes, no '\n'). Messages carry no file:line: the caller adds it. */
int conf_lex_line(const char *line, size_t len, conf_line *ret, ns_error *err);
void conf_line_done(conf_line *l);

/* An "empty assignment": no value, or one "" word. It clears a list directive. */
int conf_words_empty(char *const *words);
