/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <pwd.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "basic/strv.h"
#include "policy/user.h"

/*
 * getpwnam_r/getpwuid_r are wrapped (-Wl,--wrap, see policy.am): these fake
 * entries answer ERANGE until the caller's buffer holds them, as glibc does;
 * every other name and uid goes to the real NSS.
 */
static const struct fake_user {
        const char *name;
        uid_t uid;
        size_t gecos_len;
} fake_users[] = {
        {"nsshell-test-long", 4000001, 100000}, /* fits once the buffer grew to 128 KiB */
        {"nsshell-test-endless", 4000002, 2 * 1024 * 1024}, /* never fits */
        {"nsshell-test-long", 4000003, 10}, /* its name leads to another uid */
};
static size_t fake_calls, fake_largest_buf;

static int fake_entry(
        const struct fake_user *f, struct passwd *pw, char *buf, size_t buflen, struct passwd **result) {
        size_t name_len = strlen(f->name) + 1;

        fake_calls++;
        fake_largest_buf = buflen > fake_largest_buf ? buflen : fake_largest_buf;
        *result = NULL;
        if (buflen < name_len + f->gecos_len + 1 + sizeof("/home/fake") + sizeof("/bin/sh"))
                return ERANGE;
        *pw = (struct passwd){.pw_uid = f->uid, .pw_gid = f->uid, .pw_passwd = (char *) "x"};
        pw->pw_name = memcpy(buf, f->name, name_len);
        pw->pw_gecos = memset(buf + name_len, 'g', f->gecos_len);
        pw->pw_gecos[f->gecos_len] = '\0';
        pw->pw_dir = strcpy(pw->pw_gecos + f->gecos_len + 1, "/home/fake");
        pw->pw_shell = strcpy(pw->pw_dir + sizeof("/home/fake"), "/bin/sh");
        *result = pw;
        return 0;
}

int __real_getpwnam_r(const char *name, struct passwd *pw, char *buf, size_t buflen, struct passwd **result);
int __wrap_getpwnam_r(const char *name, struct passwd *pw, char *buf, size_t buflen, struct passwd **result);
int __wrap_getpwnam_r(
        const char *name, struct passwd *pw, char *buf, size_t buflen, struct passwd **result) {
        for (size_t i = 0; i < ELEMENTSOF(fake_users); i++)
                if (strcmp(fake_users[i].name, name) == 0)
                        return fake_entry(&fake_users[i], pw, buf, buflen, result);
        return __real_getpwnam_r(name, pw, buf, buflen, result);
}

int __real_getpwuid_r(uid_t uid, struct passwd *pw, char *buf, size_t buflen, struct passwd **result);
int __wrap_getpwuid_r(uid_t uid, struct passwd *pw, char *buf, size_t buflen, struct passwd **result);
int __wrap_getpwuid_r(uid_t uid, struct passwd *pw, char *buf, size_t buflen, struct passwd **result) {
        for (size_t i = 0; i < ELEMENTSOF(fake_users); i++)
                if (fake_users[i].uid == uid)
                        return fake_entry(&fake_users[i], pw, buf, buflen, result);
        return __real_getpwuid_r(uid, pw, buf, buflen, result);
}

static int reset_fake(void **state) {
        fake_calls = 0;
        fake_largest_buf = 0;
        return 0;
}

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

static void test_lookup_root_by_uid(void **state) {
        _cleanup_user_context_free_ user_context *u = NULL;
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;

        assert_int_equal(user_context_lookup_uid(0, &u, &err), 0);
        assert_string_equal(u->name, "root");
        assert_int_equal(u->uid, 0);
        assert_true(strv_contains(u->group_names, u->group));
}

/* A 100 KB entry: the buffer doubles from 4 KiB until it fits, by name and by uid. */
static void test_long_entry_grows_the_buffer(void **state) {
        _cleanup_user_context_free_ user_context *u = NULL, *v = NULL;
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;

        assert_int_equal(user_context_lookup("nsshell-test-long", &u, &err), 0);
        assert_string_equal(u->name, "nsshell-test-long");
        assert_int_equal(u->uid, 4000001);
        assert_string_equal(u->home, "/home/fake");
        assert_string_equal(u->shell, "/bin/sh");
        assert_int_equal(fake_largest_buf, 128 * 1024);
        assert_int_equal(fake_calls, 6); /* 4, 8, 16, 32, 64, 128 KiB */

        assert_int_equal(user_context_lookup_uid(4000001, &v, &err), 0);
        assert_string_equal(v->name, "nsshell-test-long");
        assert_int_equal(v->uid, 4000001);
        assert_string_equal(v->shell, "/bin/sh");
}

/* Past the 1 MiB cap: -ERANGE with a message, nothing returned. */
static void test_endless_entry_is_erange(void **state) {
        user_context *u = NULL;
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;

        assert_int_equal(user_context_lookup("nsshell-test-endless", &u, &err), -ERANGE);
        assert_null(u);
        assert_int_equal(fake_largest_buf, 1024 * 1024);
        assert_non_null(strstr(err.msg, "looking up user \"nsshell-test-endless\""));
        ns_error_done(&err);
        assert_int_equal(user_context_lookup_uid(4000002, &u, &err), -ERANGE);
        assert_null(u);
        assert_non_null(strstr(err.msg, "looking up uid 4000002"));
}

/* The uid's name must lead back to the uid. */
static void test_uid_whose_name_is_another_uid(void **state) {
        user_context *u = NULL;
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;

        assert_int_equal(user_context_lookup_uid(4000003, &u, &err), -EPERM);
        assert_null(u);
        assert_string_equal(err.msg, "user \"nsshell-test-long\" is not uid 4000003");
}

static void test_unknown_uid(void **state) {
        user_context *u = NULL;
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;

        assert_int_equal(user_context_lookup_uid(3999999, &u, &err), -ESRCH);
        assert_null(u);
        assert_string_equal(err.msg, "looking up uid 3999999: no such user");
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
                cmocka_unit_test(test_lookup_root_by_uid),
                cmocka_unit_test_setup(test_long_entry_grows_the_buffer, reset_fake),
                cmocka_unit_test_setup(test_endless_entry_is_erange, reset_fake),
                cmocka_unit_test(test_uid_whose_name_is_another_uid),
                cmocka_unit_test(test_unknown_uid),
                cmocka_unit_test(test_every_allocation_failure_has_a_message),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
