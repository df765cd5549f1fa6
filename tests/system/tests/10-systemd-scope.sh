#!/bin/bash
# The systemd backend keeps an isolated login in logind's own scope: alice's
# processes are in user-1001.slice/session-N.scope, loginctl session-status
# lists them, nsshell --list names the logind session and the unit, and
# nsshell made no cgroup of its own (no nsshell.slice, the root's
# cgroup.subtree_control as systemd left it).
set -uo pipefail
# shellcheck source=tests/system/lib.sh
. "$(dirname "$0")/../lib.sh"

fail() {
	echo "FAIL: $*"
	exit 1
}

subtree_before=$(vm_root 'cat /sys/fs/cgroup/cgroup.subtree_control') || fail "ssh as root failed"
# shellcheck disable=SC2016 # expanded by alice's shell in the guest
vm_ssh alice 'echo "sid=$XDG_SESSION_ID"; cat /proc/self/cgroup; exec sleep 30' >"$VM_SYSDIR/10.out" 2>&1 &
client=$!
# Ending the local client does not always end the login in the guest (qemu's
# user network may keep the guest's side open): end it through logind.
trap 'kill $client 2>/dev/null; vm_root "loginctl terminate-user alice" >/dev/null 2>&1' EXIT
vm_until 60 vm_user_runs alice 'sleep 30' || fail "alice's sleep never ran: $(cat "$VM_SYSDIR/10.out")"
pid=$(vm_user_procs alice | awk '$2 == "sleep" && $3 == 30 { print $1 }' | head -n 1)
sid=$(sed -n 's/^sid=//p' "$VM_SYSDIR/10.out")
echo "alice: logind session ${sid:-none}, sleep is pid $pid; from inside: $(tr '\n' ' ' <"$VM_SYSDIR/10.out")"
[ -n "$sid" ] || fail "no XDG_SESSION_ID in alice's login"
grep -qx '0::/' "$VM_SYSDIR/10.out" || fail "inside, the cgroup namespace is not rooted at the session's cgroup"

cg=$(vm_root "cat /proc/$pid/cgroup") || fail "no /proc/$pid/cgroup"
echo "from outside: $cg"
[ "$cg" = "0::/user.slice/user-1001.slice/session-$sid.scope" ] ||
	fail "alice's sleep is in $cg, not logind's session-$sid.scope"
status=$(vm_root "loginctl session-status $sid --no-pager --lines=0") || fail "loginctl session-status $sid failed"
echo "$status"
grep -q "[^0-9]$pid sleep" <<<"$status" || fail "loginctl session-status $sid does not list the sleep (pid $pid)"

list=$(vm_root 'nsshell --list --json') || fail "nsshell --list failed"
echo "$list"
row=$(jq -c '.[] | select(.user == "alice" and .state == "live")' <<<"$list")
[ "$(jq -r '.logind_session' <<<"$row")" = "$sid" ] || fail "nsshell --list: logind_session is not $sid"
[ "$(jq -r '.unit' <<<"$row")" = "session-$sid.scope" ] || fail "nsshell --list: unit is not session-$sid.scope"

vm_root 'test ! -e /sys/fs/cgroup/nsshell.slice' || fail "nsshell made /sys/fs/cgroup/nsshell.slice"
subtree_now=$(vm_root 'cat /sys/fs/cgroup/cgroup.subtree_control')
[ "$subtree_now" = "$subtree_before" ] ||
	fail "the root's cgroup.subtree_control changed: '$subtree_before' -> '$subtree_now'"
echo "# alice's login lives in logind's session-$sid.scope, listed by loginctl and nsshell --list;" \
	"no cgroup of nsshell's, root subtree_control unchanged"

# Without a logind session of the user's own (root runs nsshell --user), systemd
# starts a transient scope in the user's slice for the session.
out=$(vm_root "nsshell --user alice -- sh -c 'cat /proc/self/cgroup; sleep 3' & sleep 1.5
	systemctl list-units --no-legend --plain 'nsshell-*.scope'; wait") || fail "nsshell --user alice failed"
echo "$out"
grep -qx '0::/' <<<"$out" || fail "nsshell --user: the cgroup namespace is not rooted at its scope"
grep -qE '^nsshell-[0-9a-f]{16}\.scope +loaded active running' <<<"$out" ||
	fail "nsshell --user: no running nsshell-ID.scope while the session ran"
vm_until 10 vm_root "test -z \"\$(systemctl list-units --no-legend --plain 'nsshell-*.scope')\"" ||
	fail "nsshell --user: the transient scope is still there after the session"
echo "# nsshell --user alice: a transient nsshell-ID.scope in user-1001.slice, gone after the session"
