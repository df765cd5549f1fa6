/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nsshell --list [--json]: the sessions that have a record under
 * /run/nsshell/sessions, oldest first, with their state (live, or stale when
 * the session ended without removing its record) and their cgroup's current
 * memory and task counts ("-" where the leaf has no such file, as on a hybrid
 * host). A table for humans, or one JSON array.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "exit-codes.h"
#include "session/session-list.h"

enum {
        COL_ID,
        COL_USER,
        COL_UID,
        COL_SERVICE,
        COL_INIT,
        COL_START,
        COL_MEMORY,
        COL_TASKS,
        COL_STATE,
        COL_LOGIND,
        COL_UNIT,
        COL_ENVIRONMENT,
        N_COLS
};

static const char *const headers[N_COLS] = {"SESSION", "USER", "UID", "SERVICE", "INIT", "STARTED", "MEMORY",
        "TASKS", "STATE", "LOGIND", "UNIT", "ENVIRONMENT"};

_printf_(1, 2) static char *strf(const char *fmt, ...) {
        char *s = NULL;
        va_list ap;
        int n;

        va_start(ap, fmt);
        n = vasprintf(&s, fmt, ap);
        va_end(ap);
        return n < 0 ? NULL : s;
}

/* ISO 8601 in local time with the UTC offset: 2026-11-29T03:04:05+01:00. */
static void format_time(uint64_t usec, char *buf, size_t size) {
        time_t t = (time_t) (usec / 1000000u);
        struct tm tm;
        char off[8];
        size_t n;

        if (!localtime_r(&t, &tm) || (n = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm)) == 0 ||
                strftime(off, sizeof(off), "%z", &tm) != 5) {
                snprintf(buf, size, "-");
                return;
        }
        snprintf(buf + n, size - n, "%.3s:%s", off, off + 3);
}

/* 1536 -> "1.5K", 52428800 -> "50M"; -1 (no such counter) -> "-". */
static char *format_bytes(int64_t v) {
        static const char units[] = "BKMGTP";
        double d = (double) v;
        size_t u = 0;

        if (v < 0)
                return strdup("-");
        while (d >= 1024 && u + 1 < sizeof(units) - 1) {
                d /= 1024;
                u++;
        }
        return u == 0 || d >= 10 ? strf("%.0f%c", d, units[u]) : strf("%.1f%c", d, units[u]);
}

/* Names come from NSS and the PAM service: keep terminal controls out of a table. */
static char *printable(const char *s) {
        char *c = strdup(s && *s ? s : "-");

        for (char *p = c; p && *p; p++)
                if ((unsigned char) *p < 0x20 || *p == 0x7f)
                        *p = '?';
        return c;
}

static int row_fill(const session_entry *e, char *cell[N_COLS]) {
        const session_record *r = &e->record;
        char start[64];

        format_time(r->start_usec, start, sizeof(start));
        cell[COL_ID] = strdup(r->id);
        cell[COL_USER] = printable(r->user);
        cell[COL_UID] = strf("%u", (unsigned) r->uid);
        cell[COL_SERVICE] = printable(r->service);
        cell[COL_INIT] = r->init_pid > 0 ? strf("%d", (int) r->init_pid) : strdup("-");
        cell[COL_START] = strdup(start);
        cell[COL_MEMORY] = format_bytes(e->memory_current);
        cell[COL_TASKS] = e->pids_current >= 0 ? strf("%" PRId64, e->pids_current) : strdup("-");
        cell[COL_STATE] = strdup(session_state_name(e->state));
        cell[COL_LOGIND] = printable(r->logind_session);
        cell[COL_UNIT] = printable(r->unit);
        cell[COL_ENVIRONMENT] = printable(r->environment);
        for (size_t c = 0; c < N_COLS; c++)
                if (!cell[c])
                        return -ENOMEM;
        return 0;
}

static void print_row(const char *const cell[N_COLS], const size_t width[N_COLS]) {
        for (size_t c = 0; c < N_COLS; c++)
                if (c + 1 < N_COLS)
                        printf("%-*s  ", (int) width[c], cell[c]);
                else
                        printf("%s\n", cell[c]);
}

static int print_table(const session_entry *l, size_t n) {
        char *(*rows)[N_COLS] = calloc(n ? n : 1, sizeof(*rows));
        size_t width[N_COLS], stale = 0;
        int r = 0;

        if (!rows)
                return -ENOMEM;
        for (size_t c = 0; c < N_COLS; c++)
                width[c] = strlen(headers[c]);
        for (size_t i = 0; i < n && r >= 0; i++) {
                r = row_fill(&l[i], rows[i]);
                for (size_t c = 0; c < N_COLS && r >= 0; c++)
                        width[c] = strlen(rows[i][c]) > width[c] ? strlen(rows[i][c]) : width[c];
                stale += l[i].state == SESSION_STATE_STALE;
        }
        if (r >= 0) {
                print_row(headers, width);
                for (size_t i = 0; i < n; i++)
                        print_row((const char *const *) rows[i], width);
                printf("\n%zu session%s listed, %zu stale.\n", n, n == 1 ? "" : "s", stale);
        }
        for (size_t i = 0; i < n; i++)
                for (size_t c = 0; c < N_COLS; c++)
                        free(rows[i][c]);
        free(rows);
        return r;
}

static void json_string(const char *s) {
        putchar('"');
        for (const unsigned char *p = (const unsigned char *) (s ? s : ""); *p; p++)
                if (*p == '"' || *p == '\\')
                        printf("\\%c", *p);
                else if (*p < 0x20 || *p == 0x7f)
                        printf("\\u%04x", *p);
                else
                        putchar(*p);
        putchar('"');
}

static void json_string_or_null(const char *key, const char *s) {
        printf(",\"%s\":", key);
        if (s)
                json_string(s);
        else
                fputs("null", stdout);
}

static void json_counter(const char *key, int64_t v) {
        if (v < 0)
                printf(",\"%s\":null", key);
        else
                printf(",\"%s\":%" PRId64, key, v);
}

static void print_json_entry(const session_entry *e) {
        const session_record *r = &e->record;
        char start[64];

        format_time(r->start_usec, start, sizeof(start));
        printf("{\"id\":\"%s\",\"user\":", r->id);
        json_string(r->user);
        printf(",\"uid\":%u,\"service\":", (unsigned) r->uid);
        json_string(r->service);
        printf(",\"init_pid\":%d,\"start\":\"%s\",\"start_usec\":%" PRIu64 ",\"cgroup\":", (int) r->init_pid,
                start, r->start_usec);
        if (r->cgroup)
                json_string(r->cgroup);
        else
                fputs("null", stdout);
        json_counter("memory_current", e->memory_current);
        json_counter("pids_current", e->pids_current);
        json_string_or_null("unit", r->unit);
        json_string_or_null("logind_session", r->logind_session);
        json_string_or_null("environment", r->environment[0] ? r->environment : NULL);
        printf(",\"state\":\"%s\"}", session_state_name(e->state));
}

static void print_json(const session_entry *l, size_t n) {
        putchar('[');
        for (size_t i = 0; i < n; i++) {
                fputs(i ? ",\n" : "\n", stdout);
                print_json_entry(&l[i]);
        }
        puts(n ? "\n]" : "]");
}

int cmd_list(int argc, char **argv) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_close_ int dirfd = -EBADF;
        session_entry *l = NULL;
        size_t n = 0;
        bool json = argc == 2 && strcmp(argv[1], "--json") == 0;
        int r;

        if (argc != 1 && !json) {
                fputs("Usage: nsshell --list [--json]\n", stderr);
                return EXIT_USAGE;
        }
        if (geteuid() != 0) {
                fputs("nsshell --list: must be run as root (telling live sessions from stale ones looks "
                      "into other users' processes)\n",
                        stderr);
                return EXIT_SETUP_FAILED;
        }
        r = session_list_open_dir(SESSION_RECORD_DIR, &dirfd, &err);
        if (r >= 0)
                r = session_list(dirfd, &l, &n, &err);
        if (r < 0) {
                fprintf(stderr, "nsshell --list: %s\n", err.code ? err.msg : strerror(-r));
                return EXIT_SETUP_FAILED;
        }
        for (size_t i = 0; r > 0 && i < err.n_all; i++)
                fprintf(stderr, "nsshell --list: skipped: %s\n", err.all[i]);
        if (json)
                print_json(l, n);
        else
                r = print_table(l, n);
        session_list_free(l, n);
        if (r < 0) {
                fprintf(stderr, "nsshell --list: %s\n", strerror(-r));
                return EXIT_SETUP_FAILED;
        }
        return EXIT_OK;
}
