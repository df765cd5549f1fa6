#!/bin/bash
# PrivateRun on a systemd host (alice): the session's /run holds her own
# /run/user/UID and what NSS, DNS and logging need, but no host service:
# the system bus socket is in a directory she cannot enter, so busctl and
# loginctl cannot reach systemd or logind from the session, while carol (not
# isolated) can. Logouts stay clean (tests 11 and 15 count pam_systemd's
# "Failed to release session", which needs that socket at close).
set -uo pipefail
# shellcheck source=tests/system/lib.sh
. "$(dirname "$0")/../lib.sh"

fail() {
	echo "FAIL: $*"
	exit 1
}

# shellcheck disable=SC2016 # expanded by alice's shell in the guest
out=$(vm_ssh alice 'ls /run; ls /run/dbus 2>&1; busctl --system list >/dev/null 2>&1 && echo BUS-REACHED;
	getent passwd alice >/dev/null && echo NSS-OK; test -d /run/user/$(id -u) && echo RUNTIME-DIR' 2>&1)
echo "alice: $out"
grep -q 'BUS-REACHED' <<<"$out" && fail "alice reached the system bus from her session"
grep -q 'Permission denied' <<<"$out" || fail "/run/dbus is not closed to alice"
grep -q 'docker\|sshd.pid\|systemd/private' <<<"$out" && fail "host entries of /run show in alice's session"
grep -q NSS-OK <<<"$out" || fail "NSS lookups fail in alice's session"
grep -q RUNTIME-DIR <<<"$out" || fail "alice's /run/user/UID is missing"
ctl=$(vm_ssh carol 'busctl --system list >/dev/null && echo BUS-REACHED' 2>&1)
grep -q BUS-REACHED <<<"$ctl" || fail "control: carol cannot reach the system bus either: $ctl"
echo "# PrivateRun: alice's /run has no host service (system bus closed to her), NSS and her runtime dir work; carol reaches the bus"
