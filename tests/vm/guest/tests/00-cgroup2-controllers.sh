#!/bin/sh
# The guest is a pure cgroup v2 system with every controller nsshell limits.
# shellcheck source=../lib.sh
. /vmtest/lib.sh

fs=$(awk '$2 == "/sys/fs/cgroup" { print $3 }' /proc/mounts)
[ "$fs" = cgroup2 ] || fail "/sys/fs/cgroup is '$fs', not cgroup2"
[ ! -e /sys/fs/cgroup/unified ] || fail "a hybrid layout: /sys/fs/cgroup/unified exists"
avail=$(cat /sys/fs/cgroup/cgroup.controllers)
enabled=$(cat /sys/fs/cgroup/cgroup.subtree_control)
info "controllers: $avail; enabled for children: $enabled"
for c in cpu io memory pids; do
	echo " $avail " | grep -q " $c " || fail "controller '$c' not available"
	echo " $enabled " | grep -q " $c " || fail "controller '$c' not enabled at the root"
done
