#!/bin/bash
# The policy's limits are systemd's: set on user-1001.slice as runtime unit
# properties (TasksMax 256, MemoryMax 1G, CPUQuota 100%), they hold against a
# fork storm, an allocation past MemoryMax and two busy loops, and they are
# still in force after systemctl daemon-reload, daemon-reexec and a restart
# of systemd-logind.
set -uo pipefail
# shellcheck source=tests/system/lib.sh
. "$(dirname "$0")/../lib.sh"

fail() {
	echo "FAIL: $*"
	exit 1
}

slice=/sys/fs/cgroup/user.slice/user-1001.slice
props() {
	vm_root 'systemctl show user-1001.slice -p TasksMax -p MemoryMax -p CPUQuotaPerSecUSec | sort | tr "\n" " "'
}
want='CPUQuotaPerSecUSec=1s MemoryMax=1073741824 TasksMax=256 '
files() { vm_root "cat $slice/pids.max $slice/memory.max $slice/cpu.max | tr '\n' ' '"; }
want_files='256 1073741824 100000 100000 '

# A login makes the slice and sets its properties; the session holds it open.
vm_ssh alice 'exec sleep 600' >/dev/null 2>&1 &
client=$!
# Ending the local client does not always end the login in the guest (qemu's
# user network may keep the guest's side open): end it through logind.
trap 'kill $client 2>/dev/null; vm_root "loginctl terminate-user alice" >/dev/null 2>&1' EXIT
sleeping() { vm_user_runs alice 'sleep 600'; }
vm_until 60 sleeping || fail "alice's login never started"

check_limits() {
	local when=$1 p f
	p=$(props) f=$(files)
	echo "$when: $p| files: $f"
	[ "$p" = "$want" ] || fail "$when: user-1001.slice has '$p', not '$want'"
	[ "$f" = "$want_files" ] || fail "$when: pids.max memory.max cpu.max are '$f', not '$want_files'"
}
check_limits "after login"

# TasksMax: a fork storm stops below 256 tasks in the slice.
# pids.events counts a refused fork in the forking task's own cgroup (the
# session's scope, gone once the login ends), not in the slice whose pids.max
# refused it: read it from inside, where /sys/fs/cgroup is the scope.
# shellcheck disable=SC2016 # perl's variables, in the guest
out=$(vm_ssh alice 'perl -e '"'"'my @kids; for (1..400) { my $p = fork; last unless defined $p;
	if ($p == 0) { sleep 60; exit 0 } push @kids, $p } print "forked=", scalar(@kids), "\n";
	kill "KILL", @kids; 1 while wait != -1;'"'"'; grep "^max " /sys/fs/cgroup/pids.events')
events=$(sed -n 2p <<<"$out")
out=$(head -n 1 <<<"$out")
echo "fork storm: $out; the session scope's pids.events: $events"
forked=${out#forked=}
[ "$forked" -lt 256 ] 2>/dev/null || fail "TasksMax: $out of 400 forks succeeded (256 is the slice's limit)"
grep -qE '^max [1-9]' <<<"$events" || fail "TasksMax: the session's pids.events counts no refused fork"
echo "# TasksMax 256: the fork storm hit the slice's pids.max ($events)"

# MemoryMax: an allocation past 1G is OOM-killed inside the slice.
before=$(vm_root "sed -n 's/^oom_kill //p' $slice/memory.events")
vm_ssh alice 'head -c 1400M /dev/zero | tail >/dev/null; echo "tail exit $?"'
after=$(vm_root "sed -n 's/^oom_kill //p' $slice/memory.events")
echo "memory.events oom_kill: $before -> $after"
[ "${after:-0}" -gt "${before:-0}" ] || fail "MemoryMax: no OOM kill in user-1001.slice"
echo "# MemoryMax 1G: a 1.4 GiB allocation was OOM-killed in the slice"

# CPUQuota 100%: two busy loops get about one CPU between them; carol's
# (no CPUQuota on user-1003.slice) are the control, which shows the VM can
# give the slice more than that.
# busy_share USER UID: the share of one CPU, in thousandths of a percent,
# that USER's slice used while two busy loops of USER ran.
busy_share() {
	local cpustat=/sys/fs/cgroup/user.slice/user-$2.slice/cpu.stat u0 u1 t0 t1 busy
	vm_ssh "$1" 'timeout 6 sh -c "while :; do :; done" & timeout 6 sh -c "while :; do :; done" & wait' &
	busy=$!
	sleep 2
	u0=$(vm_root "sed -n 's/^usage_usec //p' $cpustat") t0=$(date +%s%N)
	sleep 3
	u1=$(vm_root "sed -n 's/^usage_usec //p' $cpustat") t1=$(date +%s%N)
	wait "$busy"
	echo $(((u1 - u0) * 100000 / ((t1 - t0) / 1000)))
}
percent() { echo "$(($1 / 1000)).$(($1 % 1000 / 100))%"; }
share=$(busy_share alice 1001)
control=$(busy_share carol 1003)
echo "CPU share while two busy loops ran: alice (CPUQuota 100%) $(percent "$share") of one CPU," \
	"carol (no quota) $(percent "$control")"
[ "$share" -le 130000 ] || fail "CPUQuota 100%: alice's slice used $(percent "$share") of one CPU, more than 130%"
[ "$control" -ge $((share + 30000)) ] ||
	fail "CPUQuota: carol's unlimited loops got $(percent "$control"), not clearly more than alice's: the VM cannot show the quota"
echo "# CPUQuota 100%: two busy loops got $(percent "$share") of one CPU; carol's, without a quota, $(percent "$control")"

vm_root 'systemctl daemon-reload' || fail "daemon-reload failed"
check_limits "after daemon-reload"
vm_root 'systemctl daemon-reexec' || fail "daemon-reexec failed"
# shellcheck disable=SC2016 # expanded in the guest
vm_until 30 vm_root 'systemctl is-system-running --quiet || [ "$(systemctl is-system-running)" = degraded ]' ||
	fail "systemd did not come back after daemon-reexec"
check_limits "after daemon-reexec"
vm_root 'systemctl restart systemd-logind' || fail "restarting systemd-logind failed"
check_limits "after a restart of systemd-logind"
sleeping || fail "alice's session did not survive the reloads"
echo "# the limits stayed on user-1001.slice through daemon-reload, daemon-reexec and a logind restart"
