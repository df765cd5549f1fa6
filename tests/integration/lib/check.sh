# shellcheck shell=bash
# TAP-like bookkeeping shared by every root integration test (sourced by
# lib/world.sh and lib/cgroup.sh): "ok - ..." / "not ok - ..." lines, and a
# closing "N passed, N failed" line whose status is the test's exit code.
CHECK_PASSED=0
CHECK_FAILED=0

ok() {
	echo "ok - $*"
	CHECK_PASSED=$((CHECK_PASSED + 1))
}
fail() {
	echo "not ok - $*"
	CHECK_FAILED=$((CHECK_FAILED + 1))
}
# check DESCRIPTION COMMAND...: ok if COMMAND succeeds.
check() {
	local what=$1
	shift
	if "$@"; then ok "$what"; else fail "$what"; fi
}
# check_eq DESCRIPTION EXPECTED ACTUAL
check_eq() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		fail "$1"
		printf '#   expected: %q\n#   actual:   %q\n' "$2" "$3"
	fi
}
# not COMMAND...: succeeds if COMMAND fails (for check).
not() {
	! "$@"
}
# skip REASON: the runner counts the test as skipped and shows REASON.
skip() {
	echo "SKIP: $*"
	exit 77
}
# require_built FILE: FILE, a program or module of the build, exists; else
# the test fails at once (plain `make` builds every one the tests use, so a
# missing one is a broken build, never a reason to skip).
require_built() {
	[ -e "$1" ] && return 0
	fail "$1 is built (plain make builds every helper the tests use)"
	check_done
	exit 1
}
# check_done: the closing line, and the exit code for the runner.
check_done() {
	echo "$CHECK_PASSED passed, $CHECK_FAILED failed"
	[ "$CHECK_FAILED" -eq 0 ]
}
