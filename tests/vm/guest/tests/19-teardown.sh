#!/bin/sh
# Teardown leaves no cgroup: once every session of this run has ended (the
# ones above, after a fork bomb, an OOM kill and a CPU-bound loop, and one
# more here), no session scope and no user slice is left under the CgroupRoot.
. /vmtest/lib.sh

need_nsshell_user vmbomb
nsshell --user vmbomb -- /bin/true >"$RUN/session.log" 2>&1 ||
	fail "nsshell --user vmbomb failed: $(tail -n 1 "$RUN/session.log")"

leftovers() {
	find "$CGROOT" -mindepth 1 -type d \( -name 'session-*.scope' -o -name 'user-*.slice' \) 2>/dev/null
}
none_left() { [ -z "$(leftovers)" ]; }
# Removal may lag the end of nsshell by the kernel's reaping of the killed.
wait_until 50 none_left || fail "left behind: $(leftovers | tr '\n' ' ')"
