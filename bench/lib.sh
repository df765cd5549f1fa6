# shellcheck shell=bash
# Shared by the bench/ scripts: where the build is, how figures are reported.
#
# A bench script prints what it measured for people, and for scripts/bench one
# line per figure:
#   @result<TAB>FIGURE<TAB>VALUE<TAB>UNIT<TAB>le|ge|<TAB>TARGET
# ("le": the target is an upper bound, "ge": a lower bound, empty: no target;
# VALUE "skipped" with the reason in UNIT when the figure could not be taken).
# Benchmarks never fail on a number: they exit non-zero only when they could
# not run at all.

BENCH_SRCDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export NSSHELL_SRCDIR=$BENCH_SRCDIR
export NSSHELL_BUILDDIR=${NSSHELL_BUILDDIR:-$BENCH_SRCDIR/build/dev}
NSSHELL_BUILDDIR=$(cd "$NSSHELL_BUILDDIR" && pwd)

# bench_count FULL QUICK: FULL, or QUICK when BENCH_QUICK=1.
bench_count() {
	if [ "${BENCH_QUICK:-0}" = 1 ]; then echo "$2"; else echo "$1"; fi
}

# bench_result FIGURE VALUE UNIT [le|ge TARGET]
bench_result() {
	local target=""
	case ${4:-} in
	le) target=" (target <= $5)" ;;
	ge) target=" (target >= $5)" ;;
	esac
	printf '@result\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "${4:-}" "${5:-}"
	printf '%-60s %10s %s%s\n' "$1" "$2" "$3" "$target"
}

# bench_skip FIGURE REASON
bench_skip() {
	printf '@result\t%s\tskipped\t%s\t\t\n' "$1" "$2"
	echo "$1: skipped: $2"
}

# bench_have_user_mode: true when this nsshell has --user.
bench_have_user_mode() {
	"$NSSHELL_BUILDDIR/shell/nsshell" --help 2>/dev/null | grep -q -- "--user"
}

# bench_sample_policy: the sample policy on stdout, its LimitNOFILE hard limit
# lowered to this shell's when that is lower (raising it needs
# CAP_SYS_RESOURCE, which some containers do not give root), and with
# CgroupLimits warn when the cgroup2 hierarchy lacks the memory, pids or cpu
# controller (hybrid hosts: the limits cannot be applied there, the rest of
# the session can).
bench_sample_policy() {
	local hard controllers
	hard=$(ulimit -Hn)
	controllers=$(cat /sys/fs/cgroup/cgroup.controllers /sys/fs/cgroup/unified/cgroup.controllers 2>/dev/null || true)
	case " $controllers " in
	*" memory "*" pids "*) ;;
	*) echo "CgroupLimits warn" ;;
	esac
	sed -E "s/^([[:space:]]*LimitNOFILE[[:space:]]+[0-9]+):([0-9]+)/echo \"\1:\$(( \2 < $hard ? \2 : $hard ))\"/e" \
		"$BENCH_SRCDIR/conf/nsshell.conf"
}

# bench_now_us: wall clock in microseconds (bash's $EPOCHREALTIME, no fork).
bench_now_us() {
	local t=${EPOCHREALTIME/./}
	echo "$t"
}

# bench_meminfo KEY: the value of KEY in /proc/meminfo, in KiB.
bench_meminfo() {
	awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo
}
