/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The one clock deadlines are measured on: CLOCK_MONOTONIC, which neither
 * settimeofday() nor NTP steps move.
 */
#pragma once

#include <stdint.h>
#include <time.h>

static inline uint64_t now_monotonic_usec(void) {
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t) ts.tv_sec * 1000000u + (uint64_t) ts.tv_nsec / 1000u;
}

static inline uint64_t now_monotonic_ms(void) {
        return now_monotonic_usec() / 1000u;
}
