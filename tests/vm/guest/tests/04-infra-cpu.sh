#!/bin/sh
# Infrastructure self-check, straight on cgroupfs (no nsshell): cpu.max
# "20000 100000" holds a busy loop near 20% of one CPU, judged as the nsshell
# test judges it (check_cpu_quota in lib.sh).
# shellcheck source=../lib.sh
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
check_cpu_quota "$cg"
