#!/bin/bash
# Logout on the systemd backend: a setsid nohup daemon dies with the session,
# with a pid namespace (alice) and without one (bob, whose processes are
# found in the scope), and neither pam_nsshell nor pam_systemd fails to close:
# no "session end failed", no "Failed to release session".
set -uo pipefail
# shellcheck source=tests/system/lib.sh
. "$(dirname "$0")/../lib.sh"

fail() {
	echo "FAIL: $*"
	exit 1
}

cursor=$(vm_journal_cursor) || fail "ssh as root failed"
for user in alice bob; do
	vm_ssh "$user" '(setsid nohup sleep 1000 </dev/null >/dev/null 2>&1 &); echo started' ||
		fail "ssh as $user failed"
	vm_until 10 eval "! vm_user_runs $user 'sleep 1000'" || fail "$user's setsid nohup sleep survived the logout: $(vm_user_procs "$user")"
	echo "# $user: the setsid nohup daemon ended with the logout"
done
journal=$(vm_journal_since "$cursor")
echo "$journal" | grep -E 'pam_nsshell|pam_systemd|logind'
! grep -q 'session end failed' <<<"$journal" || fail "pam_nsshell logged 'session end failed'"
! grep -q 'Failed to release session' <<<"$journal" || fail "pam_systemd logged 'Failed to release session'"
[ "$(grep -c 'pam_nsshell(sshd:session): session end' <<<"$journal")" -ge 2 ] ||
	fail "no 'session end' lines from pam_nsshell for the two logouts"
echo "# no 'session end failed', no 'Failed to release session'"
