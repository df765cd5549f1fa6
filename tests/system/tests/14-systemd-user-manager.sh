#!/bin/bash
# The user manager is no way out (ProtectUserManager, on by default): from an
# isolated login, systemd-run --user and busctl --user find no bus, so
# nothing starts in user@1001.service outside the session; the session's
# XDG_RUNTIME_DIR is its own, empty and writable.
set -uo pipefail
# shellcheck source=tests/system/lib.sh
. "$(dirname "$0")/../lib.sh"

fail() {
	echo "FAIL: $*"
	exit 1
}

# shellcheck disable=SC2016 # expanded by alice's shell in the guest
out=$(vm_ssh alice 'echo "runtime=$XDG_RUNTIME_DIR entries=$(ls -A "$XDG_RUNTIME_DIR" | wc -l)"
	touch "$XDG_RUNTIME_DIR/mine" && echo writable
	systemd-run --user --wait --pipe touch /tmp/nsshell-escaped; echo "systemd-run=$?"
	busctl --user call org.freedesktop.systemd1 /org/freedesktop/systemd1 org.freedesktop.systemd1.Manager \
		StartTransientUnit "ssa(sv)a(sa(sv))" escape.service fail 1 ExecStart "a(sasb)" 1 /bin/touch 2 \
		/bin/touch /tmp/nsshell-escaped-busctl false 0; echo "busctl=$?"' 2>&1)
echo "$out"
grep -q '^runtime=/run/user/1001 entries=0$' <<<"$out" || fail "the session's XDG_RUNTIME_DIR is not an empty /run/user/1001"
grep -q '^writable$' <<<"$out" || fail "the session's XDG_RUNTIME_DIR is not writable"
grep -q '^systemd-run=0$' <<<"$out" && fail "systemd-run --user succeeded from an isolated login"
grep -q '^busctl=0$' <<<"$out" && fail "busctl --user StartTransientUnit succeeded from an isolated login"
vm_root 'test ! -e /tmp/nsshell-escaped && test ! -e /tmp/nsshell-escaped-busctl' ||
	fail "a command started through the user manager ran outside the session"
vm_root 'test -S /run/user/1001/bus && test -S /run/user/1001/systemd/private' ||
	fail "the real user bus and systemd --user's socket are missing: the test proves nothing"
# The control: carol, not isolated, starts a command in her user manager.
# shellcheck disable=SC2016 # expanded by carol's shell in the guest
control=$(vm_ssh carol 'systemd-run --user --wait --pipe --quiet sh -c "cat /proc/self/cgroup"; echo "systemd-run=$?"' 2>&1)
echo "carol (not isolated): $control"
grep -q '^systemd-run=0$' <<<"$control" || fail "systemd-run --user fails even for carol: the test proves nothing"
grep -q 'user@1003.service' <<<"$control" || fail "carol's systemd-run --user did not run in user@1003.service"
echo "# systemd-run --user and busctl --user from alice's session: no bus; nothing ran outside"
