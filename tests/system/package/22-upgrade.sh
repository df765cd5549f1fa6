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
# monitors: the pids of alice's sshd monitors ("sshd: alice [priv]").
monitors() { vm_root "pgrep -u root -x -f 'sshd: alice \[priv\]'" | sort; }
# new_monitor KNOWN: the one monitor that is not in KNOWN (a pid list).
new_monitor() { comm -13 <(echo "$1") <(monitors) | head -n 1; }
# module_of PID: the device:inode and path of the module PID maps.
module_of() { vm_root "grep -F $module /proc/$1/maps | head -n 1" | awk '{ s = $4 ":" $5 " " $6; if ($7 != "") s = s " " $7; print s }'; }
policy_sum=$(vm_root 'md5sum </etc/nsshell/nsshell.conf')
cursor=$(vm_journal_cursor) || fail "ssh as root failed"
# The live session: a loop that counts into alice's home every half second.
vm_root 'rm -f /home/alice/ticks'
known=$(monitors)
[ -z "$known" ] || echo "alice's monitors before the test: $(tr '\n' ' ' <<<"$known")"
# shellcheck disable=SC2016 # for alice's shell
vm_ssh alice 'i=0; while :; do i=$((i + 1)); echo $i >>ticks; sleep 0.5; done' &
client=$!
# end_client: the ssh client, and the subshell vm_ssh runs in.
end_client() {
	# shellcheck disable=SC2046 # a list of pids
	kill $(ps -o pid= --ppid "$client") "$client" 2>/dev/null
}
trap end_client EXIT
ticks() { vm_root 'wc -l </home/alice/ticks 2>/dev/null || echo 0'; }
started() { [ "$(ticks)" -ge 2 ]; }
vm_until 30 started || fail "alice's session did not start"
monitor=$(new_monitor "$known")
[ -n "$monitor" ] || fail "no sshd monitor of alice's live session"
old_inode=$(vm_root "stat -c %i $module")
echo "alice's live session: monitor pid $monitor, module inode $old_inode, maps: $(module_of "$monitor")"

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
known=$(monitors)
vm_ssh alice "$VM_PROBE; sleep 8" >"$VM_SYSDIR/run/new-login.out" &
login=$!
appeared() { [ -n "$(new_monitor "$known")" ]; }
vm_until 20 appeared || fail "the next login of alice has no monitor"
maps=$(module_of "$(new_monitor "$known")")
wait $login
out=$(cat "$VM_SYSDIR/run/new-login.out")
echo "new login: $(tr '\n' ' ' <<<"$out"), its monitor maps: $maps"
grep -q ":$new_inode $module$" <<<"$maps" || fail "the new login did not load the new module file (inode $new_inode)"
if [ "$(grep -c '^net:' <<<"$out")" -ne 1 ] || grep -qx "$(vm_host_net)" <<<"$out"; then
	fail "the new login is not isolated"
fi
echo "# the next login loads the new module (inode $new_inode) and is isolated"

end_client
wait "$client" 2>/dev/null
gone() { ! vm_root "kill -0 $monitor" 2>/dev/null; }
vm_until 30 gone || fail "alice's monitor did not end after the connection closed"
journal=$(vm_journal_since "$cursor")
grep -E 'pam_nsshell\(sshd:session\): session (start|end)' <<<"$journal" | tail -n 4
grep -q "sshd\[$monitor\]: pam_nsshell(sshd:session): session end: user \"alice\" .* outcome ok" <<<"$journal" ||
	fail "the old session did not log a clean end"
if grep 'session end failed\|Failed to release session' <<<"$journal"; then
	fail "a session end failed (the lines above)"
fi
echo "# the old session closed cleanly through the old module after the upgrade"
