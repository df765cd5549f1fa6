/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libFuzzer target for the policy parser. Besides "never crash, never leak",
 * it checks one invariant: a policy that loads and resolves, written back by
 * policy_format(), loads again and formats to the same text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "policy/policy-format.h"
#include "policy/policy-resolve.h"

static char *groups[] = {"fuzz", "staff", NULL};
static gid_t gids[] = {1000, 50};
static const user_context user = {
        .name = "fuzz",
        .uid = 1000,
        .gid = 1000,
        .group = "fuzz",
        .home = "/home/fuzz",
        .gids = gids,
        .n_gids = 2,
        .group_names = groups,
};
static const conf_load_options opts = {.no_include = true};

/* The text of C resolved for the fuzz user, or NULL when resolution refuses it. */
static char *resolve_and_format(const conf *c) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_policy_free_ policy *p = NULL;
        char *text = NULL;

        if (policy_resolve(c, &user, "sshd", NULL, &p, &err) < 0)
                return NULL;
        if (policy_format(p, NULL, &text) < 0)
                abort();
        return text;
}

static void check_round_trip(const char *text) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_conf_free_ conf *c = NULL;
        _cleanup_free_ char *again = NULL;

        if (conf_load_from_buffer("formatted.conf", text, strlen(text), &opts, &c, &err) < 0)
                abort(); /* what we wrote does not read back */
        again = resolve_and_format(c);
        if (!again || strcmp(again, text) != 0)
                abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_conf_free_ conf *c = NULL;
        _cleanup_free_ char *text = NULL;

        if (conf_load_from_buffer("fuzz.conf", (const char *) data, size, &opts, &c, &err) < 0)
                return 0;
        text = resolve_and_format(c);
        if (text)
                check_round_trip(text);
        return 0;
}
