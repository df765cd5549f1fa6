# shellcheck shell=bash
# A private test world for root integration tests: a mount namespace of the
# test's own in which /etc/passwd, /etc/group and /etc/shadow are test copies
# and /home is a tmpfs, so test users exist only there. The host's /etc and
# /home are never written.
#
#   . "$NSSHELL_SRCDIR/tests/integration/lib/world.sh"
#   world_enter "$@"            # re-execs the test inside the private world
#   world_add_user alice 2001   # [UID [SUPPLEMENTARY-GROUP...]]
#   world_policy <<<'...'       # writes $WORLD/nsshell.conf, root-owned 0600
#
# $WORLD is a root-owned 0700 directory under /run (a safe directory for
# policy files); it is removed when the test exits. Helpers: world_nonzombie
# (count a pid's live processes), fail/ok for "ok"/"not ok" lines.

: "${NSSHELL_BUILDDIR:?set NSSHELL_BUILDDIR to the build tree}"
NSSHELL=${NSSHELL:-$NSSHELL_BUILDDIR/shell/nsshell}
WORLD_FAILED=0
WORLD_PASSED=0

ok() {
	echo "ok - $*"
	WORLD_PASSED=$((WORLD_PASSED + 1))
}
fail() {
	echo "not ok - $*"
	WORLD_FAILED=$((WORLD_FAILED + 1))
}
# check DESCRIPTION COMMAND...: ok if COMMAND succeeds.
check() {
	local what=$1
	shift
	if "$@"; then ok "$what"; else fail "$what"; fi
}
# not COMMAND...: succeeds if COMMAND fails (for check).
not() {
	! "$@"
}
skip() {
	echo "SKIP: $*"
	exit 77
}
# world_done: the closing line, and the exit code for the runner.
world_done() {
	echo "$WORLD_PASSED passed, $WORLD_FAILED failed"
	[ "$WORLD_FAILED" -eq 0 ]
}

world_cleanup() {
	# Sessions a test killed without close leave leaves: collect them, then
	# the test's own CgroupRoot (session-driver uses it, see world_enter).
	if [ -n "${NSSHELL_TEST_CGROUP_ROOT:-}" ]; then
		"$NSSHELL" --gc --cgroup-root "$NSSHELL_TEST_CGROUP_ROOT" >/dev/null 2>&1
		rmdir "$("$NSSHELL_BUILDDIR/tests/integration/cgroup-driver" resolve "$NSSHELL_TEST_CGROUP_ROOT")" 2>/dev/null
	fi
	[ -n "${WORLD:-}" ] && [ -d "$WORLD" ] && rm -rf --one-file-system "$WORLD"
}

# world_enter "$@": run the rest of the calling script in a private world.
world_enter() {
	[ "$(id -u)" -eq 0 ] || skip "needs root"
	if [ -z "${NSSHELL_IN_WORLD:-}" ]; then
		# The test runs as PID 1 of a pid namespace of its own (bash reaps
		# every child), so that processes it orphans are reaped at once:
		# the host's PID 1 reaps late (design notes 2b), and a killed
		# session init waits in the kernel until its namespace is reaped.
		# --kill-child: if the runner's timeout kills unshare, the world
		# goes with it.
		exec env NSSHELL_IN_WORLD=1 unshare -m --propagation private -f -p --mount-proc --kill-child -- "$0" "$@"
	fi
	WORLD=$(mktemp -d /run/nsshell-test.XXXXXX)
	chmod 0700 "$WORLD"
	export NSSHELL_TEST_CGROUP_ROOT=/sys/fs/cgroup/${WORLD##*/}.slice
	trap world_cleanup EXIT
	local f
	for f in passwd group shadow; do
		cp -p "/etc/$f" "$WORLD/$f"
		mount --bind "$WORLD/$f" "/etc/$f"
	done
	mount -t tmpfs -o mode=0755 world-home /home
	# Session records are the world's own, so a test can count them while
	# other worlds (or a real nsshell) run on the same host.
	mkdir -p /run/nsshell
	mount -t tmpfs -o mode=0755 world-run /run/nsshell
}

# world_add_user NAME UID [GROUP...]: a user with its own group (gid = uid),
# home /home/NAME (0700, owned by it), shell /bin/bash, member of GROUPs
# (created with gid uid+1, +2, ... when missing).
world_add_user() {
	local name=$1 uid=$2 g gid
	shift 2
	echo "$name:x:$uid:$uid:test user:/home/$name:/bin/bash" >>/etc/passwd
	echo "$name:x:$uid:" >>/etc/group
	echo "$name:!:19000:0:99999:7:::" >>/etc/shadow
	gid=$uid
	for g in "$@"; do
		gid=$((gid + 1))
		if getent group "$g" >/dev/null; then
			sed -i "s/^\($g:[^:]*:[^:]*:.*\)$/\1,$name/; s/^\($g:[^:]*:[^:]*:\),/\1/" /etc/group
		else
			echo "$g:x:$gid:$name" >>/etc/group
		fi
	done
	mkdir -p "/home/$name"
	chown "$uid:$uid" "/home/$name"
	chmod 0700 "/home/$name"
}

# world_policy: stdin becomes $WORLD/nsshell.conf (root-owned, 0600), after a
# first line setting CgroupRoot to the test's own.
world_policy() {
	{
		# Sessions go below the test's own CgroupRoot (collected at exit);
		# a CgroupRoot in the test's policy comes later and wins.
		echo "CgroupRoot $NSSHELL_TEST_CGROUP_ROOT"
		cat
	} >"$WORLD/nsshell.conf"
	chmod 0600 "$WORLD/nsshell.conf"
	echo "$WORLD/nsshell.conf"
}

# world_nonzombie PID...: how many of these pids are alive and not zombies.
world_nonzombie() {
	local n=0 p
	for p in "$@"; do
		grep -qs '^State:[[:space:]]*[^Z]' "/proc/$p/status" && n=$((n + 1))
	done
	echo "$n"
}

# kv FILE KEY: the value of "KEY=..." in a probe's output.
kv() {
	sed -n "s/^$2=//p" "$1" | head -n 1
}

# probe_in OUT COMMAND...: run COMMAND... -- bash -c PROBE, output in OUT.
probe_in() {
	local out=$1
	shift
	"$@" -- /bin/bash -c "$(cat "$NSSHELL_SRCDIR/tests/integration/lib/probe.sh")" >"$out" 2>&1
}
