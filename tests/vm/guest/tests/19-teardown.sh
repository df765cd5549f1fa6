#!/bin/sh
# Teardown leaves no cgroup: a session seen in its scope under the user's
# slice while it runs leaves neither behind once it has ended, and neither
# does any session of the tests above (a fork bomb, an OOM kill, a CPU-bound
# loop, two sessions at once).
# shellcheck source=../lib.sh
. /vmtest/lib.sh

need_nsshell_user vmbomb
slice=$(slice_of 1001)
pid=
trap 'stop_session "$pid"' EXIT

nsshell --user vmbomb -- /bin/sh -c "$HOLD" >"$RUN/session.log" 2>&1 &
pid=$!
wait_until 100 populated "$slice" ||
	fail "the session's processes are not in '$slice'$(said "$RUN/session.log")"
scope=$(find "$slice" -mindepth 1 -maxdepth 1 -type d -name 'session-*.scope')
[ -n "$scope" ] || fail "no session-*.scope in '$slice' while the session runs"
info "while the session runs: ${scope#"$CGROOT"/}"
finish "$pid" 15 || fail "the session did not end within 15 s of the stop"

leftovers() {
	find "$CGROOT" -mindepth 1 -type d \( -name 'session-*.scope' -o -name 'user-*.slice' \) 2>/dev/null
}
none_left() { [ -z "$(leftovers)" ]; }
# Removal may lag the end of nsshell by the kernel's reaping of the killed.
wait_until 50 none_left || fail "left behind: $(leftovers | tr '\n' ' ')"
