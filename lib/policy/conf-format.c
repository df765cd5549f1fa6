/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <sys/capability.h>

#include "policy/conf-format.h"
#include "policy/conf-values.h"
#include "policy/syscall-groups.h"

static bool word_needs_quotes(const char *w) {
        return w[0] == '\0' || w[0] == '=' || strpbrk(w, " \t\r\"") != NULL;
}

void conf_format_word(FILE *f, const char *word) {
        fputc(' ', f);
        if (!word_needs_quotes(word)) {
                fputs(word, f);
                return;
        }
        fputc('"', f);
        for (const char *c = word; *c; c++) {
                if (*c == '"' || *c == '\\')
                        fputc('\\', f);
                fputc(*c, f);
        }
        fputc('"', f);
}

int format_bool(const conf_directive *d, const policy *p, FILE *f) {
        conf_format_word(f, *CONF_CFIELD(bool, d, p) ? "yes" : "no");
        return 1;
}

int format_namespaces(const conf_directive *d, const policy *p, FILE *f) {
        const char *const *names = d->data;
        unsigned set = *CONF_CFIELD(unsigned, d, p);

        for (size_t i = 0; names[i]; i++)
                if (set & (1u << i))
                        conf_format_word(f, names[i]);
        return set != 0;
}

int format_string(const conf_directive *d, const policy *p, FILE *f) {
        const char *s = *CONF_CFIELD(char *, d, p);
        if (!s)
                return 0;
        conf_format_word(f, s);
        return 1;
}

int format_enum(const conf_directive *d, const policy *p, FILE *f) {
        const char *const *names = d->data;
        conf_format_word(f, names[*CONF_CFIELD(int, d, p)]);
        return 1;
}

int format_strv(const conf_directive *d, const policy *p, FILE *f) {
        char *const *l = *CONF_CFIELD(char **, d, p);

        for (size_t i = 0; l && l[i]; i++)
                conf_format_word(f, l[i]);
        return l && l[0];
}

int format_binds(const conf_directive *d, const policy *p, FILE *f) {
        int n = 0;

        for (size_t i = 0; i < p->n_binds; i++) {
                const policy_bind *b = &p->binds[i];
                _cleanup_free_ char *spec = NULL;
                if (b->read_only != (bool) d->arg)
                        continue;
                if (asprintf(&spec, "%s%s%s%s%s", b->optional ? "-" : "", b->source,
                            strcmp(b->source, b->dest) != 0 || b->no_recursive ? ":" : "",
                            strcmp(b->source, b->dest) != 0 || b->no_recursive ? b->dest : "",
                            b->no_recursive ? ":norbind" : "") < 0)
                        return -ENOMEM;
                conf_format_word(f, spec);
                n++;
        }
        return n > 0;
}

int format_limit_size(const conf_directive *d, const policy *p, FILE *f) {
        const policy_limit *l = CONF_CFIELD(policy_limit, d, p);
        char buf[32];

        if (!l->set)
                return 0;
        conf_format_size(l->value, buf, sizeof(buf));
        conf_format_word(f, buf);
        return 1;
}

int format_tmpfs_size(const conf_directive *d, const policy *p, FILE *f) {
        const policy_tmpfs_size *s = CONF_CFIELD(policy_tmpfs_size, d, p);
        char buf[32];

        if (s->percent)
                snprintf(buf, sizeof(buf), "%" PRIu64 "%%", s->value);
        else
                conf_format_size(s->value, buf, sizeof(buf));
        conf_format_word(f, buf);
        return 1;
}

static void format_number(FILE *f, uint64_t v, const char *suffix) {
        char buf[32];

        if (v == LIMIT_INFINITY)
                snprintf(buf, sizeof(buf), "infinity");
        else
                snprintf(buf, sizeof(buf), "%" PRIu64 "%s", v, suffix);
        conf_format_word(f, buf);
}

int format_limit_number(const conf_directive *d, const policy *p, FILE *f) {
        const policy_limit *l = CONF_CFIELD(policy_limit, d, p);
        if (!l->set)
                return 0;
        format_number(f, l->value, "");
        return 1;
}

int format_limit_percent(const conf_directive *d, const policy *p, FILE *f) {
        const policy_limit *l = CONF_CFIELD(policy_limit, d, p);
        if (!l->set)
                return 0;
        format_number(f, l->value, "%");
        return 1;
}

int format_limit_timespan(const conf_directive *d, const policy *p, FILE *f) {
        const policy_limit *l = CONF_CFIELD(policy_limit, d, p);
        if (!l->set)
                return 0;
        format_number(f, l->value == LIMIT_INFINITY ? l->value : l->value / 1000000, "");
        return 1;
}

int format_timespan(const conf_directive *d, const policy *p, FILE *f) {
        format_number(f, *CONF_CFIELD(uint64_t, d, p) / 1000000, "");
        return 1;
}

static void rlimit_word(char *buf, size_t size, int kind, rlim_t v) {
        if (v == RLIM_INFINITY)
                snprintf(buf, size, "infinity");
        else if (kind == RLIMIT_KIND_SIZE)
                conf_format_size(v, buf, size);
        else
                snprintf(buf, size, "%" PRIu64, (uint64_t) v);
}

int format_rlimit(const conf_directive *d, const policy *p, FILE *f) {
        const policy_rlimit *l = CONF_CFIELD(policy_rlimit, d, p);
        char soft[32], hard[32], both[80];

        if (!l->set)
                return 0;
        rlimit_word(soft, sizeof(soft), d->arg, l->soft);
        rlimit_word(hard, sizeof(hard), d->arg, l->hard);
        if (l->soft == l->hard)
                conf_format_word(f, soft);
        else {
                snprintf(both, sizeof(both), "%s:%s", soft, hard);
                conf_format_word(f, both);
        }
        return 1;
}

int format_capabilities(const conf_directive *d, const policy *p, FILE *f) {
        uint64_t set = *CONF_CFIELD(uint64_t, d, p);

        for (unsigned i = 0; i < 64; i++) {
                char *name;
                if (!(set & (UINT64_C(1) << i)))
                        continue;
                name = cap_to_name(i);
                if (!name)
                        return -ENOMEM;
                for (char *c = name; *c; c++)
                        *c = toupper((unsigned char) *c);
                conf_format_word(f, name);
                cap_free(name);
        }
        return set != 0;
}

/* The resolved filter, not its history: one line systemd reads the same way.
 * A deny-list writes "~" on its first entry, which covers the line. */
int format_syscall_filter(const conf_directive *d, const policy *p, FILE *f) {
        syscall_set set = {};
        bool any;
        int r;

        r = syscall_set_resolve(p->syscall_filter, &set);
        if (r < 0)
                return r;
        any = p->syscall_filter_default || set.allow_list || set.n_rules > 0;
        /* the built-in value has the filter on: "off" must be written, and
         * rules without @nsshell-default need it written first, on a line of
         * its own, so that the text reads back to the same policy */
        if (!any)
                conf_format_word(f, "");
        else if (!p->syscall_filter_default) {
                conf_format_word(f, "");
                fprintf(f, "\n%s", d->name);
        }
        if (p->syscall_filter_default)
                conf_format_word(f, SYSCALL_SET_NSSHELL_DEFAULT);
        for (size_t i = 0; i < set.n_rules; i++) {
                const syscall_rule *rule = &set.rules[i];
                char num[16];
                fprintf(f, " %s%s", !set.allow_list && i == 0 ? "~" : "", rule->name);
                if (rule->error >= 0)
                        fprintf(f, ":%s", syscall_errno_to_string(rule->error, num, sizeof(num)));
        }
        syscall_set_done(&set);
        return 1;
}

int format_syscall_error_number(const conf_directive *d, const policy *p, FILE *f) {
        int e = *CONF_CFIELD(int, d, p);
        char num[16];

        conf_format_word(f, e == SYSCALL_ERROR_KILL ? "kill" : syscall_errno_to_string(e, num, sizeof(num)));
        return 1;
}

int format_int(const conf_directive *d, const policy *p, FILE *f) {
        const policy_int *v = CONF_CFIELD(policy_int, d, p);
        char buf[16];

        if (!v->set)
                return 0;
        snprintf(buf, sizeof(buf), "%d", v->value);
        conf_format_word(f, buf);
        return 1;
}

int format_umask(const conf_directive *d, const policy *p, FILE *f) {
        const policy_int *v = CONF_CFIELD(policy_int, d, p);
        char buf[16];

        if (!v->set)
                return 0;
        snprintf(buf, sizeof(buf), "%04o", (unsigned) v->value);
        conf_format_word(f, buf);
        return 1;
}

int format_io_class(const conf_directive *d, const policy *p, FILE *f) {
        IOSchedulingClass c = *CONF_CFIELD(IOSchedulingClass, d, p);

        if (c == IO_SCHEDULING_CLASS_UNSET)
                return 0;
        conf_format_word(f, io_scheduling_class_names[c]);
        return 1;
}
