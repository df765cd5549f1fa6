#!/bin/bash
# MaxSessions and RuntimeMaxSec on the systemd backend, for dave (MaxSessions
# 2, RuntimeMaxSec 40s, no pid namespace, so no session init that could end
# the session): a third concurrent login is refused and says why in the
# journal; systemd ends each login at RuntimeMaxSec through the session's
# nsshell-runtime-ID.timer, which goes away with the scope; a login that ends
# earlier leaves no timer behind.
set -uo pipefail
# shellcheck source=tests/system/lib.sh
. "$(dirname "$0")/../lib.sh"

fail() {
	echo "FAIL: $*"
	exit 1
}

runtime_units() {
	vm_root "systemctl list-units --all --plain --no-legend 'nsshell-runtime-*'"
}
no_runtime_units() { [ -z "$(runtime_units)" ]; }

trap 'kill ${one:-} ${two:-} 2>/dev/null; vm_root "loginctl terminate-user dave" >/dev/null 2>&1' EXIT
cursor=$(vm_journal_cursor) || fail "ssh as root failed"
vm_ssh dave 'exec sleep 200' >/dev/null 2>&1 &
one=$!
vm_ssh dave 'exec sleep 201' >/dev/null 2>&1 &
two=$!
both() { vm_user_runs dave 'sleep 200' && vm_user_runs dave 'sleep 201'; }
vm_until 60 both || fail "dave's two logins never both ran: $(vm_user_procs dave)"
start=$SECONDS
echo "units while both logins run:"
runtime_units | sed 's/^/    /'
[ "$(runtime_units | grep -c '\.timer')" -eq 2 ] || fail "not one nsshell-runtime timer per login"

out=$(vm_ssh dave 'echo third login ran' 2>&1)
rc=$?
echo "third login: rc=$rc: $out"
{ [ $rc -ne 0 ] && ! grep -q 'third login ran' <<<"$out"; } ||
	fail "a third concurrent login of dave was let in (MaxSessions 2)"
vm_journal_since "$cursor" | grep pam_nsshell | tail -n 3
vm_journal_since "$cursor" | grep -q 'MaxSessions=2 reached' || fail "the refusal is not logged with its reason"
echo "# MaxSessions 2: dave's third concurrent login was refused ('MaxSessions=2 reached' in the journal)"

ended() { ! vm_user_runs dave 'sleep 200' && ! vm_user_runs dave 'sleep 201'; }
vm_until 90 ended || fail "dave's logins outlived RuntimeMaxSec 40s: $(vm_user_procs dave)"
wait "$one" "$two"
elapsed=$((SECONDS - start))
echo "dave's two logins ended about ${elapsed} s after both ran"
[ "$elapsed" -ge 25 ] || fail "dave's logins ended after ${elapsed} s, well before RuntimeMaxSec 40s"
vm_journal_since "$cursor" | grep -E 'nsshell-runtime|session-[0-9]+\.scope: (Deactivated|Stopped)|Stopped session' |
	tail -n 6
vm_until 30 no_runtime_units || fail "nsshell-runtime units left after the sessions ended: $(runtime_units)"
echo "# RuntimeMaxSec 40s without a pid namespace: systemd stopped both session scopes (after ${elapsed} s), no timer left"

after=$(vm_ssh dave 'echo a new login ran' 2>&1) || fail "dave cannot log in again after his sessions ended: $after"
vm_until 30 no_runtime_units || fail "a login that ended before RuntimeMaxSec left its timer: $(runtime_units)"
echo "# dave logs in again afterwards; a login that ends early takes its timer with it"
