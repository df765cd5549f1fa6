/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "basic/strv.h"
#include "policy/policy-format.h"

static policy *policy_for_test(void) {
        policy *p = NULL;

        assert_int_equal(policy_new_default(&p), 0);
        p->namespaces = NS_MOUNT | NS_PID | NS_NET;
        p->memory_max = (policy_limit){.set = true, .value = UINT64_C(1) << 30};
        p->tasks_max = (policy_limit){.set = true, .value = LIMIT_INFINITY};
        p->cpu_quota_percent = (policy_limit){.set = true, .value = 20};
        p->hostname = strdup("box 1");
        assert_non_null(p->hostname);
        p->network = NETWORK_NAT;
        p->network_pool = (policy_ipv4_pool){.addr = 0x0a090000, .len = 16};
        assert_int_equal(strv_extend(&p->ip_address_deny, "link-local"), 0);
        assert_int_equal(strv_extend(&p->ip_address_deny, "10.0.0.0/8"), 0);
        return p;
}

/* What a directive's value reads as, without its name; NULL: unset. */
static const struct {
        const char *name;
        const char *value;
} cases[] = {
        {"Namespaces", "mount pid net"},
        {"namespaces", "mount pid net"}, /* any case, as the parser */
        {"MemoryMax", "1G"},
        {"TasksMax", "infinity"},
        {"CPUQuota", "20%"},
        {"Hostname", "\"box 1\""}, /* quoted as policy_format() writes it */
        {"Isolate", "yes"},
        {"TmpfsSize", "10%"}, /* the built-in value */
        {"PrivateRun", "no"},
        {"MemoryHigh", NULL},
        {"CPUWeight", NULL},
        {"ReadOnlyPaths", NULL},
        {"Network", "nat"},
        {"NetworkPool", "10.9.0.0/16"},
        {"IPAddressDeny", "link-local 10.0.0.0/8"},
        {"IPAddressAllow", NULL},
};

static void test_directive_values(void **state) {
        _cleanup_policy_free_ policy *p = policy_for_test();

        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                char *value = (char *) 1; /* must be overwritten, with NULL when unset */

                print_message("%s\n", cases[i].name);
                assert_int_equal(policy_format_directive(p, cases[i].name, &value), cases[i].value != NULL);
                if (cases[i].value)
                        assert_string_equal(value, cases[i].value);
                else
                        assert_null(value);
                free(value);
        }
}

/* The same words policy_format() puts after the name on the directive's line. */
static void test_agrees_with_policy_format(void **state) {
        _cleanup_policy_free_ policy *p = policy_for_test();
        _cleanup_free_ char *text = NULL, *lines = NULL;

        assert_int_equal(policy_format(p, NULL, &text), 0);
        assert_true(asprintf(&lines, "\n%s", text) > 0); /* every line starts after a newline */
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                _cleanup_free_ char *value = NULL, *line = NULL;

                if (!cases[i].value || strcmp(cases[i].name, "namespaces") == 0)
                        continue;
                assert_int_equal(policy_format_directive(p, cases[i].name, &value), 1);
                assert_true(asprintf(&line, "\n%s %s\n", cases[i].name, value) > 0);
                assert_non_null(strstr(lines, line));
        }
}

static void test_not_a_directive(void **state) {
        _cleanup_policy_free_ policy *p = policy_for_test();
        char *value = (char *) 1;

        assert_int_equal(policy_format_directive(p, "Match", &value), -ENOENT);
        assert_int_equal(policy_format_directive(p, "Include", &value), -ENOENT);
        assert_int_equal(policy_format_directive(p, "", &value), -ENOENT);
        assert_int_equal(policy_format_directive(p, "MemoryMaximum", &value), -ENOENT);
        assert_ptr_equal(value, (char *) 1); /* untouched on failure */
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_directive_values),
                cmocka_unit_test(test_agrees_with_policy_format),
                cmocka_unit_test(test_not_a_directive),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
