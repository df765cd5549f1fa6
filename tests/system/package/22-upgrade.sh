#!/bin/bash
# An upgrade while an isolated session is live: alice's ssh session keeps
# running through `dpkg -i` of the next version (nsshell and libpam-nsshell
# VERSION+upgrade1, tests/system/run --package), its sshd monitor still maps
# the module file it loaded (now deleted), and it closes cleanly when the
# connection ends; the next login loads the new file. The admin's edited
# policy (test 20) survives the upgrade untouched.
set -uo pipefail
# shellcheck source=tests/system/lib.sh
. "$(dirname "$0")/../lib.sh"

fail() {
	echo "FAIL: $*"
	exit 1
}

module=/usr/lib/x86_64-linux-gnu/security/pam_nsshell.so
policy_sum=$(vm_root 'md5sum </etc/nsshell/nsshell.conf')
cursor=$(vm_journal_cursor) || fail "ssh as root failed"
# The live session: a loop that counts into alice's home every half second.
vm_root 'rm -f /home/alice/ticks'
# shellcheck disable=SC2016 # for alice's shell
vm_ssh alice 'i=0; while :; do i=$((i + 1)); echo $i >>ticks; sleep 0.5; done' &
client=$!
trap 'kill $client 2>/dev/null' EXIT
ticks() { vm_root 'wc -l </home/alice/ticks 2>/dev/null || echo 0'; }
started() { [ "$(ticks)" -ge 2 ]; }
vm_until 30 started || fail "alice's session did not start"
monitor=$(vm_root "pgrep -u root -f '^sshd: alice \[priv\]$' | head -n 1")
[ -n "$monitor" ] || fail "no sshd monitor of alice"
old_inode=$(vm_root "stat -c %i $module")
echo "alice's monitor: pid $monitor, module inode $old_inode"

vm_root 'dpkg -i /root/debs/upgrade/*.deb' || fail "dpkg -i of the upgrade failed"
versions=$(vm_root "dpkg-query -W -f='\${Package} \${Version}\n' nsshell libpam-nsshell")
echo "$versions"
grep -q '^libpam-nsshell .*+upgrade1$' <<<"$versions" || fail "libpam-nsshell was not upgraded"
new_inode=$(vm_root "stat -c %i $module")
[ "$new_inode" != "$old_inode" ] || fail "the module file was not replaced"
[ "$(vm_root 'md5sum </etc/nsshell/nsshell.conf')" = "$policy_sum" ] || fail "the upgrade changed the admin's policy"
vm_root 'grep -q pam_nsshell /etc/pam.d/common-session' || fail "the upgrade took the module out of common-session"
echo "# upgraded to the next version: new module file (inode $new_inode), the admin's policy kept, still enabled"

before=$(ticks)
sleep 3
after=$(ticks)
[ "$after" -gt "$before" ] || fail "alice's live session stopped during the upgrade ($before ticks, then $after)"
vm_root "grep -F ' $module (deleted)' /proc/$monitor/maps" >/dev/null ||
	fail "alice's monitor does not map the old (deleted) module: $(vm_root "grep pam_nsshell /proc/$monitor/maps")"
echo "# the live session kept running ($before then $after ticks); its monitor maps the old, deleted module"

# The next login: the new module.
out=$(vm_ssh alice "$VM_PROBE; sleep 3" &
	sleep 2
	m=$(vm_root "pgrep -u root -f '^sshd: alice \[priv\]$' | grep -vx $monitor | head -n 1")
	vm_root "grep -F $module /proc/$m/maps | head -n 1"
	wait)
echo "new login: $(tr '\n' ' ' <<<"$out")"
grep -q " $new_inode *$module$" <<<"$out" || fail "the new login did not load the new module file (inode $new_inode)"
if [ "$(grep -c '^net:' <<<"$out")" -ne 1 ] || grep -qx "$(vm_host_net)" <<<"$out"; then
	fail "the new login is not isolated"
fi
echo "# the next login loads the new module (inode $new_inode) and is isolated"

kill $client
wait $client 2>/dev/null
gone() { ! vm_root "kill -0 $monitor" 2>/dev/null; }
vm_until 30 gone || fail "alice's monitor did not end after the connection closed"
journal=$(vm_journal_since "$cursor")
grep -E 'pam_nsshell\(sshd:session\): session (start|end)' <<<"$journal" | tail -n 4
grep -q "sshd\[$monitor\]: pam_nsshell(sshd:session): session end: user \"alice\" .* outcome ok" <<<"$journal" ||
	fail "the old session did not log a clean end"
grep -q 'session end failed\|Failed to release session' <<<"$journal" && fail "a session end failed"
echo "# the old session closed cleanly through the old module after the upgrade"
