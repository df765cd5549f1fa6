/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "policy/conf-values.h"

static void test_bool(void **state) {
        static const char *yes[] = {"yes", "YES", "true", "On", "1"}, *no[] = {"no", "False", "off", "0"},
                          *bad[] = {"", "y", "2", "yess", "nope", " yes"};
        bool b;

        for (size_t i = 0; i < ELEMENTSOF(yes); i++) {
                b = false;
                assert_int_equal(conf_parse_bool(yes[i], &b), 0);
                assert_true(b);
        }
        for (size_t i = 0; i < ELEMENTSOF(no); i++) {
                b = true;
                assert_int_equal(conf_parse_bool(no[i], &b), 0);
                assert_false(b);
        }
        for (size_t i = 0; i < ELEMENTSOF(bad); i++)
                assert_int_equal(conf_parse_bool(bad[i], &b), -EINVAL);
}

static const struct {
        const char *s;
        int r;
        uint64_t v;
} sizes[] = {
        {"0", 0, 0},
        {"512", 0, 512},
        {"1K", 0, 1024},
        {"1k", 0, 1024},
        {"2M", 0, 2 << 20},
        {"2G", 0, UINT64_C(2) << 30},
        {"3T", 0, UINT64_C(3) << 40},
        {"infinity", 0, LIMIT_INFINITY},
        {"18446744073709551614", 0, UINT64_C(18446744073709551614)},
        {"18446744073709551615", -ERANGE, 0},
        {"99999999999999999999", -ERANGE, 0},
        {"16777216T", -ERANGE, 0},
        {"", -EINVAL, 0},
        {"G", -EINVAL, 0},
        {"1.5G", -EINVAL, 0},
        {"1KB", -EINVAL, 0},
        {"1P", -EINVAL, 0},
        {"-1", -EINVAL, 0},
        {" 1", -EINVAL, 0},
        {"Infinity", -EINVAL, 0},
};

static void test_size(void **state) {
        for (size_t i = 0; i < ELEMENTSOF(sizes); i++) {
                uint64_t v = 12345;
                print_message("size: \"%s\"\n", sizes[i].s);
                assert_int_equal(conf_parse_size(sizes[i].s, &v), sizes[i].r);
                assert_true(sizes[i].r < 0 ? v == 12345 : v == sizes[i].v);
        }
}

static void test_size_format_round_trips(void **state) {
        static const uint64_t values[] = {
                0, 1, 1023, 1024, 1536, 2 << 20, UINT64_C(5) << 40, UINT64_C(7) << 50, LIMIT_INFINITY};
        for (size_t i = 0; i < ELEMENTSOF(values); i++) {
                char buf[32];
                uint64_t v;
                conf_format_size(values[i], buf, sizeof(buf));
                assert_int_equal(conf_parse_size(buf, &v), 0);
                assert_true(v == values[i]);
        }
        char buf[32];
        conf_format_size(UINT64_C(2) << 30, buf, sizeof(buf));
        assert_string_equal(buf, "2G");
        conf_format_size(1536, buf, sizeof(buf));
        assert_string_equal(buf, "1536");
}

static void test_uint_and_percent(void **state) {
        uint64_t v = 0;

        assert_int_equal(conf_parse_uint("10000", 1, 10000, &v), 0);
        assert_true(v == 10000);
        assert_int_equal(conf_parse_uint("10001", 1, 10000, &v), -ERANGE);
        assert_int_equal(conf_parse_uint("0", 1, 10000, &v), -ERANGE);
        assert_int_equal(conf_parse_uint("+5", 1, 10000, &v), -EINVAL);
        assert_int_equal(conf_parse_uint("5x", 1, 10000, &v), -EINVAL);
        assert_int_equal(conf_parse_percent("100%", &v), 0);
        assert_true(v == 100);
        assert_int_equal(conf_parse_percent("250%", &v), 0);
        assert_true(v == 250);
        assert_int_equal(conf_parse_percent("0%", &v), -ERANGE);
        assert_int_equal(conf_parse_percent("%", &v), -EINVAL);
        assert_int_equal(conf_parse_percent("50", &v), -EINVAL);
        assert_int_equal(conf_parse_percent("50%%", &v), -EINVAL);
        assert_int_equal(conf_parse_percent("5.5%", &v), -EINVAL);
}

static const struct {
        const char *s;
        int r;
        uint64_t sec;
} spans[] = {
        {"0", 0, 0},
        {"90", 0, 90},
        {"90s", 0, 90},
        {"2min", 0, 120},
        {"8h", 0, 8 * 3600},
        {"1d", 0, 86400},
        {"1h30min", 0, 5400},
        {"1d2h3min4s", 0, 93784},
        {"", -EINVAL, 0},
        {"h", -EINVAL, 0},
        {"5 min", -EINVAL, 0},
        {"5w", -EINVAL, 0},
        {"5ms", -EINVAL, 0},
        {"-5", -EINVAL, 0},
        {"999999999999999d", -ERANGE, 0},
};

static void test_timespan(void **state) {
        for (size_t i = 0; i < ELEMENTSOF(spans); i++) {
                uint64_t v = 7;
                print_message("timespan: \"%s\"\n", spans[i].s);
                assert_int_equal(conf_parse_timespan(spans[i].s, &v), spans[i].r);
                assert_true(spans[i].r < 0 ? v == 7 : v == spans[i].sec * 1000000);
        }
        uint64_t v;
        assert_int_equal(conf_parse_timespan("infinity", &v), 0);
        assert_true(v == LIMIT_INFINITY);
}

static void test_abs_path(void **state) {
        static const char *ok[] = {"/", "/a", "/a/b/", "/a//b", "/a/.b", "/a/..b", "/%h/x"},
                          *bad[] = {"", "a", "./a", "/a/..", "/a/../b", "/./a", "/a/."};
        for (size_t i = 0; i < ELEMENTSOF(ok); i++)
                assert_int_equal(conf_check_abs_path(ok[i]), 0);
        for (size_t i = 0; i < ELEMENTSOF(bad); i++)
                assert_int_equal(conf_check_abs_path(bad[i]), -EINVAL);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_bool),
                cmocka_unit_test(test_size),
                cmocka_unit_test(test_size_format_round_trips),
                cmocka_unit_test(test_uint_and_percent),
                cmocka_unit_test(test_timespan),
                cmocka_unit_test(test_abs_path),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
