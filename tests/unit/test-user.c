/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "basic/strv.h"
#include "policy/user.h"

/* root exists on every system this runs on; its primary group is gid 0 */
static void test_lookup_root(void **state) {
        _cleanup_user_context_free_ user_context *u = NULL;
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;

        assert_int_equal(user_context_lookup("root", &u, &err), 0);
        assert_string_equal(u->name, "root");
        assert_int_equal(u->uid, 0);
        assert_int_equal(u->gid, 0);
        assert_non_null(u->group);
        assert_non_null(u->home);
        assert_true(u->n_gids >= 1);
        assert_int_equal(strv_length(u->group_names), u->n_gids);
        assert_true(strv_contains(u->group_names, u->group));
}

static void test_unknown_user(void **state) {
        user_context *u = NULL;
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;

        assert_int_equal(user_context_lookup("no-such-user-nsshell-test", &u, &err), -ESRCH);
        assert_null(u);
        assert_string_equal(err.msg, "looking up user \"no-such-user-nsshell-test\": no such user");
}

/*
 * Allocation failures, injected by replacing malloc, calloc and realloc in
 * this program (glibc lets a program do that; strdup, asprintf and NSS then
 * go through these too). Not under ASan, which replaces them itself.
 */
#if defined(__SANITIZE_ADDRESS__)
#define ALLOC_FAILURES 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ALLOC_FAILURES 0
#endif
#endif
#ifndef ALLOC_FAILURES
#define ALLOC_FAILURES 1

void *__libc_malloc(size_t n);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t n);

static long allocs_left = -1; /* allocations that succeed before one fails; -1: all do */
static bool alloc_failed;

static bool alloc_fails(void) {
        if (allocs_left < 0)
                return false;
        if (allocs_left-- > 0)
                return false;
        alloc_failed = true;
        return true;
}

void *malloc(size_t n) {
        return alloc_fails() ? NULL : __libc_malloc(n);
}

void *calloc(size_t n, size_t size) {
        return alloc_fails() ? NULL : __libc_calloc(n, size);
}

void *realloc(void *p, size_t n) {
        return alloc_fails() ? NULL : __libc_realloc(p, n);
}
#endif

/* The login shell prints err.msg when user_context_lookup() fails ("refusing
 * to start a shell for ...: <msg>"): whichever allocation fails, the message
 * must say something. Fails the Nth allocation for N = 0, 1, ... until the
 * lookup no longer reaches an Nth one. */
static void test_every_allocation_failure_has_a_message(void **state) {
#if ALLOC_FAILURES
        _cleanup_user_context_free_ user_context *warm = NULL;
        unsigned failures = 0;

        /* Load the NSS modules before any allocation fails. */
        assert_int_equal(user_context_lookup("root", &warm, NULL), 0);
        for (long n = 0;; n++) {
                _cleanup_user_context_free_ user_context *u = NULL;
                _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
                int r;

                alloc_failed = false;
                allocs_left = n;
                r = user_context_lookup("root", &u, &err);
                allocs_left = -1;
                if (!alloc_failed) {
                        assert_int_equal(r, 0);
                        break;
                }
                if (r >= 0)
                        continue; /* a failure NSS or a grow loop recovered from */
                failures++;
                print_message("allocation %ld fails: %s\n", n, err.msg);
                assert_null(u);
                assert_int_equal(err.code, r);
                assert_true(err.msg[0] != '\0');
        }
        assert_true(failures > 0);
#else
        print_message("skipped: ASan replaces malloc itself, so no failure can be injected "
                      "(the build without sanitizers runs this test)\n");
        skip();
#endif
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_lookup_root),
                cmocka_unit_test(test_unknown_user),
                cmocka_unit_test(test_every_allocation_failure_has_a_message),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
