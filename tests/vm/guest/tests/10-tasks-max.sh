#!/bin/sh
# A fork bomb in an nsshell session stops at the user slice's TasksMax (64,
# see the test policy) while the rest of the system keeps forking.
# shellcheck source=../lib.sh
. /vmtest/lib.sh

need_nsshell_user vmbomb
slice=$(slice_of 1001)
pid=
trap 'stop_session "$pid"' EXIT

# The session waits at the gate until the limit is seen in place.
nsshell --user vmbomb -- /bin/sh -c "$GATE; exec $BOMB" >"$RUN/session.log" 2>&1 &
pid=$!
wait_until 100 populated "$slice" ||
	fail "the session's processes are not in '$slice'$(said "$RUN/session.log")"
max=$(cat "$slice/pids.max")
[ "$max" = 64 ] || fail "'$slice/pids.max' is '$max', not 64: no bomb without the limit"
touch "$RUN/go"
wait_until 150 refused_forks_ge "$slice" 1 ||
	fail "no refused fork in pids.events under '$slice'$(said "$RUN/session.log")"

# While the bomb presses against the limit, this shell (outside the slice)
# forks and execs 40 times, in a bounded time.
peak=0
t0=$(uptime_cs)
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	cur=$(cat "$slice/pids.current") || fail "cannot fork outside the slice during the bomb"
	[ "$cur" -gt "$peak" ] && peak=$cur
	/bin/true || fail "cannot run /bin/true outside the slice during the bomb"
done
t1=$(uptime_cs)
info "slice pids.max=$max, peak pids.current=$peak, refused forks=$(refused_forks "$slice")"
info "40 forks outside the slice during the bomb took $((t1 - t0))0 ms"
# The bomb never gives a process up: it fills the slice to the limit exactly.
[ "$peak" -eq 64 ] || fail "pids.current of the slice peaked at $peak, not at TasksMax 64"
[ $((t1 - t0)) -le 1000 ] || fail "the guest was unresponsive: 40 forks took $((t1 - t0))0 ms"
alive "$pid" || fail "nsshell ended during the bomb$(said "$RUN/session.log")"

finish "$pid" 15 || fail "the session did not end within 15 s of the stop"
