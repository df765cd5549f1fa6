/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The directives the login shell turns into capability sets and seccomp
 * filters: CapabilityBoundingSet, SystemCallFilter, SystemCallErrorNumber,
 * RestrictNamespaces, RestrictAddressFamilies, SystemCallArchitectures; with
 * the writers of the last three, next to their name tables. */
#include <ctype.h>
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/capability.h>
#include <sys/socket.h>

#include "basic/macro.h"
#include "basic/strv.h"
#include "policy/conf-format.h"
#include "policy/conf-lexer.h"
#include "policy/conf-parsers.h"
#include "policy/conf-values.h"
#include "policy/syscall-groups.h"

static int capability_from_name(const char *name, unsigned *ret) {
        char lower[64];
        cap_value_t cap;
        size_t n = strlen(name);

        if (n < 5 || n >= sizeof(lower) || strncasecmp(name, "cap_", 4) != 0)
                return -EINVAL;
        for (size_t i = 0; i <= n; i++)
                lower[i] = tolower((unsigned char) name[i]);
        if (cap_from_name(lower, &cap) < 0 || cap < 0 || cap > 63)
                return -EINVAL;
        *ret = cap;
        return 0;
}

int parse_capabilities(const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        uint64_t *field = CONF_FIELD(uint64_t, d, p), add = 0;
        bool invert;

        if (!words || conf_words_empty(words)) {
                *field = 0;
                return 0;
        }
        invert = words[0][0] == '~';
        /* As systemd: "~" on the first name means every capability but the
         * listed ones; lines add to the set. */
        for (char **w = words; *w; w++) {
                const char *name = *w + (w == words && invert);
                unsigned cap;
                if (name[0] == '\0' && w == words)
                        continue; /* a lone "~": all of them */
                if (capability_from_name(name, &cap) < 0)
                        return ns_error_set(err, -EINVAL,
                                "expected capability names such as CAP_NET_BIND_SERVICE, optionally with "
                                "\"~\" before the first, got \"%s\"",
                                *w);
                add |= UINT64_C(1) << cap;
        }
        if (invert) {
                unsigned last = (unsigned) cap_max_bits();
                uint64_t all = last >= 64 ? UINT64_MAX : (UINT64_C(1) << last) - 1;
                add = all & ~add;
        }
        *field |= add;
        return 0;
}

/* One SystemCallFilter word: "~" (optional), a system call or "@group" name,
 * ":ERRNO" (optional). Unknown names are kept: policy resolution ignores them,
 * as systemd does, and --check warns. */
static bool syscall_word_valid(const char *w) {
        _cleanup_free_ char *name = NULL;
        bool invert;
        int error;

        if (syscall_entry_split(w, &invert, &name, &error) < 0 || name[0] == '\0')
                return false;
        for (const char *c = name; *c; c++)
                if (!isalnum((unsigned char) *c) && *c != '_' && *c != '-' && !(c == name && *c == '@'))
                        return false;
        return true;
}

static bool is_nsshell_default(const char *w) {
        return strcmp(w + (w[0] == '~'), SYSCALL_SET_NSSHELL_DEFAULT) == 0;
}

/* As systemd: a "~" on the line's first entry makes the whole line a deny
 * entry. "@nsshell-default" (with or without "~") turns nsshell's own deny
 * set on and plays no part in that. Each entry is stored with its own "~"
 * so that the cascade can replay them in order (syscall_set_resolve()). */
int parse_syscall_filter(
        const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        bool first = true, invert = false;

        if (conf_words_empty(words)) {
                p->syscall_filter_default = false;
                strv_free(p->syscall_filter);
                p->syscall_filter = NULL;
                return 0;
        }
        for (char **w = words; *w; w++) {
                if (is_nsshell_default(*w))
                        continue;
                if (!syscall_word_valid(*w))
                        return ns_error_set(err, -EINVAL,
                                "expected [~]SYSCALL, [~]@GROUP or %s, optionally followed by :ERRNO, "
                                "got \"%s\"",
                                SYSCALL_SET_NSSHELL_DEFAULT, *w);
                if (first)
                        invert = (*w)[0] == '~';
                else if ((*w)[0] == '~' && !invert)
                        return ns_error_set(err, -EINVAL,
                                "\"~\" inverts the whole line and goes on its first entry only, got "
                                "\"%s\" after an entry without it",
                                *w);
                first = false;
        }
        for (char **w = words; *w; w++) {
                _cleanup_free_ char *entry = NULL;
                int r = 0;
                if (is_nsshell_default(*w)) {
                        p->syscall_filter_default = true;
                        continue;
                }
                if (asprintf(&entry, "%s%s", invert ? "~" : "", *w + ((*w)[0] == '~')) < 0)
                        r = -ENOMEM;
                else
                        r = strv_push(&p->syscall_filter, TAKE_PTR(entry));
                if (r < 0)
                        return ns_error_set_errno(err, r, "store \"%s\"", *w);
        }
        return 0;
}

int parse_syscall_error_number(
        const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        int *field = CONF_FIELD(int, d, p);

        if (strcmp(words[0], "kill") == 0) {
                *field = SYSCALL_ERROR_KILL;
                return 0;
        }
        if (syscall_errno_from_string(words[0], field) < 0)
                return ns_error_set(err, -EINVAL,
                        "expected an errno name such as EPERM, a number from 1 to 4095, or kill, got \"%s\"",
                        words[0]);
        return 0;
}

/* RestrictNamespaces: systemd's names, in systemd's order. */
static const struct {
        const char *name;
        unsigned ns;
} restrict_ns_names[] = {
        {"cgroup", NS_CGROUP},
        {"ipc", NS_IPC},
        {"net", NS_NET},
        {"mnt", NS_MOUNT},
        {"pid", NS_PID},
        {"user", NS_USER},
        {"uts", NS_UTS},
};
#define NS_ALL (NS_DEFAULT | NS_USER)

/* As systemd 252: yes (none allowed), no (all allowed), a list of the kinds
 * allowed or, with "~" first, of those refused. The first assignment sets
 * the value; later lists add to it (or, with "~", take away); yes and no
 * replace it; "" resets it to unset (@nsshell-default's rules). */
int parse_restrict_namespaces(
        const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        unsigned set = 0;
        bool invert, b;

        if (conf_words_empty(words)) {
                p->restrict_namespaces_set = false;
                p->restrict_namespaces = 0;
                return 0;
        }
        if (!words[1] && conf_parse_bool(words[0], &b) >= 0) {
                p->restrict_namespaces_set = true;
                p->restrict_namespaces = b ? 0 : NS_ALL;
                return 0;
        }
        invert = words[0][0] == '~';
        for (char **w = words; *w; w++) {
                const char *name = *w + (w == words && invert);
                size_t i = 0;
                while (i < ELEMENTSOF(restrict_ns_names) && strcmp(restrict_ns_names[i].name, name) != 0)
                        i++;
                /* nsshell's own name for the mount namespace too */
                if (i == ELEMENTSOF(restrict_ns_names) && strcmp(name, "mount") == 0)
                        i = 3;
                if (i == ELEMENTSOF(restrict_ns_names))
                        return ns_error_set(err, -EINVAL,
                                "expected yes, no, or namespace kinds among cgroup ipc net mnt pid user "
                                "uts, "
                                "optionally with \"~\" before the first, got \"%s\"",
                                *w);
                set |= restrict_ns_names[i].ns;
        }
        if (!p->restrict_namespaces_set)
                p->restrict_namespaces = invert ? NS_ALL & ~set : set;
        else if (invert)
                p->restrict_namespaces &= ~set;
        else
                p->restrict_namespaces |= set;
        p->restrict_namespaces_set = true;
        return 0;
}

int format_restrict_namespaces(const conf_directive *d, const policy *p, FILE *f) {
        if (!p->restrict_namespaces_set)
                return 0;
        if (p->restrict_namespaces == 0 || p->restrict_namespaces == NS_ALL) {
                conf_format_word(f, p->restrict_namespaces == 0 ? "yes" : "no");
                return 1;
        }
        for (size_t i = 0; i < ELEMENTSOF(restrict_ns_names); i++)
                if (p->restrict_namespaces & restrict_ns_names[i].ns)
                        conf_format_word(f, restrict_ns_names[i].name);
        return 1;
}

/* RestrictAddressFamilies: the families the C library names, and the
 * aliases it has for three of them (accepted, never written back). */
static const struct {
        const char *name;
        int af;
} af_names[] = {
        {"AF_UNIX", AF_UNIX},
        {"AF_INET", AF_INET},
        {"AF_AX25", AF_AX25},
        {"AF_IPX", AF_IPX},
        {"AF_APPLETALK", AF_APPLETALK},
        {"AF_NETROM", AF_NETROM},
        {"AF_BRIDGE", AF_BRIDGE},
        {"AF_ATMPVC", AF_ATMPVC},
        {"AF_X25", AF_X25},
        {"AF_INET6", AF_INET6},
        {"AF_ROSE", AF_ROSE},
        {"AF_DECnet", AF_DECnet},
        {"AF_NETBEUI", AF_NETBEUI},
        {"AF_SECURITY", AF_SECURITY},
        {"AF_KEY", AF_KEY},
        {"AF_NETLINK", AF_NETLINK},
        {"AF_PACKET", AF_PACKET},
        {"AF_ASH", AF_ASH},
        {"AF_ECONET", AF_ECONET},
        {"AF_ATMSVC", AF_ATMSVC},
        {"AF_RDS", AF_RDS},
        {"AF_SNA", AF_SNA},
        {"AF_IRDA", AF_IRDA},
        {"AF_PPPOX", AF_PPPOX},
        {"AF_WANPIPE", AF_WANPIPE},
        {"AF_LLC", AF_LLC},
        {"AF_IB", AF_IB},
        {"AF_MPLS", AF_MPLS},
        {"AF_CAN", AF_CAN},
        {"AF_TIPC", AF_TIPC},
        {"AF_BLUETOOTH", AF_BLUETOOTH},
        {"AF_IUCV", AF_IUCV},
        {"AF_RXRPC", AF_RXRPC},
        {"AF_ISDN", AF_ISDN},
        {"AF_PHONET", AF_PHONET},
        {"AF_IEEE802154", AF_IEEE802154},
        {"AF_CAIF", AF_CAIF},
        {"AF_ALG", AF_ALG},
        {"AF_NFC", AF_NFC},
        {"AF_VSOCK", AF_VSOCK},
        {"AF_KCM", AF_KCM},
        {"AF_QIPCRTR", AF_QIPCRTR},
        {"AF_SMC", AF_SMC},
        {"AF_XDP", AF_XDP},
        {"AF_MCTP", AF_MCTP},
        {"AF_LOCAL", AF_LOCAL},
        {"AF_FILE", AF_FILE},
        {"AF_ROUTE", AF_ROUTE},
};
#define AF_CANONICAL (ELEMENTSOF(af_names) - 3)

/* As systemd 252: "none" (an empty allow-list), a list of the families
 * allowed or, with "~" first, of those refused. The first list picks the
 * mode; later lists add to the set when their "~" matches it and remove
 * otherwise; "" resets (no restriction). Unlike systemd, an unknown name is
 * an error: a deny-list with a typo would silently allow what it meant to
 * refuse. */
int parse_address_families(
        const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        uint64_t set = 0;
        bool invert;

        if (conf_words_empty(words)) {
                p->address_families_set = false;
                p->address_families_allow_list = false;
                p->address_families = 0;
                return 0;
        }
        if (!words[1] && strcmp(words[0], "none") == 0) {
                p->address_families_set = true;
                p->address_families_allow_list = true;
                p->address_families = 0;
                return 0;
        }
        invert = words[0][0] == '~';
        for (char **w = words; *w; w++) {
                const char *name = *w + (w == words && invert);
                size_t i = 0;
                while (i < ELEMENTSOF(af_names) && strcmp(af_names[i].name, name) != 0)
                        i++;
                if (i == ELEMENTSOF(af_names))
                        return ns_error_set(err, -EINVAL,
                                "expected none, or address family names such as AF_UNIX AF_INET AF_INET6, "
                                "optionally with \"~\" before the first, got \"%s\"",
                                *w);
                set |= UINT64_C(1) << af_names[i].af;
        }
        /* systemd picks the mode again while its set is empty (unset, or after "none") */
        if (!p->address_families_set || p->address_families == 0) {
                p->address_families_set = true;
                p->address_families_allow_list = !invert;
        }
        if (p->address_families_allow_list != invert)
                p->address_families |= set;
        else
                p->address_families &= ~set;
        return 0;
}

int format_address_families(const conf_directive *d, const policy *p, FILE *f) {
        bool first = true;

        if (!p->address_families_set || (!p->address_families_allow_list && p->address_families == 0))
                return 0;
        if (p->address_families_allow_list && p->address_families == 0) {
                conf_format_word(f, "none");
                return 1;
        }
        for (size_t i = 0; i < AF_CANONICAL; i++) {
                char word[32];
                if (!(p->address_families & (UINT64_C(1) << af_names[i].af)))
                        continue;
                snprintf(word, sizeof(word), "%s%s", first && !p->address_families_allow_list ? "~" : "",
                        af_names[i].name);
                conf_format_word(f, word);
                first = false;
        }
        return 1;
}

/* SystemCallArchitectures: systemd 252's architecture identifiers, in the
 * order --explain writes them. */
static const char *const syscall_arch_names[] = {
        "native",
        "x86",
        "x86-64",
        "x32",
        "arm",
        "arm64",
        "loongarch64",
        "mips",
        "mips-le",
        "mips64",
        "mips64-le",
        "mips64-n32",
        "mips64-le-n32",
        "parisc",
        "parisc64",
        "ppc",
        "ppc64",
        "ppc64-le",
        "riscv64",
        "s390",
        "s390x",
};

/* As systemd 252: each line adds its identifiers to the set, "" empties it
 * (no restriction). Unlike systemd, which ignores an unknown identifier, an
 * unknown one is an error: a misspelt "i386" or "x86_64" would otherwise
 * leave the ABI the admin meant to allow refused, its programs killed. */
int parse_syscall_architectures(
        const conf_directive *d, policy *p, char **words, bool token_syntax, ns_error *err) {
        uint32_t set = 0;

        if (conf_words_empty(words)) {
                p->syscall_architectures = 0;
                return 0;
        }
        for (char **w = words; *w; w++) {
                size_t i = 0;
                while (i < ELEMENTSOF(syscall_arch_names) && strcmp(syscall_arch_names[i], *w) != 0)
                        i++;
                if (i == ELEMENTSOF(syscall_arch_names))
                        return ns_error_set(err, -EINVAL,
                                "expected architecture identifiers such as native, x86, x86-64, x32 (as "
                                "systemd.exec(5)), got \"%s\"",
                                *w);
                set |= UINT32_C(1) << i;
        }
        p->syscall_architectures |= set;
        return 0;
}

int format_syscall_architectures(const conf_directive *d, const policy *p, FILE *f) {
        if (p->syscall_architectures == 0)
                return 0;
        for (size_t i = 0; i < ELEMENTSOF(syscall_arch_names); i++)
                if (p->syscall_architectures & (UINT32_C(1) << i))
                        conf_format_word(f, syscall_arch_names[i]);
        return 1;
}
