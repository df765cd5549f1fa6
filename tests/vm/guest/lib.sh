# Helpers for the VM tier's guest tests (busybox sh), sourced by each test.
# The init sets TEST_NAME and RUN (a fresh 1777 directory for this test).
# shellcheck shell=sh

# Must match CgroupRoot in /etc/nsshell/nsshell.conf.
CGROOT=/sys/fs/cgroup/nsshell.slice

info() { echo "info: $*"; }
fail() {
	echo "$*"
	exit 1
}
skip() {
	echo "$*"
	exit 77
}

# alive PID: the process exists and is not a zombie.
alive() {
	state=$(sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' "/proc/$1/status" 2>/dev/null)
	[ -n "$state" ] && [ "$state" != Z ]
}

# wait_until TENTHS COMMAND...: run COMMAND every 0.1 s until it succeeds;
# fail after TENTHS tries.
wait_until() {
	tries=$1
	shift
	until "$@"; do
		tries=$((tries - 1))
		[ $tries -gt 0 ] || return 1
		sleep 0.1
	done
}

not() { ! "$@"; }

# keyed FILE KEY: the value of "KEY value" in a flat-keyed cgroup file.
keyed() { awk -v k="$2" '$1 == k { print $2 }' "$1" 2>/dev/null; }

# between LOW N HIGH: LOW <= N <= HIGH.
between() { [ "$1" -le "$2" ] && [ "$2" -le "$3" ]; }

# refused_forks CGROUP: forks refused by a pids limit in CGROUP and below.
# Linux 6.1 counts a refusal in pids.events of the forking task's own cgroup,
# not of the ancestor whose pids.max refused it: add up the whole subtree.
refused_forks() {
	find "$1" -name pids.events -exec cat {} + 2>/dev/null | awk '$1 == "max" { n += $2 } END { print n + 0 }'
}
refused_forks_ge() { [ "$(refused_forks "$1")" -ge "$2" ]; }

# populated CGROUP: a process lives in CGROUP or below.
populated() { [ "$(keyed "$1/cgroup.events" populated)" = 1 ]; }

# uptime_cs: the guest's uptime in centiseconds (its wall clock for rates).
uptime_cs() {
	read -r up _ </proc/uptime
	echo $((${up%.*} * 100 + ${up#*.}))
}

# usage_usec CGROUP: CPU time used by everything in CGROUP, in microseconds.
usage_usec() { keyed "$1/cpu.stat" usage_usec; }

# A shell fragment for sessions and loops: wait, without forking (a fork
# may be exactly what the limit under test forbids), until $RUN/stop exists.
mkfifo -m 0666 "$RUN/fifo"
HOLD="until [ -e $RUN/stop ]; do read -t 0.2 x <> $RUN/fifo; done"

# A fork bomb that stops when $RUN/stop exists. A busybox shell that cannot
# fork exits, so the bomb keeps the cgroup at its limit by replacing the dead.
BOMB="b() { while [ ! -e $RUN/stop ]; do b & done; }; b"

# finish PID SECONDS: ask everything of this test to stop, then wait for PID
# to exit; "return 1" if it did not in time (the caller then fails).
finish() {
	touch "$RUN/stop"
	wait_until $(($2 * 10)) not alive "$1"
}

# slice_of UID: the user's slice under the CgroupRoot.
slice_of() { echo "$CGROOT/user-$1.slice"; }

# need_nsshell_user USER: skip when this build has no `nsshell --user`, fail
# when it cannot run a trivial command for USER.
need_nsshell_user() {
	out=$(nsshell --user "$1" -- /bin/true 2>&1)
	rc=$?
	[ $rc -eq 0 ] && return 0
	if [ $rc -eq 2 ] && ! echo "$out" | grep -q -e '--user'; then
		skip "nsshell --user not built (this nsshell has no --user mode)"
	fi
	echo "$out"
	fail "nsshell --user $1 -- /bin/true exited $rc: $(echo "$out" | tail -n 1)"
}

# stop_session PID: end a session the test started (the "stop" file first,
# then SIGTERM and SIGKILL to that PID); used by the tests' exit traps.
stop_session() {
	[ -n "$1" ] || return 0
	touch "$RUN/stop"
	wait_until 100 not alive "$1" && return 0
	kill "$1" 2>/dev/null
	wait_until 30 not alive "$1" || kill -9 "$1" 2>/dev/null
}
