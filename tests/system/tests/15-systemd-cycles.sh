#!/bin/bash
# 100 isolated login/logout cycles through the guest's own sshd, four at a
# time (one TCG login takes 3-5 s; overlapping logins also share the slice,
# the lock and the record directory): zero
# "session end failed", zero "Failed to release session", and nothing left
# behind: no record, no scope of nsshell's, no process of alice's.
set -uo pipefail
# shellcheck source=tests/system/lib.sh
. "$(dirname "$0")/../lib.sh"

fail() {
	echo "FAIL: $*"
	exit 1
}

cycles=${SYSTEM_CYCLES:-100}
vm_root 'install -d -m 0700 /root/.ssh && cat >/root/.ssh/nsshell-test-key && chmod 0600 /root/.ssh/nsshell-test-key' <"$VM_KEY" ||
	fail "copying the key into the guest failed"
cursor=$(vm_journal_cursor)
start=$SECONDS
# shellcheck disable=SC2016 # expanded by root's shell in the guest
out=$(vm_root 'loop() { local ok=0 i; for i in $(seq "$1"); do
		ssh -i /root/.ssh/nsshell-test-key -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
			-o BatchMode=yes -o LogLevel=ERROR alice@127.0.0.1 "readlink /proc/self/ns/mnt" >/dev/null &&
			ok=$((ok + 1))
	done; echo "$ok"; }
	for j in 1 2 3 4; do loop '"$((cycles / 4))"' >/tmp/cycles.$j & done; wait
	awk "{ n += \$1 } END { print \"ok=\" n }" /tmp/cycles.[1-4]')
echo "$cycles logins in $((SECONDS - start)) s: $out"
[ "$out" = "ok=$cycles" ] || fail "not every login succeeded: $out"
# Only user@1001.service's processes may stay (until systemd stops it).
settled() { ! vm_user_procs alice | grep -q -v -e ' /lib/systemd/systemd --user$' -e ' (sd-pam)$'; }
vm_until 15 settled || fail "processes of alice left: $(vm_user_procs alice)"
journal=$(vm_journal_since "$cursor")
ends=$(grep -c 'pam_nsshell(sshd:session): session end' <<<"$journal")
failed=$(grep -c 'session end failed' <<<"$journal")
unreleased=$(grep -c 'Failed to release session' <<<"$journal")
echo "journal: $ends session end lines, $failed 'session end failed', $unreleased 'Failed to release session'"
[ "$failed" -eq 0 ] || fail "$failed logouts logged 'session end failed'"
[ "$unreleased" -eq 0 ] || fail "$unreleased logouts logged 'Failed to release session'"
[ "$ends" -ge "$cycles" ] || fail "only $ends of $cycles logouts logged their end"
left=$(vm_root 'find /run/nsshell/sessions -mindepth 2 -type f | wc -l; systemctl list-units --no-legend --plain "nsshell-*.scope" | wc -l')
[ "$(echo "$left" | tr '\n' ' ')" = "0 0 " ] || fail "records or nsshell scopes left: $left"
echo "# $cycles login/logout cycles: all isolated, none failed to close, nothing left"
