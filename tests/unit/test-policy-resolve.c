/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "fixtures.h"
#include "policy/policy-format.h"
#include "policy/policy-resolve.h"

static char *root_groups[] = {"root", NULL};
static gid_t root_gids[] = {0};
static user_context root = {
        .name = "root",
        .uid = 0,
        .gid = 0,
        .group = "root",
        .home = "/root",
        .gids = root_gids,
        .n_gids = 1,
        .group_names = root_groups,
};

static conf *load(const char *text) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        conf *c = NULL;
        int r = conf_load_from_buffer("test.conf", text, strlen(text), NULL, &c, &err);

        if (r < 0)
                print_message("load: %s\n", err.msg);
        assert_int_equal(r, 0);
        return c;
}

static policy *resolve(const char *text, const user_context *u, const char *service, const char *session) {
        _cleanup_conf_free_ conf *c = load(text);
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        policy *p = NULL;
        int r = policy_resolve(c, u, service, session, &p, &err);

        if (r < 0)
                print_message("resolve: %s\n", err.msg);
        assert_int_equal(r, 0);
        return p;
}

static const char *sample = "Isolate no\n"
                            "MemoryMax 1G\n"
                            "ReadOnlyPaths /a\n"
                            "Match UID 1000-60000\n"
                            "  Isolate yes\n"
                            "  MemoryMax 2G\n"
                            "  ReadOnlyPaths /b\n"
                            "Match Group staff Service sshd\n"
                            "  MemoryMax 3G\n"
                            "  ReadOnlyPaths /c\n"
                            "Match User alice\n"
                            "  ReadOnlyPaths \"\"\n"
                            "  ReadOnlyPaths /d\n"
                            "Match User bob\n"
                            "  MemoryMax 4G\n";

static void test_cascade(void **state) {
        _cleanup_policy_free_ policy *a = resolve(sample, &alice, "sshd", "1");
        _cleanup_policy_free_ policy *a2 = resolve(sample, &alice, "login", "1");
        _cleanup_policy_free_ policy *r = resolve(sample, &root, "sshd", "1");

        /* last matching scalar wins; lists accumulate; "" clears what came before */
        assert_true(a->isolate);
        assert_true(a->memory_max.value == UINT64_C(3) << 30);
        assert_string_equal(a->read_only_paths[0], "/d");
        assert_null(a->read_only_paths[1]);
        /* another service: the Group+Service block does not hold */
        assert_true(a2->memory_max.value == UINT64_C(2) << 30);
        /* root: only the defaults */
        assert_false(r->isolate);
        assert_true(r->memory_max.value == UINT64_C(1) << 30);
        assert_string_equal(r->read_only_paths[0], "/a");
        assert_null(r->read_only_paths[1]);
}

static void test_tokens_in_values(void **state) {
        const char *text = "Hostname %u-box\n"
                           "TemporaryFileSystem /run/nsshell/%U/%s\n"
                           "BindPaths %h/shared:/srv/%u\n"
                           "Environment SESSION=%s \"GROUP=%g x\" PCT=100%%\n";
        _cleanup_policy_free_ policy *p = resolve(text, &alice, "sshd", "7");
        _cleanup_policy_free_ policy *e = resolve(text, &alice, "sshd", NULL);

        assert_string_equal(p->hostname, "alice-box");
        assert_string_equal(p->temporary_filesystems[0], "/run/nsshell/1001/7");
        assert_string_equal(p->binds[0].source, "/home/alice/shared");
        assert_string_equal(p->binds[0].dest, "/srv/alice");
        assert_string_equal(p->environment[0], "SESSION=7");
        assert_string_equal(p->environment[1], "GROUP=alice x");
        assert_string_equal(p->environment[2], "PCT=100%");
        /* no session yet: %s and %% stay, the rest is the user's */
        assert_string_equal(e->temporary_filesystems[0], "/run/nsshell/1001/%s");
        assert_string_equal(e->environment[0], "SESSION=%s");
        assert_string_equal(e->environment[2], "PCT=100%%");
}

static void test_value_valid_only_for_some_users_fails_at_resolve(void **state) {
        /* "al_ice" makes an invalid host name: the login is refused, not half-applied */
        char *g[] = {"x", NULL};
        user_context odd = {
                .name = "al_ice", .uid = 1002, .group = "x", .home = "/home/x", .group_names = g};
        _cleanup_conf_free_ conf *c = load("Hostname %u\n");
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        policy *p = NULL;

        assert_int_equal(policy_resolve(c, &odd, "sshd", "1", &p, &err), -EINVAL);
        assert_null(p);
        assert_non_null(strstr(err.msg, "test.conf:1: Hostname for user \"al_ice\""));
}

static const struct {
        const char *text;
        const char *messages[4]; /* every one must be reported, in order */
} bad_files[] = {
        {"Isolate yes\nBogus 1\n", {"test.conf:2: unknown directive \"Bogus\""}},
        {"MemoryMax 1X\nMatch User a\nTasksMax none\n",
                {"test.conf:1: MemoryMax: expected a size", "test.conf:3: TasksMax: expected a number"}},
        {"Match User a\nCgroupRoot /sys/fs/cgroup/x\n",
                {"test.conf:2: CgroupRoot is only allowed before the first Match"}},
        {"Match\n", {"test.conf:1: Match: expected criteria"}},
        {"Match Host x\n", {"test.conf:1: Match: unknown criterion"}},
        {"Hostname \"abc\n", {"test.conf:1: unterminated quote"}},
        {"Hostname %q\n", {"test.conf:1: Hostname: unknown token '%q'"}},
        {"Shell %\n", {"test.conf:1: Shell: '%' at the end"}},
        {"Include x.conf\n", {"test.conf:1: Include is not allowed here"}},
        {"\n\n  Isolate\nNamespaces\nLimitNOFILE 2:1\n",
                {"test.conf:3: Isolate: expected a value", "test.conf:4: Namespaces: expected a value",
                        "test.conf:5: LimitNOFILE: soft limit above hard"}},
};

static void test_every_error_reported_with_file_and_line(void **state) {
        const conf_load_options opts = {.no_include = true};

        for (size_t i = 0; i < ELEMENTSOF(bad_files); i++) {
                _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
                conf *c = NULL;
                size_t n = 0;

                print_message("bad file %zu\n", i);
                assert_true(conf_load_from_buffer("test.conf", bad_files[i].text, strlen(bad_files[i].text),
                                    &opts, &c, &err) < 0);
                assert_null(c);
                while (n < 4 && bad_files[i].messages[n])
                        n++;
                assert_int_equal(err.n_all, n);
                for (size_t k = 0; k < n; k++) {
                        print_message("  %s\n", err.all[k]);
                        assert_non_null(strstr(err.all[k], bad_files[i].messages[k]));
                }
        }
}

static char *format(const policy *p) {
        char *s = NULL;
        assert_int_equal(policy_format(p, NULL, &s), 0);
        return s;
}

/* format -> load -> resolve -> format gives the same text */
static void round_trip(const char *text, const user_context *u) {
        _cleanup_policy_free_ policy *p = resolve(text, u, "sshd", NULL);
        _cleanup_free_ char *once = format(p);
        _cleanup_policy_free_ policy *q = resolve(once, u, "sshd", NULL);
        _cleanup_free_ char *twice = format(q);

        print_message("%s", once);
        assert_string_equal(once, twice);
}

static void test_format_round_trips(void **state) {
        static const char *everything =
                "Isolate yes\nNamespaces mount pid user\nHostname %u-%s\nPrivateTmp no\nProtectSystem "
                "strict\n"
                "ProtectHome others\nReadOnlyPaths /a \"/b c\"\nReadWritePaths %h\nInaccessiblePaths /x\n"
                "BindPaths /s:/d /e\nBindReadOnlyPaths /r\nTemporaryFileSystem /run/%U\n"
                "CgroupRoot /sys/fs/cgroup/unified/ns\nCgroupLimits warn\nMemoryMax 2G\nMemoryHigh 1536M\n"
                "MemorySwapMax infinity\nTasksMax 512\nCPUQuota 150%\nCPUWeight 50\nIOWeight 200\n"
                "LimitNOFILE 1024:4096\nLimitCPU 1h\nLimitAS 4G:infinity\nLimitRTTIME 5000\n"
                "NoNewPrivileges yes\nCapabilityBoundingSet CAP_NET_BIND_SERVICE CAP_KILL\n"
                "SystemCallFilter @nsshell-default ~ptrace\nKillOnLogout no\nMaxSessions infinity\n"
                "RuntimeMaxSec 8h\nShell /bin/zsh\nEnvironment \"A=x y\" \"Q=\\\"quoted\\\"\" P=50%% S=%s "
                "B=back\\slash\n";

        round_trip("", &alice);
        round_trip(sample, &alice);
        round_trip(everything, &alice);
        round_trip("SystemCallFilter \"\"\nEnvironment \"K=a \\\\\\\" b\"\n", &root);
}

static void test_explain_origins(void **state) {
        _cleanup_conf_free_ conf *c = load(sample);
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_policy_free_ policy *p = NULL;
        _cleanup_policy_origins_free_ policy_origins *o = NULL;
        _cleanup_free_ char *text = NULL;

        assert_int_equal(policy_resolve_with_origins(c, &alice, "sshd", NULL, &p, &o, &err), 0);
        assert_string_equal(policy_origins_get(o, conf_directive_find("MemoryMax")), "test.conf:9");
        assert_string_equal(
                policy_origins_get(o, conf_directive_find("ReadOnlyPaths")), "test.conf:12, test.conf:13");
        assert_null(policy_origins_get(o, conf_directive_find("Shell")));
        assert_int_equal(policy_format(p, o, &text), 0);
        assert_non_null(strstr(text, "# test.conf:9\nMemoryMax 3G\n"));
        assert_non_null(strstr(text, "# default\nShell /bin/bash\n"));
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_cascade),
                cmocka_unit_test(test_tokens_in_values),
                cmocka_unit_test(test_value_valid_only_for_some_users_fails_at_resolve),
                cmocka_unit_test(test_every_error_reported_with_file_and_line),
                cmocka_unit_test(test_format_round_trips),
                cmocka_unit_test(test_explain_origins),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
