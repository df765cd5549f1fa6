#!/bin/sh
# CPUQuota=20% (see the test policy) holds a busy loop in an nsshell session
# near 20% of one CPU: the slice's usage_usec over 3 s of the guest's clock.
#
# Tolerance 10-30%: the kernel enforces the quota per 100 ms period, so a
# 3 s window holds 30 periods and cannot exceed 20% by more than about one
# period's quota (0.7 points); the loop is always runnable, so it gets its
# quota unless the emulated CPUs are starved, which the wide lower bound
# absorbs on a loaded CI host. An unlimited loop would show ~100%, a quota
# written at the wrong scale 2% or 200%: both fail.
. /vmtest/lib.sh

need_nsshell_user vmcpu
slice=$(slice_of 1003)
pid=
trap 'stop_session "$pid"' EXIT

nsshell --user vmcpu -- /bin/sh -c "while [ ! -e $RUN/stop ]; do :; done" >"$RUN/session.log" 2>&1 &
pid=$!
wait_until 100 [ -e "$slice/cpu.stat" ] || fail "no '$slice/cpu.stat' ($(tail -n 1 "$RUN/session.log"))"
sleep 0.5
u0=$(usage_usec "$slice") t0=$(uptime_cs)
sleep 3
u1=$(usage_usec "$slice") t1=$(uptime_cs)
alive "$pid" || fail "the session ended early ($(tail -n 1 "$RUN/session.log"))"
permille=$(((u1 - u0) / (t1 - t0) / 10))
quota=$(cat "$slice/cpu.max")
info "slice cpu.max=$quota: $((permille / 10)).$((permille % 10))% of one CPU over $((t1 - t0))0 ms"
[ "$quota" = "20000 100000" ] || fail "'$slice/cpu.max' is '$quota', not '20000 100000'"
between 100 "$permille" 300 || fail "usage $permille per mille is outside 10-30%"

finish "$pid" 15 || fail "the session did not end within 15 s of the stop"
