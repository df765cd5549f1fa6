# shellcheck shell=bash
# Shared by tests/integration/4*-cgroup-*.test: a private CgroupRoot on the
# host's cgroup2 mount ($ROOT, removed at exit with everything below it),
# the driver, and ok/fail bookkeeping. Only cgroups below $ROOT are touched;
# the test runs in a mount namespace of its own with a private /run.
#
#   . "$NSSHELL_SRCDIR/tests/integration/lib/cgroup.sh"
#   cg_setup                    # sets MOUNT ROOT TMP DRIVER NSSHELL
#   ...; cg_done

: "${NSSHELL_BUILDDIR:?set NSSHELL_BUILDDIR to the build tree}"
DRIVER=$NSSHELL_BUILDDIR/tests/integration/cgroup-driver
# shellcheck disable=SC2034 # for the tests that source this file
NSSHELL=$NSSHELL_BUILDDIR/shell/nsshell
# shellcheck source=check.sh
. "$(dirname "${BASH_SOURCE[0]}")/check.sh"
CG_PIDS=()

cg_done() {
	check_done
}

# alive PID: the process exists and is not a zombie (PID 1 reaps late here).
alive() {
	[ -r "/proc/$1/status" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null
}
# wait_until SECONDS COMMAND...: poll COMMAND every 50 ms.
wait_until() {
	local deadline=$((SECONDS + $1))
	shift
	until "$@"; do
		[ $SECONDS -ge $deadline ] && return 1
		sleep 0.05
	done
}
populated() {
	grep -qx 'populated 1' "$1/cgroup.events" 2>/dev/null
}
# cg_id LABEL: the session id the driver gets for LABEL (up to 8 bytes): its
# bytes in hex, zero-padded to 16 digits, the one id format (basic/session-id.h).
cg_id() {
	local hex
	hex=$(printf '%s' "$1" | od -An -tx1 | tr -d ' \n')
	printf '%16s\n' "$hex" | tr ' ' 0
}
# relative PATH: the cgroup path as /proc/PID/cgroup shows it.
relative() {
	echo "${1#"$MOUNT"}"
}

cg_cleanup() {
	local pid d
	for pid in "${CG_PIDS[@]}"; do
		kill -9 "$pid" 2>/dev/null
	done
	if [ -n "${ROOT:-}" ] && [ -d "$ROOT" ]; then
		while IFS= read -r d; do
			[ -e "$d/cgroup.kill" ] && echo 1 >"$d/cgroup.kill" 2>/dev/null
		done < <(find "$ROOT" -mindepth 1 -type d)
		wait_until 5 sh -c "! grep -rqx 'populated 1' '$ROOT' --include=cgroup.events"
		find "$ROOT" -depth -type d -exec rmdir {} \; 2>/dev/null
	fi
	[ -n "${TMP:-}" ] && rm -rf "$TMP"
}

# cg_private_run: re-exec the test in a mount namespace of its own with a
# tmpfs on /run, so that what nsshell writes there (the session records
# under /run/nsshell) and the tests' policy directories stay off the host's
# /run. The host's cgroup2 mount is shared, as the tests need.
cg_private_run() {
	if [ -z "${NSSHELL_CG_PRIVATE_RUN:-}" ]; then
		command -v unshare >/dev/null || skip "\"unshare\" is not installed (scripts/deps installs it)"
		NSSHELL_CG_PRIVATE_RUN=1 exec unshare --mount --propagation private -- "$BASH" "$(readlink -f "$0")"
	fi
	unset NSSHELL_CG_PRIVATE_RUN
	mount -t tmpfs -o mode=0755,nosuid,nodev cg-run /run || {
		fail "a private tmpfs on /run"
		exit 1
	}
}

cg_setup() {
	[ "$(id -u)" -eq 0 ] || skip "needs root"
	cg_private_run
	[ -x "$DRIVER" ] || skip "$DRIVER not built (make check builds it)"
	if [ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ]; then
		MOUNT=/sys/fs/cgroup
	elif [ "$(stat -fc %T /sys/fs/cgroup/unified 2>/dev/null)" = cgroup2fs ]; then
		MOUNT=/sys/fs/cgroup/unified
	else
		skip "no cgroup2 mount at /sys/fs/cgroup or /sys/fs/cgroup/unified"
	fi
	ROOT=$MOUNT/nsshell-test-$$.slice
	TMP=$(mktemp -d)
	trap cg_cleanup EXIT
	echo "cgroup2 mount $MOUNT, test CgroupRoot $ROOT"
}
