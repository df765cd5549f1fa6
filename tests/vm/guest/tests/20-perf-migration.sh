#!/bin/sh
# Benchmark, not a verdict: the cost of a cold cgroup migration and of
# `nsshell --user U -- /bin/true`, with the guest's cgroup2 mounted as by
# default and then remounted with favordynmods (Linux >= 6.0), which keeps
# cgroup_threadgroup_rwsem in its reader slow path so that a writer (every
# write to cgroup.procs) does not wait for an RCU grace period. It passes when
# every figure was measured; the figures are the INFO lines.
# shellcheck source=../lib.sh
. /vmtest/lib.sh

N=10
MOVES=20
BENCH=/sys/fs/cgroup/perf-bench
mount_options() { awk '$2 == "/sys/fs/cgroup" { print $4 }' /proc/mounts; }
OPTS=$(mount_options)

# With the device named, mount(8) takes the options as given instead of adding
# them to the mount's current ones: that is what turns favordynmods off again.
cleanup() {
	mount -o "remount,$OPTS" cgroup2 /sys/fs/cgroup 2>/dev/null
	rmdir "$BENCH" 2>/dev/null
}
trap cleanup EXIT

need_nsshell_user vmshare
mkdir -p "$BENCH" || fail "cannot create '$BENCH'"

# measure LABEL: every figure under the current mount options, as INFO lines.
measure() {
	out=$(/vmtest/bin/migrate-bench move "$BENCH" $MOVES 2>&1) || fail "$1: $out"
	echo "$out" | while read -r line; do info "$1: $line"; done
	out=$(/vmtest/bin/migrate-bench run $N nsshell --user vmshare -- /bin/true 2>&1) || fail "$1: $out"
	info "$1: nsshell --user vmshare -- /bin/true: ${out#*: }"
}

measure "cgroup2 ($OPTS)"
mount -o "remount,$OPTS,favordynmods" cgroup2 /sys/fs/cgroup || fail "remounting cgroup2 with favordynmods failed"
now=$(mount_options)
case ",$now," in
*,favordynmods,*) ;;
*) fail "the remount did not take favordynmods (options now: $now)" ;;
esac
measure "cgroup2 ($now)"

# The later tests expect the guest's cgroup2 as init mounted it.
mount -o "remount,$OPTS" cgroup2 /sys/fs/cgroup
[ "$(mount_options)" = "$OPTS" ] || fail "remounting cgroup2 back to $OPTS failed (options now: $(mount_options))"
