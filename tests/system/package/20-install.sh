#!/bin/bash
# The packages as an admin installs them: `dpkg -i` in a fresh guest (no
# network; the image has the runtime libraries), then pam-auth-update.
# - Installed, nothing changes yet: the profile is Default no.
# - The policy is a conffile, nsshell.conf.d ships empty, nsshell is mode
#   0711, nothing is added to /etc/shells, the man pages are there.
# - the shipped policy logs a user in isolated on this stock systemd server;
# - pam-auth-update --enable nsshell puts the module last in common-session
#   (after pam_systemd) and common-session-noninteractive; then alice's ssh
#   login is isolated (own network namespace, logind's session scope, the
#   PAM-only hardening) and carol's and root's are not.
# The guest keeps its state for the next package tests (21, 22, 23).
set -uo pipefail
# shellcheck source=tests/system/lib.sh
. "$(dirname "$0")/../lib.sh"

fail() {
	echo "FAIL: $*"
	exit 1
}

vm_root 'ls /root/debs/current' || fail "no packages in /root/debs (nsshell-sys-apply)"
vm_root 'dpkg -i /root/debs/current/*.deb' || fail "dpkg -i failed"
echo "# dpkg -i of nsshell and libpam-nsshell: installed"
vm_root 'grep -l pam_nsshell /etc/pam.d/*' && fail "installing enabled the module: the profile is Default no"
vm_root 'test -f /usr/share/pam-configs/nsshell' || fail "no pam-auth-update profile"
echo "# installed, no stack changed (the profile is Default no)"

conffiles=$(vm_root "dpkg-query -W -f='\${Conffiles}' nsshell")
echo "conffiles: $conffiles"
grep -q '^ */etc/nsshell/nsshell.conf [0-9a-f]*$' <<<"$conffiles" || fail "/etc/nsshell/nsshell.conf is not a conffile"
# shellcheck disable=SC2016 # for the guest's shell
vm_root 'test -d /etc/nsshell/nsshell.conf.d && [ -z "$(ls -A /etc/nsshell/nsshell.conf.d)" ]' ||
	fail "/etc/nsshell/nsshell.conf.d missing or not empty"
[ "$(vm_root 'stat -c %a /usr/bin/nsshell')" = 711 ] || fail "/usr/bin/nsshell is not mode 0711"
vm_root 'grep -q nsshell /etc/shells' && fail "the package added nsshell to /etc/shells"
vm_root 'ls /usr/share/man/man1/nsshell.1.gz /usr/share/man/man5/nsshell.conf.5.gz /usr/share/man/man8/pam_nsshell.8.gz' ||
	fail "man pages missing"
vm_root 'nsshell --check' || fail "nsshell --check refuses the shipped policy"
echo "# conffile, empty nsshell.conf.d, nsshell 0711, /etc/shells untouched, man pages, shipped policy passes --check"

vm_root 'DEBIAN_FRONTEND=noninteractive pam-auth-update --enable nsshell' || fail "pam-auth-update --enable nsshell failed"

# The shipped policy, as installed, on this stock systemd server: carol (UID
# 1003, in its 1000-60000 range) logs in isolated with every protection it
# turns on (PrivateDevices, ProtectProc, NoExecPaths, the filters, limits on
# her slice), and scp works; root is left alone.
host_net=$(vm_host_net)
c=$(vm_ssh carol "$VM_PROBE; ls /dev | tr '\n' ' '") ||
	fail "carol's login under the shipped policy failed"
echo "carol (shipped policy): $(tr '\n' ' ' <<<"$c")"
[ "$(sed -n 1p <<<"$c")" != "$host_net" ] || fail "carol is not isolated under the shipped policy"
grep -q '^Seccomp:2$' <<<"$c" || fail "carol's session has no seccomp filter under the shipped policy"
grep -qw vda <<<"$c" && fail "carol's /dev shows the disk (PrivateDevices)"
echo shipped-policy >"$VM_SYSDIR/run/scp-probe"
vm_scp() { scp -q -i "$VM_KEY" -P "$VM_PORT" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
	-o BatchMode=yes -o LogLevel=ERROR "$@"; }
if ! vm_scp "$VM_SYSDIR/run/scp-probe" carol@127.0.0.1:probe ||
	! vm_scp carol@127.0.0.1:probe "$VM_SYSDIR/run/scp-back" ||
	! cmp -s "$VM_SYSDIR/run/scp-probe" "$VM_SYSDIR/run/scp-back"; then
	fail "scp to and from carol's home failed"
fi
r=$(vm_ssh root "$VM_PROBE") || fail "root's login failed"
[ "$(sed -n 1p <<<"$r")" = "$host_net" ] || fail "root is isolated under the shipped policy"
echo "# the shipped policy on this stock systemd host: carol isolated (own net, seccomp, no disk in /dev), scp works, root left alone"

# The test policy (alice, bob, dave isolated; carol and root not), as an
# admin edits the conffile.
vm_root 'cp /root/debs/nsshell.conf /etc/nsshell/nsshell.conf && nsshell --check' || fail "installing the test policy failed"
modules=$(vm_root "awk '!/^#/ && NF >= 3 { print \$3 }' /etc/pam.d/common-session")
echo "common-session: $(tr '\n' ' ' <<<"$modules")"
[ "$(tail -n 1 <<<"$modules")" = pam_nsshell.so ] || fail "pam_nsshell is not the last module of common-session"
[ "$(grep -n -x pam_systemd.so <<<"$modules" | cut -d: -f1)" -lt "$(grep -n -x pam_nsshell.so <<<"$modules" | cut -d: -f1)" ] ||
	fail "pam_nsshell does not come after pam_systemd"
vm_root "awk '!/^#/ && NF >= 3 { m = \$3 } END { exit m != \"pam_nsshell.so\" }' /etc/pam.d/common-session-noninteractive" ||
	fail "pam_nsshell is not the last module of common-session-noninteractive"
echo "# pam-auth-update --enable nsshell: last in common-session (after pam_systemd) and common-session-noninteractive"

host_net=$(vm_host_net)
a=$(vm_ssh alice "$VM_PROBE") || fail "alice's ssh login failed"
echo "alice: $(tr '\n' ' ' <<<"$a")"
[ "$(sed -n 1p <<<"$a")" != "$host_net" ] || fail "alice's ssh login is in the host's network namespace"
[ "$(sed -n 2p <<<"$a")" = / ] || fail "alice's ssh login sees the host's cgroup tree"
grep -qx 'NoNewPrivs:1' <<<"$a" || fail "alice's ssh login lacks NoNewPrivs"
for u in carol root; do
	c=$(vm_ssh "$u" "$VM_PROBE") || fail "$u's ssh login failed"
	echo "$u: $(tr '\n' ' ' <<<"$c")"
	[ "$(sed -n 1p <<<"$c")" = "$host_net" ] || fail "$u (Isolate no) is not in the host's network namespace"
	grep -q '/session-[0-9]*\.scope$' <<<"$(sed -n 2p <<<"$c")" || fail "$u's login is not in a logind session scope"
done
echo "# ssh: alice isolated (own net and cgroup namespaces, NoNewPrivs); carol and root (Isolate no) on the host"
