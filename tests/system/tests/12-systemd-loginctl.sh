#!/bin/bash
# loginctl ends isolated sessions, because they never left logind's units:
# terminate-session and terminate-user each end a login running sleep.
set -uo pipefail
# shellcheck source=tests/system/lib.sh
. "$(dirname "$0")/../lib.sh"

fail() {
	echo "FAIL: $*"
	exit 1
}

# shellcheck disable=SC2016 # expanded by alice's shell in the guest
for how in terminate-session terminate-user; do
	vm_ssh alice 'echo "sid=$XDG_SESSION_ID"; exec sleep 300' >"$VM_SYSDIR/12.out" 2>&1 &
	client=$!
	sleeping() { vm_user_runs alice 'sleep 300'; }
	vm_until 60 sleeping || fail "alice's sleep never ran"
	sid=$(sed -n 's/^sid=//p' "$VM_SYSDIR/12.out")
	case $how in
	terminate-session) vm_root "loginctl terminate-session $sid" ;;
	terminate-user) vm_root "loginctl terminate-user alice" ;;
	esac || fail "loginctl $how failed"
	gone() { ! sleeping; }
	vm_until 15 gone || fail "loginctl $how left alice's sleep running: $(vm_user_procs alice)"
	vm_until 15 eval "! kill -0 $client 2>/dev/null" || fail "loginctl $how: the ssh connection stayed"
	wait "$client"
	echo "# loginctl $how (session $sid) ended alice's isolated sleep and the connection"
done
