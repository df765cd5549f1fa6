#!/bin/sh
# Infrastructure self-check, straight on cgroupfs (no nsshell): a pids.max on
# a parent cgroup stops a fork bomb running in its leaf, the arrangement of a
# user slice and its session scopes.
# shellcheck source=../lib.sh
. /vmtest/lib.sh

cg=/sys/fs/cgroup/vm-infra-pids
pid=
cleanup() {
	stop_session "$pid"
	wait_until 100 not populated "$cg"
	rmdir "$cg/leaf" "$cg" 2>/dev/null
}
trap cleanup EXIT
mkdir "$cg" || fail "mkdir '$cg' failed"
echo +pids >"$cg/cgroup.subtree_control"
mkdir "$cg/leaf" || fail "mkdir '$cg/leaf' failed"
echo 16 >"$cg/pids.max"

sh -c "echo \$\$ > $cg/leaf/cgroup.procs && exec $BOMB" &
pid=$!
wait_until 100 refused_forks_ge "$cg" 1 || fail "pids.events never counted a refused fork"
peak=0
for _ in 1 2 3 4 5 6 7 8 9 10; do
	cur=$(cat "$cg/pids.current")
	[ "$cur" -gt "$peak" ] && peak=$cur
	sleep 0.1
done
info "pids.max=16 peak pids.current=$peak refused forks=$(refused_forks "$cg")"
# The bomb never gives a process up: it fills the cgroup to the limit exactly.
[ "$peak" -eq 16 ] || fail "pids.current peaked at $peak, not at pids.max 16"
finish "$pid" 10 || fail "the bomb did not stop"
wait_until 100 not populated "$cg" || fail "bomb processes outlived the stop"
