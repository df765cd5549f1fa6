#!/bin/sh
# Infrastructure self-check, straight on cgroupfs (no nsshell): cpu.max
# "20000 100000" holds a busy loop near 20% of one CPU, measured the way the
# nsshell test measures it (usage_usec over the guest's uptime).
. /vmtest/lib.sh

cg=/sys/fs/cgroup/vm-infra-cpu
pid=
cleanup() {
	stop_session "$pid"
	rmdir "$cg" 2>/dev/null
}
trap cleanup EXIT
mkdir "$cg" || fail "mkdir '$cg' failed"
echo "20000 100000" >"$cg/cpu.max"

sh -c "echo \$\$ > $cg/cgroup.procs && while [ ! -e $RUN/stop ]; do :; done" &
pid=$!
sleep 0.5
u0=$(usage_usec "$cg") t0=$(uptime_cs)
sleep 3
u1=$(usage_usec "$cg") t1=$(uptime_cs)
permille=$(((u1 - u0) / (t1 - t0) / 10))
info "cpu.max=$(cat "$cg/cpu.max"): $((permille / 10)).$((permille % 10))% of one CPU over $((t1 - t0))0 ms"
# See 12-cpu-quota.sh for the tolerance.
between 100 "$permille" 300 || fail "usage $permille per mille is outside 10-30%"
