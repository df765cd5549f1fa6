/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <sys/prctl.h>
#include <cmocka.h>

#include "hardening/capabilities.h"
#include "child.h"

#define KEPT CAP_NET_BIND_SERVICE

static void skip_unless_root(const char *why) {
        if (geteuid() != 0) {
                print_message("skipped: %s\n", why);
                skip();
        }
}

static void child_drop_bounding(void *arg) {
        ns_error err = NS_ERROR_INIT;
        int last = capabilities_last_cap();

        child_check(last >= CAP_CHECKPOINT_RESTORE);
        child_check(capabilities_drop_bounding(UINT64_C(1) << KEPT, &err) == 0);
        for (int c = 0; c <= last; c++)
                child_check(prctl(PR_CAPBSET_READ, c, 0, 0, 0) == (c == KEPT));
        /* nothing left to drop: succeeds again, as it does without CAP_SETPCAP */
        child_check(capabilities_drop_bounding(UINT64_C(1) << KEPT, &err) == 0);
        child_check(capabilities_drop_bounding(0, &err) == 0);
        child_check(prctl(PR_CAPBSET_READ, KEPT, 0, 0, 0) == 0);
}

static void test_drop_bounding_keeps_only_the_policy_set(void **state) {
        skip_unless_root("dropping from the bounding set needs root (CAP_SETPCAP)");
        assert_int_equal(run_in_child(child_drop_bounding, NULL), 0);
}

static void child_drop_without_setpcap(void *arg) {
        cap_value_t setpcap = CAP_SETPCAP;
        cap_t caps = cap_get_proc();
        ns_error err = NS_ERROR_INIT;

        child_check(caps && cap_set_flag(caps, CAP_EFFECTIVE, 1, &setpcap, CAP_CLEAR) == 0);
        child_check(cap_set_proc(caps) == 0);
        cap_free(caps);
        child_check(capabilities_drop_bounding(~(UINT64_C(1) << CAP_SYS_ADMIN), &err) == -EPERM);
        child_check(strcmp(err.msg,
                            "capability bounding set: dropping \"cap_sys_admin\" (needs CAP_SETPCAP): "
                            "Operation not permitted") == 0);
        ns_error_done(&err);
}

static void test_drop_without_setpcap_names_the_capability(void **state) {
        skip_unless_root("needs a bounding set with cap_sys_admin in it, i.e. root");
        assert_int_equal(run_in_child(child_drop_without_setpcap, NULL), 0);
}

/* Raise KEPT into the inheritable and ambient sets, as a leaky parent could
 * (crun CVE-2022-27650), then clear them. */
static void child_clear_inheritable_ambient(void *arg) {
        cap_value_t kept = KEPT;
        cap_t caps = cap_get_proc();
        ns_error err = NS_ERROR_INIT;

        child_check(caps && cap_set_flag(caps, CAP_INHERITABLE, 1, &kept, CAP_SET) == 0);
        child_check(cap_set_proc(caps) == 0);
        cap_free(caps);
        child_check(cap_set_ambient(KEPT, CAP_SET) == 0);
        child_check(cap_get_ambient(KEPT) == 1);

        child_check(capabilities_clear_inheritable_ambient(&err) == 0);
        child_check(cap_get_ambient(KEPT) == 0);
        caps = cap_get_proc();
        cap_flag_value_t v = CAP_SET;
        child_check(caps && cap_get_flag(caps, KEPT, CAP_INHERITABLE, &v) == 0 && v == CAP_CLEAR);
        /* the permitted set is not this function's business */
        child_check(cap_get_flag(caps, KEPT, CAP_PERMITTED, &v) == 0 && v == CAP_SET);
        cap_free(caps);
}

static void test_clear_inheritable_ambient(void **state) {
        skip_unless_root("raising an ambient capability first needs it permitted, i.e. root");
        assert_int_equal(run_in_child(child_clear_inheritable_ambient, NULL), 0);
}

static void child_verify_none_held(void *arg) {
        ns_error err = NS_ERROR_INIT;
        cap_t empty = cap_init();

        child_check(capabilities_verify_none_held(&err) == (geteuid() == 0 ? -EPERM : 0));
        child_check(empty && cap_set_proc(empty) == 0);
        cap_free(empty);
        child_check(capabilities_verify_none_held(&err) == 0);
}

static void test_verify_none_held(void **state) {
        assert_int_equal(run_in_child(child_verify_none_held, NULL), 0);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_drop_bounding_keeps_only_the_policy_set),
                cmocka_unit_test(test_drop_without_setpcap_names_the_capability),
                cmocka_unit_test(test_clear_inheritable_ambient),
                cmocka_unit_test(test_verify_none_held),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
