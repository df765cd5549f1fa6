#!/bin/sh
# Two sessions of one user share the user slice's TasksMax (64): after the
# first holds 30 processes, the second cannot start 40, although 40 would fit
# in a limit of its own.
# shellcheck source=../lib.sh
. /vmtest/lib.sh

need_nsshell_user vmshare
slice=$(slice_of 1004)
a='' b=''
trap 'stop_session "$a"; stop_session "$b"' EXIT

# spawn N FILE: start N processes that wait for the stop, writing the count
# started so far to FILE. The spawning subshell dies at the first refused
# fork; the session's shell goes on and writes FILE.done.
spawn() {
	echo "( i=0; while [ \$i -lt $1 ]; do ($HOLD) & i=\$((i + 1)); echo \$i > $2; done ); echo > $2.done; $HOLD"
}

nsshell --user vmshare -- /bin/sh -c "$(spawn 30 "$RUN/a")" >"$RUN/a.log" 2>&1 &
a=$!
wait_until 100 populated "$slice" ||
	fail "session A's processes are not in '$slice'$(said "$RUN/a.log")"
wait_until 200 [ -e "$RUN/a.done" ] || fail "session A never finished spawning$(said "$RUN/a.log")"
[ "$(cat "$RUN/a")" = 30 ] || fail "session A started only $(cat "$RUN/a") of 30 processes"

nsshell --user vmshare -- /bin/sh -c "$(spawn 40 "$RUN/b")" >"$RUN/b.log" 2>&1 &
b=$!
wait_until 200 [ -e "$RUN/b.done" ] || fail "session B never finished spawning$(said "$RUN/b.log")"
started=$(cat "$RUN/b" 2>/dev/null || echo 0)

scopes=$(find "$slice" -mindepth 1 -maxdepth 1 -name "session-*.scope" | wc -l)
detail=
for s in "$slice"/session-*.scope; do
	[ -d "$s" ] && detail="$detail ${s##*/}=$(wc -l <"$s/cgroup.procs")"
done
cur=$(cat "$slice/pids.current")
info "slice pids.max=$(cat "$slice/pids.max") pids.current=$cur; processes per scope:$detail"
info "session A started 30, session B started $started of 40"
[ "$scopes" -eq 2 ] || fail "expected 2 session scopes in '$slice', found $scopes"
[ "$(cat "$slice/pids.max")" = 64 ] || fail "'$slice/pids.max' is not 64"
[ "$cur" -le 64 ] || fail "the slice holds $cur tasks, above 64"
[ "$started" -lt 40 ] || fail "session B started all 40: the limit is not shared"
[ "$started" -ge 1 ] || fail "session B started none: nothing was left of the shared limit?"
refused_forks_ge "$slice" 1 || fail "no refused fork in pids.events under '$slice'"

finish "$a" 15 || fail "session A did not end within 15 s of the stop"
finish "$b" 15 || fail "session B did not end within 15 s of the stop"
