/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <sys/capability.h>
#include <cmocka.h>

#include "basic/strv.h"
#include "policy/conf-directives.h"
#include "policy/conf-lexer.h"
#include "policy/conf-load.h"
#include "policy/syscall-groups.h"
#include "policy/policy-format.h"

/* Lex LINE and apply it to P as the loader would. */
static int apply_line(policy *p, const char *line, ns_error *err) {
        _cleanup_(conf_line_done) conf_line l = {};
        const conf_directive *d;
        int r = conf_lex_line(line, strlen(line), &l, err);

        if (r < 0)
                return r;
        d = conf_directive_find(l.name);
        if (!d)
                return -ENOENT;
        return conf_directive_apply(d, p, l.words, false, err);
}

/* "Name value..." as policy_format writes it, or "Name" alone when unset. */
static char *format_one(const policy *p, const char *name) {
        const conf_directive *d = conf_directive_find(name);
        char *s = NULL;
        size_t n;
        FILE *f = open_memstream(&s, &n);

        assert_non_null(d);
        fputs(d->name, f);
        assert_true(d->format(d, p, f) >= 0);
        fclose(f);
        return s;
}

static const struct {
        const char *line;
        const char *formatted; /* how the directive reads back afterwards */
} good[] = {
        {"Isolate no", "Isolate no"},
        {"isolate ON", "Isolate yes"},
        {"Isolate=0", "Isolate no"},
        {"Namespaces mount pid", "Namespaces mount pid"},
        {"Namespaces user NET mount ipc uts pid cgroup", "Namespaces mount pid ipc uts net cgroup user"},
        {"Hostname box-1.example", "Hostname box-1.example"},
        {"PrivateTmp false", "PrivateTmp no"},
        {"PrivateRun yes", "PrivateRun yes"},
        {"privaterun OFF", "PrivateRun no"},
        {"TmpfsSize 25%", "TmpfsSize 25%"},
        {"TmpfsSize 100%", "TmpfsSize 100%"},
        {"TmpfsSize 64M", "TmpfsSize 64M"},
        {"TmpfsSize 1048576", "TmpfsSize 1M"},
        {"TmpfsSize 1", "TmpfsSize 1"},
        {"ProtectSystem strict", "ProtectSystem strict"},
        {"ProtectSystem true", "ProtectSystem yes"},
        {"ProtectSystem FULL", "ProtectSystem full"},
        {"ProtectHome read-only", "ProtectHome read-only"},
        {"ProtectHome others", "ProtectHome others"},
        {"ProtectHome off", "ProtectHome no"},
        /* issue 14, protect */
        {"PrivateDevices yes", "PrivateDevices yes"},
        {"ProtectKernelTunables true", "ProtectKernelTunables yes"},
        {"ProtectKernelModules 1", "ProtectKernelModules yes"},
        {"ProtectKernelLogs on", "ProtectKernelLogs yes"},
        {"ProtectControlGroups no", "ProtectControlGroups no"},
        {"ProtectClock yes", "ProtectClock yes"},
        {"ProtectProc invisible", "ProtectProc invisible"},
        {"ProtectProc NOACCESS", "ProtectProc noaccess"},
        {"ProtectProc ptraceable", "ProtectProc ptraceable"},
        {"ProtectProc default", "ProtectProc default"},
        {"ProcSubset pid", "ProcSubset pid"},
        {"ProcSubset all", "ProcSubset all"},
        {"ReadOnlyPaths /a \"/b c\"", "ReadOnlyPaths /a \"/b c\""},
        {"ReadWritePaths /srv", "ReadWritePaths /srv"},
        {"InaccessiblePaths /x /y", "InaccessiblePaths /x /y"},
        {"BindPaths /a /b:/c", "BindPaths /a /b:/c"},
        {"BindReadOnlyPaths /r:/s", "BindReadOnlyPaths /r:/s"},
        {"TemporaryFileSystem /var/tmp", "TemporaryFileSystem /var/tmp"},
        {"CgroupRoot /sys/fs/cgroup/unified/nsshell", "CgroupRoot /sys/fs/cgroup/unified/nsshell"},
        {"CgroupLimits warn", "CgroupLimits warn"},
        {"MemoryMax 2G", "MemoryMax 2G"},
        {"MemoryMax 2048M", "MemoryMax 2G"},
        {"MemoryHigh infinity", "MemoryHigh infinity"},
        {"MemorySwapMax 0", "MemorySwapMax 0"},
        {"TasksMax 512", "TasksMax 512"},
        {"TasksMax infinity", "TasksMax infinity"},
        {"CPUQuota 150%", "CPUQuota 150%"},
        {"CPUQuota infinity", "CPUQuota infinity"},
        {"CPUWeight 1", "CPUWeight 1"},
        {"IOWeight 10000", "IOWeight 10000"},
        {"LimitNOFILE 1024:4096", "LimitNOFILE 1024:4096"},
        {"LimitNOFILE 4096", "LimitNOFILE 4096"},
        {"LimitNOFILE 1024:infinity", "LimitNOFILE 1024:infinity"},
        {"LimitCORE 0", "LimitCORE 0"},
        {"LimitAS 4G:infinity", "LimitAS 4G:infinity"},
        {"LimitCPU 1h", "LimitCPU 3600"},
        {"LimitCPU 30:60", "LimitCPU 30:60"},
        {"LimitFSIZE 1T", "LimitFSIZE 1T"},
        {"LimitDATA 1G", "LimitDATA 1G"},
        {"LimitSTACK 8M", "LimitSTACK 8M"},
        {"LimitRSS infinity", "LimitRSS infinity"},
        {"LimitNPROC 100", "LimitNPROC 100"},
        {"LimitMEMLOCK 64K", "LimitMEMLOCK 64K"},
        {"LimitLOCKS 10", "LimitLOCKS 10"},
        {"LimitSIGPENDING 100", "LimitSIGPENDING 100"},
        {"LimitMSGQUEUE 800K", "LimitMSGQUEUE 800K"},
        {"LimitNICE 20", "LimitNICE 20"},
        {"LimitRTPRIO 0", "LimitRTPRIO 0"},
        {"LimitRTTIME 200000", "LimitRTTIME 200000"},
        {"NoNewPrivileges no", "NoNewPrivileges no"},
        {"CapabilityBoundingSet CAP_NET_BIND_SERVICE cap_chown",
                "CapabilityBoundingSet CAP_CHOWN CAP_NET_BIND_SERVICE"},
        {"SystemCallFilter @nsshell-default ~ptrace ~kexec_load",
                "SystemCallFilter @nsshell-default ~ptrace kexec_load"},
        {"SystemCallFilter ~ptrace kexec_load ~@nsshell-default",
                "SystemCallFilter @nsshell-default ~ptrace kexec_load"},
        {"SystemCallFilter ~@swap:EUCLEAN ptrace:13",
                "SystemCallFilter @nsshell-default ~swapoff:EUCLEAN "
                "swapon:EUCLEAN ptrace:EACCES"},
        /* unknown names are kept, and ignored when the filter is resolved (as systemd) */
        {"SystemCallFilter ~no_such_syscall ~@no-such-group", "SystemCallFilter @nsshell-default"},
        {"SystemCallErrorNumber EACCES", "SystemCallErrorNumber EACCES"},
        {"SystemCallErrorNumber 1", "SystemCallErrorNumber EPERM"},
        {"SystemCallErrorNumber kill", "SystemCallErrorNumber kill"},
        {"SystemCallFilter \"\"", "SystemCallFilter \"\""},
        {"RestrictNamespaces yes", "RestrictNamespaces yes"},
        {"RestrictNamespaces no", "RestrictNamespaces no"},
        {"RestrictNamespaces user net", "RestrictNamespaces net user"},
        {"RestrictNamespaces ~user mount", "RestrictNamespaces cgroup ipc net pid uts"},
        {"RestrictNamespaces cgroup ipc net mnt pid user uts", "RestrictNamespaces no"},
        {"RestrictNamespaces \"\"", "RestrictNamespaces"},
        {"RestrictAddressFamilies AF_INET6 AF_UNIX", "RestrictAddressFamilies AF_UNIX AF_INET6"},
        {"RestrictAddressFamilies ~AF_PACKET AF_NETLINK", "RestrictAddressFamilies ~AF_NETLINK AF_PACKET"},
        {"RestrictAddressFamilies none", "RestrictAddressFamilies none"},
        {"RestrictAddressFamilies AF_LOCAL AF_ROUTE", "RestrictAddressFamilies AF_UNIX AF_NETLINK"},
        {"RestrictAddressFamilies \"\"", "RestrictAddressFamilies"},
        {"RestrictSUIDSGID yes", "RestrictSUIDSGID yes"},
        {"LockPersonality yes", "LockPersonality yes"},
        {"MemoryDenyWriteExecute true", "MemoryDenyWriteExecute yes"},
        {"RestrictRealtime on", "RestrictRealtime yes"},
        {"SystemCallArchitectures native", "SystemCallArchitectures native"},
        {"SystemCallArchitectures x32 x86 native x86-64", "SystemCallArchitectures native x86 x86-64 x32"},
        {"SystemCallArchitectures arm64 s390x mips64-le-n32",
                "SystemCallArchitectures arm64 mips64-le-n32 s390x"},
        {"SystemCallArchitectures native native", "SystemCallArchitectures native"},
        {"SystemCallArchitectures \"\"", "SystemCallArchitectures"},
        {"KillOnLogout no", "KillOnLogout no"},
        {"MaxSessions 10", "MaxSessions 10"},
        {"RuntimeMaxSec 1h30min", "RuntimeMaxSec 5400"},
        {"RuntimeMaxSec infinity", "RuntimeMaxSec infinity"},
        {"TimeoutStopSec 10", "TimeoutStopSec 10"},
        {"TimeoutStopSec 1min30s", "TimeoutStopSec 90"},
        {"TimeoutStopSec 0", "TimeoutStopSec 0"},
        {"TimeoutStopSec 5min", "TimeoutStopSec 300"},
        {"Shell /bin/zsh", "Shell /bin/zsh"},
        {"Environment A=1 \"B=two words\" C=", "Environment A=1 \"B=two words\" C="},
        /* process (issue 14) */
        {"UMask 0027", "UMask 0027"},
        {"UMask 077", "UMask 0077"},
        {"UMask 0", "UMask 0000"},
        {"UMask 7777", "UMask 7777"},
        {"Nice 10", "Nice 10"},
        {"Nice -20", "Nice -20"},
        {"Nice 19", "Nice 19"},
        {"OOMScoreAdjust 500", "OOMScoreAdjust 500"},
        {"OOMScoreAdjust -1000", "OOMScoreAdjust -1000"},
        {"IOSchedulingClass idle", "IOSchedulingClass idle"},
        {"IOSchedulingClass Best-Effort", "IOSchedulingClass best-effort"},
        {"IOSchedulingClass realtime", "IOSchedulingClass realtime"},
        {"IOSchedulingPriority 7", "IOSchedulingPriority 7"},
        {"IOSchedulingPriority 0", "IOSchedulingPriority 0"},
        {"PassEnvironment FOO BAR_2", "PassEnvironment FOO BAR_2"},
        {"UnsetEnvironment FOO A=1 \"B=two words\"", "UnsetEnvironment FOO A=1 \"B=two words\""},
        {"EnvironmentFile /etc/env -/etc/env.d/x", "EnvironmentFile /etc/env -/etc/env.d/x"},
        {"Network nat", "Network nat"},
        {"Network NONE", "Network none"},
        {"Network host", "Network host"},
        {"NetworkPool 10.213.0.0/16", "NetworkPool 10.213.0.0/16"},
        {"NetworkPool 192.168.77.0/30", "NetworkPool 192.168.77.0/30"},
        {"IPAddressAllow 198.51.100.0/24 localhost", "IPAddressAllow 198.51.100.0/24 localhost"},
        {"IPAddressDeny ANY Link-Local multicast", "IPAddressDeny any link-local multicast"},
        {"IPAddressDeny 169.254.169.254", "IPAddressDeny 169.254.169.254/32"},
        {"IPAddressDeny 10.1.2.3/8 10.0.0.0/8", "IPAddressDeny 10.0.0.0/8"},
        {"IPAddressAllow 0.0.0.0/0", "IPAddressAllow 0.0.0.0/0"},
};

static void test_good_values(void **state) {
        for (size_t i = 0; i < ELEMENTSOF(good); i++) {
                _cleanup_policy_free_ policy *p = NULL;
                _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
                _cleanup_free_ char *out = NULL;
                size_t n = strcspn(good[i].line, " =");
                char name[64];

                print_message("good: %s\n", good[i].line);
                assert_int_equal(policy_new_default(&p), 0);
                assert_int_equal(apply_line(p, good[i].line, &err), 0);
                memcpy(name, good[i].line, n);
                name[n] = '\0';
                out = format_one(p, name);
                assert_string_equal(out, good[i].formatted);
        }
}

static const struct {
        const char *line;
        const char *message_part;
} bad[] = {
        {"Isolate maybe", "expected yes or no"},
        {"Isolate", "expected a value"},
        {"Isolate \"\"", "expected a value"},
        {"Isolate yes no", "expected one value"},
        {"Namespaces mount time", "expected namespace names"},
        {"Namespaces \"\"", "expected a value"},
        {"Hostname -bad", "expected a host name"},
        {"Hostname a_b", "expected a host name"},
        {"Hostname a%b", "expected a host name"},
        {"Hostname 01234567890123456789012345678901234567890123456789012345678901234",
                "expected a host name"},
        {"ProtectSystem sometimes", "expected one of no, yes, full, strict"},
        {"ProtectHome others2", "expected one of no, yes, read-only, tmpfs, others"},
        /* issue 14, protect: systemd takes no boolean for ProtectProc and ProcSubset */
        {"PrivateDevices maybe", "expected yes or no"},
        {"ProtectClock", "expected a value"},
        {"ProtectKernelLogs yes no", "expected one value"},
        {"ProtectProc yes", "expected one of default, noaccess, invisible, ptraceable"},
        {"ProtectProc hidden", "expected one of default, noaccess, invisible, ptraceable"},
        {"ProcSubset yes", "expected one of all, pid"},
        {"ProcSubset sys", "expected one of all, pid"},
        {"ReadOnlyPaths relative", "expected an absolute path"},
        {"ReadWritePaths /a/../etc", "expected an absolute path"},
        {"InaccessiblePaths /ok \"\"", "expected an absolute path"},
        {"BindPaths /a:b", "SOURCE[:DEST"},
        {"BindReadOnlyPaths a:/b", "SOURCE[:DEST"},
        {"TemporaryFileSystem tmp", "expected an absolute path"},
        {"PrivateRun sometimes", "expected yes or no"},
        {"TmpfsSize 0", "expected a size in bytes"},
        {"TmpfsSize 0%", "percentage of memory from 1% to 100%"},
        {"TmpfsSize 101%", "expected a size"},
        {"TmpfsSize infinity", "expected a size"},
        {"TmpfsSize -1M", "expected a size"},
        {"TmpfsSize 10%%", "expected a size"},
        {"TmpfsSize 1M 2M", "expected one value"},
        {"CgroupRoot /sys/fs/cgroup/", "under /sys/fs/cgroup/"},
        {"CgroupRoot /tmp/x", "under /sys/fs/cgroup/"},
        {"CgroupRoot /sys/fs/cgroup/../x", "under /sys/fs/cgroup/"},
        {"CgroupLimits sometimes", "expected one of require, warn"},
        {"CgroupLimits yes", "expected one of require, warn"},
        {"MemoryMax 2X", "expected a size"},
        {"MemoryHigh -1", "expected a size"},
        {"MemorySwapMax 1.5G", "expected a size"},
        {"TasksMax 0", "expected a number from 1"},
        {"TasksMax 10%", "expected a number from 1"},
        {"CPUQuota 50", "expected a percentage"},
        {"CPUQuota 0%", "expected a percentage"},
        {"CPUWeight 0", "from 1 to 10000"},
        {"IOWeight 10001", "from 1 to 10000"},
        {"CPUWeight infinity", "from 1 to 10000"},
        {"LimitNOFILE 4096:1024", "soft limit above hard"},
        {"LimitNOFILE 1K", "expected VALUE or SOFT:HARD"},
        {"LimitNOFILE 1:2:3", "expected VALUE or SOFT:HARD"},
        {"LimitNOFILE :", "expected VALUE or SOFT:HARD"},
        {"LimitAS 4Q", "expected VALUE or SOFT:HARD"},
        {"LimitCPU 5w", "expected VALUE or SOFT:HARD"},
        {"LimitNOTHING 5", NULL},
        {"CapabilityBoundingSet CAP_NOPE", "expected capability names"},
        {"CapabilityBoundingSet 12", "expected capability names"},
        {"SystemCallFilter ~ptrace:ENOPE", "expected [~]SYSCALL"},
        {"SystemCallFilter ~ptrace:0", "expected [~]SYSCALL"},
        {"SystemCallFilter \"~pt race\"", "expected [~]SYSCALL"},
        {"SystemCallFilter ~", "expected [~]SYSCALL"},
        {"SystemCallFilter ptrace ~bpf", "inverts the whole line"},
        {"SystemCallErrorNumber ENOPE", "expected an errno name"},
        {"SystemCallErrorNumber 4096", "expected an errno name"},
        {"CapabilityBoundingSet CAP_KILL ~CAP_CHOWN", "expected capability names"},
        {"RestrictNamespaces time", "expected yes, no, or namespace kinds"},
        {"RestrictNamespaces yes user", "expected yes, no, or namespace kinds"},
        {"RestrictNamespaces user ~net", "expected yes, no, or namespace kinds"},
        {"RestrictAddressFamilies AF_NOPE", "expected none, or address family names"},
        {"RestrictAddressFamilies af_inet", "expected none, or address family names"},
        {"RestrictAddressFamilies none AF_UNIX", "expected none, or address family names"},
        {"RestrictAddressFamilies AF_UNIX ~AF_INET", "expected none, or address family names"},
        /* systemd ignores an unknown architecture; nsshell refuses it (a typo
         * would refuse the ABI meant to be allowed) */
        {"SystemCallArchitectures x86_64", "expected architecture identifiers"},
        {"SystemCallArchitectures native i386", "expected architecture identifiers"},
        {"SystemCallArchitectures Native", "expected architecture identifiers"},
        {"SystemCallArchitectures ~x86", "expected architecture identifiers"},
        {"LockPersonality maybe", "expected yes or no"},
        {"MaxSessions 0", "expected a number from 1"},
        {"RuntimeMaxSec soon", "expected a time span"},
        {"TimeoutStopSec infinity", "infinity is not allowed"},
        {"TimeoutStopSec 301", "expected at most 300s"},
        {"TimeoutStopSec 1h", "expected at most 300s"},
        {"TimeoutStopSec -1", "expected a time span"},
        {"TimeoutStopSec 5ms", "expected a time span"},
        {"TimeoutStopSec", "expected"},
        {"Shell bash", "expected an absolute path"},
        {"Shell", "expected a value"},
        {"Environment NOEQUALS", "expected KEY=VALUE"},
        {"Environment 1A=b", "expected KEY=VALUE"},
        {"Environment =b", "expected KEY=VALUE"},
        {"Environment A-B=c", "expected KEY=VALUE"},
        {"Environment HOME=/tmp", "set from the user's account"},
        {"Environment A=1 LOGNAME=root", "set from the user's account"},
        {"UMask 0999", "expected an octal mask"},
        {"UMask 17777", "expected an octal mask"},
        {"UMask -022", "expected an octal mask"},
        {"UMask u=rwx", "expected an octal mask"},
        {"Nice 20", "expected a number from -20 to 19"},
        {"Nice -21", "expected a number from -20 to 19"},
        {"Nice high", "expected a number from -20 to 19"},
        {"Nice --1", "expected a number from -20 to 19"},
        {"OOMScoreAdjust 1001", "expected a number from -1000 to 1000"},
        {"OOMScoreAdjust -1001", "expected a number from -1000 to 1000"},
        {"IOSchedulingClass none", "expected one of realtime, best-effort, idle"},
        {"IOSchedulingClass \"\"", "expected a value"},
        {"IOSchedulingPriority 8", "expected a number from 0 to 7"},
        {"PassEnvironment A=1", "expected variable names"},
        {"PassEnvironment 1A", "expected variable names"},
        {"UnsetEnvironment A-B", "expected variable names or KEY=VALUE"},
        {"UnsetEnvironment A=1 -B", "expected variable names or KEY=VALUE"},
        {"EnvironmentFile etc/env", "expected an absolute path"},
        {"EnvironmentFile -", "expected an absolute path"},
        {"EnvironmentFile /etc/../env", "expected an absolute path"},
        {"Network bridge", "expected none, host or nat"},
        {"Network \"\"", "expected a value"},
        {"Network nat host", "expected one value"},
        {"NetworkPool 10.213.0.0", "expected an IPv4 prefix"},
        {"NetworkPool 10.0.0.0/31", "expected an IPv4 prefix"},
        {"NetworkPool 10.0.0.0/7", "expected an IPv4 prefix"},
        {"NetworkPool fd00::/64", "expected an IPv4 prefix"},
        {"NetworkPool 10.213.0.0/016", "expected an IPv4 prefix"},
        {"IPAddressAllow ::1", "IPv6 is not supported"},
        {"IPAddressAllow 10.0.0.0/33", "expected any, localhost"},
        {"IPAddressDeny 256.0.0.1", "expected any, localhost"},
        {"IPAddressDeny 10.0.0.0/8 everywhere", "expected any, localhost"},
        {"IPAddressDeny 10.0.0.0/ 1.2.3.4", "expected any, localhost"},
};

static void test_bad_values(void **state) {
        for (size_t i = 0; i < ELEMENTSOF(bad); i++) {
                _cleanup_policy_free_ policy *p = NULL;
                _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
                int r;

                print_message("bad: %s\n", bad[i].line);
                assert_int_equal(policy_new_default(&p), 0);
                r = apply_line(p, bad[i].line, &err);
                if (!bad[i].message_part) {
                        assert_int_equal(r, -ENOENT);
                        continue;
                }
                assert_int_equal(r, -EINVAL);
                assert_non_null(strstr(err.msg, bad[i].message_part));
        }
}

static void test_lists_accumulate_and_clear(void **state) {
        _cleanup_policy_free_ policy *p = NULL;
        ns_error err = NS_ERROR_INIT;

        assert_int_equal(policy_new_default(&p), 0);
        assert_int_equal(apply_line(p, "ReadOnlyPaths /a", &err), 0);
        assert_int_equal(apply_line(p, "ReadOnlyPaths /b /c", &err), 0);
        assert_string_equal(p->read_only_paths[2], "/c");
        assert_int_equal(apply_line(p, "ReadOnlyPaths \"\"", &err), 0);
        assert_null(p->read_only_paths);
        assert_int_equal(apply_line(p, "ReadOnlyPaths=", &err), 0);
        assert_null(p->read_only_paths);

        /* BindPaths stay before BindReadOnlyPaths; each "" clears only its own kind */
        assert_int_equal(apply_line(p, "BindReadOnlyPaths /ro1", &err), 0);
        assert_int_equal(apply_line(p, "BindPaths /rw1:/x", &err), 0);
        assert_int_equal(apply_line(p, "BindReadOnlyPaths /ro2", &err), 0);
        assert_int_equal(apply_line(p, "BindPaths /rw2", &err), 0);
        assert_int_equal(p->n_binds, 4);
        assert_string_equal(p->binds[0].source, "/rw1");
        assert_string_equal(p->binds[0].dest, "/x");
        assert_string_equal(p->binds[1].dest, "/rw2");
        assert_true(p->binds[2].read_only && p->binds[3].read_only);
        assert_int_equal(apply_line(p, "BindPaths \"\"", &err), 0);
        assert_int_equal(p->n_binds, 2);
        assert_string_equal(p->binds[0].source, "/ro1");

        /* capabilities and syscalls are lists too; Environment keeps one entry per key */
        assert_int_equal(apply_line(p, "CapabilityBoundingSet CAP_CHOWN", &err), 0);
        assert_int_equal(apply_line(p, "CapabilityBoundingSet CAP_KILL", &err), 0);
        assert_true(p->capability_bounding_set == ((UINT64_C(1) << 0) | (UINT64_C(1) << 5)));
        assert_int_equal(apply_line(p, "CapabilityBoundingSet \"\"", &err), 0);
        assert_true(p->capability_bounding_set == 0);
        /* "~" inverts every capability but the listed ones, as systemd; lines still add */
        assert_int_equal(apply_line(p, "CapabilityBoundingSet ~CAP_SYS_ADMIN CAP_CHOWN", &err), 0);
        assert_true(p->capability_bounding_set & (UINT64_C(1) << CAP_KILL));
        assert_false(p->capability_bounding_set & (UINT64_C(1) << CAP_SYS_ADMIN));
        assert_false(p->capability_bounding_set & (UINT64_C(1) << CAP_CHOWN));
        assert_false(p->capability_bounding_set >> cap_max_bits());
        assert_int_equal(apply_line(p, "CapabilityBoundingSet CAP_SYS_ADMIN", &err), 0);
        assert_true(p->capability_bounding_set & (UINT64_C(1) << CAP_SYS_ADMIN));
        assert_int_equal(apply_line(p, "CapabilityBoundingSet \"\"", &err), 0);
        assert_int_equal(apply_line(p, "SystemCallFilter ~ptrace", &err), 0);
        assert_int_equal(apply_line(p, "SystemCallFilter ~ptrace bpf", &err), 0);
        assert_true(p->syscall_filter_default);
        /* each entry keeps the line's "~", for the cascade's replay */
        assert_string_equal(p->syscall_filter[2], "~bpf");
        assert_null(p->syscall_filter[3]);
        assert_int_equal(apply_line(p, "SystemCallFilter \"\"", &err), 0);
        assert_false(p->syscall_filter_default);
        assert_null(p->syscall_filter);
        assert_int_equal(apply_line(p, "Environment A=1 B=2", &err), 0);
        assert_int_equal(apply_line(p, "Environment A=3", &err), 0);
        assert_string_equal(p->environment[0], "B=2");
        assert_string_equal(p->environment[1], "A=3");
        assert_null(p->environment[2]);
        assert_int_equal(err.code, 0);
}

/* IPAddressAllow/IPAddressDeny accumulate across lines and "" resets, as in
 * systemd; duplicates (after canonicalisation) are kept once. */
static void test_ip_address_lists(void **state) {
        _cleanup_policy_free_ policy *p = NULL;
        ns_error err = NS_ERROR_INIT;

        assert_int_equal(policy_new_default(&p), 0);
        assert_int_equal(p->network, NETWORK_UNSET);
        assert_int_equal(p->network_pool.len, 0);
        assert_int_equal(apply_line(p, "IPAddressDeny link-local", &err), 0);
        assert_int_equal(apply_line(p, "IPAddressDeny 10.0.0.0/8 Link-Local", &err), 0);
        assert_int_equal(strv_length(p->ip_address_deny), 2);
        assert_string_equal(p->ip_address_deny[1], "10.0.0.0/8");
        assert_int_equal(apply_line(p, "IPAddressDeny=", &err), 0);
        assert_null(p->ip_address_deny);
        /* a bad word leaves the list as it was */
        assert_int_equal(apply_line(p, "IPAddressAllow 192.0.2.1", &err), 0);
        assert_true(apply_line(p, "IPAddressAllow 192.0.2.2 nowhere", &err) < 0);
        assert_int_equal(strv_length(p->ip_address_allow), 1);
        ns_error_done(&err);
}

static void test_rlimit_fields(void **state) {
        _cleanup_policy_free_ policy *p = NULL;
        ns_error err = NS_ERROR_INIT;

        assert_int_equal(policy_new_default(&p), 0);
        assert_int_equal(apply_line(p, "LimitNOFILE 1024:infinity", &err), 0);
        assert_true(p->rlimits[RLIMIT_NOFILE].set);
        assert_true(p->rlimits[RLIMIT_NOFILE].soft == 1024);
        assert_true(p->rlimits[RLIMIT_NOFILE].hard == RLIM_INFINITY);
        assert_int_equal(apply_line(p, "LimitCPU 2min", &err), 0);
        assert_true(p->rlimits[RLIMIT_CPU].soft == 120 && p->rlimits[RLIMIT_CPU].hard == 120);
        assert_int_equal(apply_line(p, "CPUQuota 20%", &err), 0);
        assert_true(p->cpu_quota_percent.set && p->cpu_quota_percent.value == 20);
        assert_int_equal(apply_line(p, "RuntimeMaxSec 90", &err), 0);
        assert_true(p->runtime_max_usec.value == 90000000);
        assert_true(p->timeout_stop_usec == POLICY_TIMEOUT_STOP_DEFAULT_USEC);
        assert_int_equal(apply_line(p, "TimeoutStopSec 2", &err), 0);
        assert_true(p->timeout_stop_usec == 2000000);
}

/* nsshell --check: the SystemCallFilter settings under which no shell can
 * start, "FILE:LINE: ..." of the last line that applies, per block. */
static char **filter_errors(const char *text) {
        _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
        _cleanup_conf_free_ conf *c = NULL;
        char **l = NULL;

        assert_int_equal(conf_load_from_buffer("t.conf", text, strlen(text), NULL, &c, &err), 0);
        assert_int_equal(syscall_filter_conf_errors(c, &l), 0);
        return l;
}

static void test_syscall_filter_refusing_every_login(void **state) {
        _cleanup_strv_free_ char **l = NULL;

        /* the old meaning of @default, alone: an allow-list of the basic calls */
        l = filter_errors("Isolate yes\nSystemCallFilter @default\n");
        assert_non_null(l);
        assert_null(l[1]);
        assert_non_null(
                strstr(l[0], "t.conf:2: SystemCallFilter: this allow-list leaves out openat(), read()"));
        assert_non_null(strstr(l[0], "@nsshell-default"));
        strv_free(l);
        /* only the block that adds nothing useful is named */
        l = filter_errors("SystemCallFilter @nsshell-default\nMatch User a\nSystemCallFilter @basic-io\n"
                          "Match User b\nSystemCallFilter @system-service\n");
        assert_non_null(l);
        assert_null(l[1]);
        assert_non_null(strstr(l[0], "t.conf:3: SystemCallFilter: this allow-list leaves out openat()"));
        assert_non_null(strstr(l[0], "matched by this block"));
        assert_null(strstr(l[0], "@nsshell-default"));
        strv_free(l);
        /* a deny-list refusing execve */
        l = filter_errors("SystemCallFilter ~ptrace execve\n");
        assert_non_null(l);
        assert_non_null(strstr(l[0], "t.conf:1: SystemCallFilter: this deny-list refuses execve()"));
        strv_free(l);
        /* the cascade: a later line adds what was missing, or an empty one clears the filter */
        l = filter_errors("SystemCallFilter @default\nSystemCallFilter @system-service\n");
        assert_null(l);
        l = filter_errors("SystemCallFilter @default\nMatch User a\nSystemCallFilter \"\"\n");
        assert_non_null(l); /* the top level alone still refuses every other login */
        assert_null(l[1]);
        assert_non_null(strstr(l[0], "t.conf:1:"));
        strv_free(l);
        l = filter_errors("SystemCallFilter @nsshell-default ~@mount\n");
        assert_null(l);
}

/* systemd merges later lines into the first: lists add (or, with "~",
 * take away); yes/no and none replace; "" resets. */
static void test_restrict_lines_merge(void **state) {
        static const struct {
                const char *lines[3];
                const char *formatted;
        } cases[] = {
                {{"RestrictNamespaces user", "RestrictNamespaces net"}, "RestrictNamespaces net user"},
                {{"RestrictNamespaces ~user", "RestrictNamespaces ~net"},
                        "RestrictNamespaces cgroup ipc mnt pid uts"},
                {{"RestrictNamespaces no", "RestrictNamespaces ~user"},
                        "RestrictNamespaces cgroup ipc net mnt pid uts"},
                {{"RestrictNamespaces user", "RestrictNamespaces yes"}, "RestrictNamespaces yes"},
                {{"RestrictNamespaces user", "RestrictNamespaces \"\"", "RestrictNamespaces ~net"},
                        "RestrictNamespaces cgroup ipc mnt pid user uts"},
                {{"RestrictAddressFamilies AF_UNIX", "RestrictAddressFamilies AF_INET"},
                        "RestrictAddressFamilies AF_UNIX AF_INET"},
                {{"RestrictAddressFamilies AF_UNIX AF_INET", "RestrictAddressFamilies ~AF_INET"},
                        "RestrictAddressFamilies AF_UNIX"},
                {{"RestrictAddressFamilies ~AF_PACKET", "RestrictAddressFamilies ~AF_NETLINK"},
                        "RestrictAddressFamilies ~AF_NETLINK AF_PACKET"},
                {{"RestrictAddressFamilies ~AF_PACKET", "RestrictAddressFamilies AF_PACKET"},
                        "RestrictAddressFamilies"},
                {{"RestrictAddressFamilies AF_UNIX", "RestrictAddressFamilies none",
                         "RestrictAddressFamilies ~AF_PACKET"},
                        "RestrictAddressFamilies ~AF_PACKET"},
                {{"RestrictAddressFamilies AF_UNIX", "RestrictAddressFamilies \"\""},
                        "RestrictAddressFamilies"},
                {{"SystemCallArchitectures native", "SystemCallArchitectures x86"},
                        "SystemCallArchitectures native x86"},
                {{"SystemCallArchitectures native x86", "SystemCallArchitectures \"\"",
                         "SystemCallArchitectures x32"},
                        "SystemCallArchitectures x32"},
                {{"SystemCallArchitectures native", "SystemCallArchitectures \"\""},
                        "SystemCallArchitectures"},
        };

        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                _cleanup_policy_free_ policy *p = NULL;
                _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
                _cleanup_free_ char *out = NULL;
                char name[64];

                assert_int_equal(policy_new_default(&p), 0);
                for (size_t l = 0; l < 3 && cases[i].lines[l]; l++) {
                        print_message("merge: %s\n", cases[i].lines[l]);
                        assert_int_equal(apply_line(p, cases[i].lines[l], &err), 0);
                }
                snprintf(name, sizeof(name), "%.*s", (int) strcspn(cases[i].lines[0], " "),
                        cases[i].lines[0]);
                out = format_one(p, name);
                assert_string_equal(out, cases[i].formatted);
        }
}

static void test_every_row_has_callbacks_and_unique_name(void **state) {
        size_t n;
        const conf_directive *t = conf_directives(&n);
        int limits = 0;

        for (size_t i = 0; i < n; i++) {
                assert_non_null(t[i].parse);
                assert_non_null(t[i].format);
                assert_ptr_equal(conf_directive_find(t[i].name), &t[i]);
                limits += strncmp(t[i].name, "Limit", 5) == 0;
        }
        assert_int_equal(limits, 16);
        assert_null(conf_directive_find("Match"));
        assert_null(conf_directive_find("Include"));
}

/* The paths part of issue 14: "-" (ignore if missing), Bind*Paths' third
 * field, TemporaryFileSystem's flags and options, NoExecPaths/ExecPaths. */
static const struct {
        const char *line, *formatted; /* formatted NULL: refused with message_part */
        const char *message_part;
} path_cases[] = {
        {"ReadOnlyPaths -/a /b", "ReadOnlyPaths -/a /b", NULL},
        {"ReadWritePaths -/srv", "ReadWritePaths -/srv", NULL},
        {"InaccessiblePaths -/x", "InaccessiblePaths -/x", NULL},
        {"NoExecPaths /tmp -/home", "NoExecPaths /tmp -/home", NULL},
        {"ExecPaths /home/%u/bin", "ExecPaths /home/%u/bin", NULL},
        {"BindPaths -/a", "BindPaths -/a", NULL},
        {"BindPaths -/a:/b", "BindPaths -/a:/b", NULL},
        {"BindReadOnlyPaths /a:/b:rbind", "BindReadOnlyPaths /a:/b", NULL},
        {"BindReadOnlyPaths /a:/a:norbind", "BindReadOnlyPaths /a:/a:norbind", NULL},
        {"TemporaryFileSystem /usr:ro", "TemporaryFileSystem /usr:ro", NULL},
        {"TemporaryFileSystem /srv:nosuid,nodev,noexec,strictatime,mode=0700,size=10%",
                "TemporaryFileSystem /srv:nosuid,nodev,noexec,strictatime,mode=0700,size=10%", NULL},
        {"TemporaryFileSystem /srv:suid,dev,exec,rw,nostrictatime,nr_inodes=1k,uid=0,gid=0,huge=never",
                "TemporaryFileSystem "
                "/srv:suid,dev,exec,rw,nostrictatime,nr_inodes=1k,uid=0,gid=0,huge=never",
                NULL},
        {"ReadOnlyPaths --/a", NULL, "\"-\" in front"},
        {"ReadOnlyPaths -", NULL, "expected an absolute path"},
        {"NoExecPaths tmp", NULL, "expected an absolute path"},
        {"ExecPaths /a/../b", NULL, "expected an absolute path"},
        {"BindPaths -a", NULL, "[-]SOURCE[:DEST[:rbind|norbind]]"},
        {"BindPaths /a:/b:bogus", NULL, "[-]SOURCE[:DEST[:rbind|norbind]]"},
        {"BindPaths /a:/b:rbind:x", NULL, "[-]SOURCE[:DEST[:rbind|norbind]]"},
        {"BindPaths /a:-/b", NULL, "[-]SOURCE[:DEST[:rbind|norbind]]"},
        {"TemporaryFileSystem /srv:bogus", NULL, "option \"bogus\""},
        {"TemporaryFileSystem /srv:mode=999", NULL, "option \"mode=999\""},
        {"TemporaryFileSystem /srv:size=lots", NULL, "option \"size=lots\""},
        {"TemporaryFileSystem /srv:uid=x", NULL, "option \"uid=x\""},
        {"TemporaryFileSystem /srv:huge=sometimes", NULL, "option \"huge=sometimes\""},
        {"TemporaryFileSystem srv:ro", NULL, "expected an absolute path"},
};

static void test_path_directives(void **state) {
        for (size_t i = 0; i < ELEMENTSOF(path_cases); i++) {
                _cleanup_policy_free_ policy *p = NULL;
                _cleanup_(ns_error_done) ns_error err = NS_ERROR_INIT;
                _cleanup_free_ char *s = NULL;
                const char *name_end = strchr(path_cases[i].line, ' ');
                _cleanup_free_ char *name = strndup(path_cases[i].line, name_end - path_cases[i].line);
                int r;

                print_message("paths: %s\n", path_cases[i].line);
                assert_int_equal(policy_new_default(&p), 0);
                r = apply_line(p, path_cases[i].line, &err);
                if (!path_cases[i].formatted) {
                        assert_int_equal(r, -EINVAL);
                        assert_non_null(strstr(err.msg, path_cases[i].message_part));
                        continue;
                }
                assert_int_equal(r, 0);
                s = format_one(p, name);
                assert_string_equal(s, path_cases[i].formatted);
        }
}

static void test_bind_fields(void **state) {
        _cleanup_policy_free_ policy *p = NULL;
        ns_error err = NS_ERROR_INIT;

        assert_int_equal(policy_new_default(&p), 0);
        assert_int_equal(apply_line(p, "BindReadOnlyPaths -/src:/dst:norbind /plain", &err), 0);
        assert_int_equal(p->n_binds, 2);
        assert_string_equal(p->binds[0].source, "/src");
        assert_string_equal(p->binds[0].dest, "/dst");
        assert_true(p->binds[0].optional && p->binds[0].no_recursive && p->binds[0].read_only);
        assert_string_equal(p->binds[1].dest, "/plain");
        assert_false(p->binds[1].optional || p->binds[1].no_recursive);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_good_values),
                cmocka_unit_test(test_bad_values),
                cmocka_unit_test(test_lists_accumulate_and_clear),
                cmocka_unit_test(test_ip_address_lists),
                cmocka_unit_test(test_rlimit_fields),
                cmocka_unit_test(test_syscall_filter_refusing_every_login),
                cmocka_unit_test(test_restrict_lines_merge),
                cmocka_unit_test(test_every_row_has_callbacks_and_unique_name),
                cmocka_unit_test(test_path_directives),
                cmocka_unit_test(test_bind_fields),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
