#!/bin/bash
# The control user carol (not isolated by the policy) logs in over ssh as on
# any systemd host: pam_systemd puts her in user-1003.slice/session-N.scope
# and logind's session-status lists her process.
set -uo pipefail
# shellcheck source=tests/system/lib.sh
. "$(dirname "$0")/../lib.sh"

fail() {
	echo "FAIL: $*"
	exit 1
}

# shellcheck disable=SC2016 # expanded by carol's shell in the guest
out=$(vm_ssh carol 'echo "id=$(id -un) sid=$XDG_SESSION_ID pid=$$"; cat /proc/self/cgroup
	echo ---; loginctl session-status "$XDG_SESSION_ID" --no-pager --lines=0') ||
	fail "ssh as carol failed"
echo "$out"
head -n 1 <<<"$out" | grep -q '^id=carol sid=[0-9][0-9]* pid=[0-9][0-9]*$' ||
	fail "no XDG_SESSION_ID in carol's login"
read -r _ sid pid <<<"$(head -n 1 <<<"$out")"
sid=${sid#sid=} pid=${pid#pid=}
sed -n 2p <<<"$out" | grep -qx "0::/user.slice/user-1003.slice/session-$sid.scope" ||
	fail "carol's shell is not in user.slice/user-1003.slice/session-$sid.scope"
status=$(sed '1,/^---$/d' <<<"$out")
grep -q "session-$sid.scope" <<<"$status" || fail "session-status names no session-$sid.scope"
grep -q "[^0-9]$pid " <<<"$status" || fail "session-status does not list carol's shell (pid $pid)"
echo "# carol: session $sid, user-1003.slice/session-$sid.scope, listed by loginctl session-status"
