#!/bin/sh
# CPUQuota=20% (see the test policy) holds a busy loop in an nsshell session
# near 20% of one CPU: the slice's cpu.stat over 3 s of the guest's clock,
# judged by check_cpu_quota (lib.sh, where the tolerances are explained).
# shellcheck source=../lib.sh
. /vmtest/lib.sh

need_nsshell_user vmcpu
slice=$(slice_of 1003)
pid=
trap 'stop_session "$pid"' EXIT

nsshell --user vmcpu -- /bin/sh -c "while [ ! -e $RUN/stop ]; do :; done" >"$RUN/session.log" 2>&1 &
pid=$!
wait_until 100 populated "$slice" ||
	fail "the session's processes are not in '$slice'$(said "$RUN/session.log")"
quota=$(cat "$slice/cpu.max")
[ "$quota" = "20000 100000" ] || fail "'$slice/cpu.max' is '$quota', not '20000 100000'"
check_cpu_quota "$slice"
alive "$pid" || fail "the session ended early$(said "$RUN/session.log")"

finish "$pid" 15 || fail "the session did not end within 15 s of the stop"
