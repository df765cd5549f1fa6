#!/bin/bash
# alice, isolated by the test policy, logs in over ssh through pam_nsshell:
# her mount namespace is neither the host's (PID 1's) nor carol's; ssh -tt
# (a pty) works too.
set -uo pipefail
# shellcheck source=tests/system/lib.sh
. "$(dirname "$0")/../lib.sh"

fail() {
	echo "FAIL: $*"
	exit 1
}

vm_root 'grep -n pam_nsshell /etc/pam.d/sshd && getent passwd alice' || fail "nsshell is not installed in the guest"
host=$(vm_root 'readlink /proc/1/ns/mnt') || fail "ssh as root failed"
carol=$(vm_ssh carol 'readlink /proc/self/ns/mnt') || fail "ssh as carol failed"
alice=$(vm_ssh alice 'readlink /proc/self/ns/mnt') || fail "ssh as alice failed"
echo "mount ns: init $host, carol $carol, alice $alice"
[[ $alice == mnt:\[*\] ]] || fail "no mount namespace from alice's login: '$alice'"
[ "$alice" != "$host" ] || fail "alice shares the host's mount namespace"
[ "$alice" != "$carol" ] || fail "alice shares carol's mount namespace"
[ "$carol" = "$host" ] || echo "# note: carol's mount ns $carol is not PID 1's $host"

more=$(vm_ssh alice 'hostname; cat /proc/self/cgroup; ls /sys/class/net | tr "\n" " "') ||
	fail "ssh as alice failed"
echo "alice's session: $(echo "$more" | tr '\n' ' ')"
echo "# alice: mount ns $alice (host $host), $(echo "$more" | tr '\n' ' ')"

tty_out=$(VM_SSH_OPTS=-tt vm_ssh alice 'readlink /proc/self/ns/mnt; tty; exit 3')
rc=$?
tty_out=$(tr -d '\r' <<<"$tty_out")
echo "ssh -tt: rc=$rc: $(echo "$tty_out" | tr '\n' ' ')"
[ $rc -eq 3 ] || fail "ssh -tt alice: exit status $rc, not the shell's 3"
grep -q '^mnt:\[' <<<"$tty_out" || fail "ssh -tt alice ran nothing"
grep -q '^/dev/pts/[0-9]*$' <<<"$tty_out" || fail "ssh -tt alice: no pty"
[ "$(head -n 1 <<<"$tty_out")" != "$host" ] || fail "ssh -tt alice: in the host's mount namespace"
echo "# ssh -tt alice: $(sed -n 2p <<<"$tty_out"), isolated, exit status passed through"
