#!/bin/sh
# Infrastructure self-check, straight on cgroupfs (no nsshell): memory.max
# OOM-kills a 100 MB allocation and the kernel reports it in memory.events.
# shellcheck source=../lib.sh
. /vmtest/lib.sh

cg=/sys/fs/cgroup/vm-infra-memory
trap 'rmdir "$cg" 2>/dev/null' EXIT
mkdir "$cg" || fail "mkdir '$cg' failed"
echo 64M >"$cg/memory.max"

# dd allocates its whole 100 MB block and fills it from /dev/zero.
sh -c "echo \$\$ > $cg/cgroup.procs && exec dd if=/dev/zero of=/dev/null bs=100M count=1" 2>/dev/null
rc=$?
kills=$(keyed "$cg/memory.events" oom_kill)
info "memory.max=$(cat "$cg/memory.max") dd exit status $rc, oom_kill=$kills"
[ $rc -eq 137 ] || fail "dd was not SIGKILLed (exit status $rc)"
[ "${kills:-0}" -ge 1 ] || fail "memory.events shows no oom_kill"
