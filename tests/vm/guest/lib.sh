# Helpers for the VM tier's guest tests (busybox sh), sourced by each test.
# The init sets RUN, a fresh 1777 directory for this test.
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
uptime_cs() { awk '{ printf "%d\n", $1 * 100 }' /proc/uptime; }

# check_cpu_quota CGROUP: a busy loop runs in CGROUP under cpu.max
# "20000 100000"; measure it over 3 s of the guest's clock and judge it.
#
# The guest is emulated on a host shared with other work. When the host
# starves it, the guest's timers fire late, a throttled group waits longer
# than its 100 ms period, and the loop's share of the wall clock drops well
# below 20% (5% was seen with the host under load). So the share has an upper
# bound only, and the quota itself is judged per throttling:
#  - share of one CPU over the window <= 30%: the quota plus slack for period
#    boundaries and the kernel's tick-granular enforcement (an unlimited loop
#    shows ~100%);
#  - throttled at least 10 times in the window: the quota, not the loop, set
#    the pace (an unlimited loop is never throttled);
#  - CPU time per throttling 15-25 ms: what the loop runs between two
#    throttlings is the quota, 20 ms, give or take a 4 ms tick (a quota at the
#    wrong scale would show 2 ms, or no throttling at all).
check_cpu_quota() {
	sleep 0.5
	u0=$(keyed "$1/cpu.stat" usage_usec) n0=$(keyed "$1/cpu.stat" nr_throttled) t0=$(uptime_cs)
	sleep 3
	u1=$(keyed "$1/cpu.stat" usage_usec) n1=$(keyed "$1/cpu.stat" nr_throttled) t1=$(uptime_cs)
	[ $((t1 - t0)) -ge 300 ] || fail "a 3 s sleep took $((t1 - t0))0 ms of the guest's uptime"
	share=$(((u1 - u0) / (t1 - t0) / 10))
	throttled=$((n1 - n0))
	per=$(((u1 - u0) / (throttled > 0 ? throttled : 1)))
	info "cpu.max=$(cat "$1/cpu.max"): $((share / 10)).$((share % 10))% of one CPU over $((t1 - t0))0 ms," \
		"throttled $throttled times, $((per / 1000)).$((per % 1000 / 100)) ms per throttling"
	[ "$share" -le 300 ] || fail "the loop used $((share / 10))% of one CPU, above 30%"
	[ "$throttled" -ge 10 ] || fail "the loop was throttled only $throttled times in 3 s"
	between 15000 "$per" 25000 || fail "the loop ran $per us per throttling, not 15-25 ms"
}

# A shell fragment for sessions and loops: wait, without forking (a fork
# may be exactly what the limit under test forbids), until $RUN/stop exists.
mkfifo -m 0666 "$RUN/fifo"
# shellcheck disable=SC2034 # for the tests that source this file
HOLD="until [ -e $RUN/stop ]; do read -t 0.2 x <> $RUN/fifo; done"

# A fork bomb (see forkbomb.c) that presses against a pids limit until
# $RUN/stop exists.
# shellcheck disable=SC2034 # for the tests that source this file
BOMB="/vmtest/bin/forkbomb $RUN/stop"

# A shell fragment for sessions: wait until the test has checked the limits
# are in place and creates $RUN/go (or gives up and creates $RUN/stop).
# shellcheck disable=SC2034 # for the tests that source this file
GATE="until [ -e $RUN/go ]; do [ -e $RUN/stop ] && exit 0; read -t 0.2 x <> $RUN/fifo; done"

# finish PID SECONDS: ask everything of this test to stop, then wait for PID
# to exit; "return 1" if it did not in time (the caller then fails).
finish() {
	touch "$RUN/stop"
	wait_until $(($2 * 10)) not alive "$1"
}

# said LOG: " (LOG's last line)" if LOG says anything, for failure messages.
said() { [ -s "$1" ] && echo " ($(tail -n 1 "$1"))"; }

# slice_of UID: the user's slice under the CgroupRoot.
slice_of() { echo "$CGROOT/user-$1.slice"; }

# need_nsshell_user USER: skip when this build has no `nsshell --user`, fail
# when it cannot run a trivial command for USER within 10 s. A failure is
# remembered, so that the later tests fail at once instead of each waiting.
PROBE_FAILED=/vmtest/run/nsshell-user-probe-failed
need_nsshell_user() {
	[ -e $PROBE_FAILED ] && fail "$(cat $PROBE_FAILED) (in an earlier test)"
	out=$(timeout 10 nsshell --user "$1" -- /bin/true 2>&1)
	rc=$?
	[ $rc -eq 0 ] && return 0
	if [ $rc -eq 2 ] && ! echo "$out" | grep -q -e '--user'; then
		skip "nsshell --user not built (this nsshell has no --user mode)"
	fi
	echo "$out"
	msg="nsshell --user $1 -- /bin/true exited $rc: $(echo "$out" | tail -n 1)"
	[ $rc -eq 143 ] && msg="nsshell --user $1 -- /bin/true did not end within 10 s"
	echo "$msg" >$PROBE_FAILED
	fail "$msg"
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
