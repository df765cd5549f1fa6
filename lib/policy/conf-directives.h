/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * THE table of nsshell.conf(5) directives: one row per directive, naming the
 * callback that parses its value into struct policy, the one that writes it
 * back (policy-format.c), the field, and how it behaves in the cascade.
 * Match and Include are structure, not directives: conf-load.c handles them.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "basic/error.h"
#include "policy/policy.h"

typedef struct conf_directive conf_directive;

/* Parse WORDS (the line's values, tokens already expanded) into P. TOKEN_SYNTAX:
 * the words may still hold "%s"/"%%" (see token_values.session), so checks
 * that would refuse a '%' let it through. Messages say what was expected. */
typedef int (*conf_parse_fn)(
        const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err);
/* Append " value..." for the field to F; return 0 when it is unset (no line). */
typedef int (*conf_format_fn)(const conf_directive *d, const policy *p, FILE *f);

enum {
        CONF_LIST = 1 << 0, /* accumulates across the cascade; "" clears */
        CONF_MULTI = 1 << 1, /* a scalar that takes several words (Namespaces) */
        CONF_TOKENS = 1 << 2, /* %-tokens are expanded in its values */
        CONF_GLOBAL = 1 << 3, /* only outside Match blocks (CgroupRoot) */
};

struct conf_directive {
        const char *name;
        conf_parse_fn parse;
        conf_format_fn format;
        size_t offset; /* of the field in struct policy */
        unsigned flags;
        int arg; /* per parser: RLIMIT_*, read-only flag, ... */
        const void *data; /* per parser: enum names, numeric range */
};

/* A numeric range for parse_limit_number (conf-parse-limits.c). */
typedef struct conf_range {
        uint64_t min, max;
        bool infinity; /* "infinity" accepted */
} conf_range;

/* A signed range for Nice and OOMScoreAdjust. */
typedef struct conf_int_range {
        int min, max;
} conf_int_range;

/* IOSchedulingClass's names, indexed by IOSchedulingClass ("" for unset). */
extern const char *const io_scheduling_class_names[];

/* Kinds of values a Limit* directive takes, as in systemd. */
enum { RLIMIT_KIND_NUMBER, RLIMIT_KIND_SIZE, RLIMIT_KIND_SECONDS, RLIMIT_KIND_USEC };

/* The row for NAME (any case), or NULL. */
const conf_directive *conf_directive_find(const char *name);
/* Every row, in the order --explain prints them. */
const conf_directive *conf_directives(size_t *ret_n);
/* Check the word count the row allows, then parse. WORDS may be NULL (no value). */
int conf_directive_apply(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err);

/* Field of P at D's offset. */
#define CONF_FIELD(type, d, p) ((type *) ((char *) (p) + (d)->offset))
#define CONF_CFIELD(type, d, p) ((type const *) ((const char *) (p) + (d)->offset))
