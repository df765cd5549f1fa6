#!/bin/sh
# A memory hog in an nsshell session is OOM-killed at the user slice's
# MemoryMax (64M, see the test policy); the session's shell survives it.
# shellcheck source=../lib.sh
. /vmtest/lib.sh

need_nsshell_user vmmem
slice=$(slice_of 1002)
pid=
trap 'stop_session "$pid"' EXIT

# Past the gate, dd allocates its whole 100 MB block and fills it from
# /dev/zero; the session's shell reports how dd ended, waits to be stopped
# (so that the slice is still there to be read) and ends with a status of
# its own that nsshell must pass on.
nsshell --user vmmem -- /bin/sh -c "$GATE; dd if=/dev/zero of=/dev/null bs=100M count=1 2>/dev/null;
	echo \$? > $RUN/dd-status; $HOLD; exit 7" >"$RUN/session.log" 2>&1 &
pid=$!
wait_until 100 populated "$slice" ||
	fail "the session's processes are not in '$slice'$(said "$RUN/session.log")"
max=$(cat "$slice/memory.max")
[ "$max" = 67108864 ] || fail "'$slice/memory.max' is '$max', not 64M"
touch "$RUN/go"
wait_until 200 [ -s "$RUN/dd-status" ] || fail "dd never finished in the session$(said "$RUN/session.log")"
status=$(cat "$RUN/dd-status")
kills=$(keyed "$slice/memory.events" oom_kill)
info "slice memory.max=$max, dd exit status $status, oom_kill=$kills"
[ "$status" = 137 ] || fail "dd was not SIGKILLed (exit status $status)"
[ "${kills:-0}" -ge 1 ] || fail "'$slice/memory.events' shows no oom_kill"
alive "$pid" || fail "the session ended with the hog$(said "$RUN/session.log")"

finish "$pid" 15 || fail "the session did not end within 15 s of the stop"
wait "$pid"
rc=$?
[ $rc -eq 7 ] || fail "nsshell --user exited $rc, not the session's 7, after the OOM kill"
