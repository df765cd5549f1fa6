#!/bin/bash
# The guest is a systemd host: systemd is PID 1, the system is running (or
# degraded: the failed units are named), cgroup2 is the only cgroup mount and
# logind answers.
set -uo pipefail
# shellcheck source=tests/system/lib.sh
. "$(dirname "$0")/../lib.sh"

fail() {
	echo "FAIL: $*"
	exit 1
}

pid1=$(vm_root 'readlink /proc/1/exe; cat /proc/1/comm') || fail "ssh as root failed"
echo "PID 1: $(echo "$pid1" | tr '\n' ' ')"
echo "$pid1" | grep -qx '/usr/lib/systemd/systemd\|/lib/systemd/systemd' || fail "PID 1 is not systemd"
echo "$pid1" | grep -qx systemd || fail "PID 1's comm is not systemd"

# Bounded: is-system-running --wait returns once the boot transaction is done.
state=$(vm_root 'timeout 120 systemctl is-system-running --wait')
echo "# systemctl is-system-running: $state"
case $state in
running) ;;
degraded)
	echo "# failed units:"
	vm_root 'systemctl --failed --no-legend --plain' | sed 's/^/#   /'
	;;
*) fail "system state '$state', not running or degraded" ;;
esac

mounts=$(vm_root 'findmnt -n -l -t cgroup,cgroup2 -o FSTYPE,TARGET') || fail "findmnt failed"
echo "cgroup mounts: $mounts"
[ "$(echo "$mounts" | tr -s ' ')" = "cgroup2 /sys/fs/cgroup" ] ||
	fail "expected cgroup2 on /sys/fs/cgroup as the only cgroup mount"
echo "# $(vm_root 'systemctl --version | head -n 1'), kernel $(vm_root 'uname -r')"
# Where boot time goes under TCG (information only).
vm_root bash -s <<'GUEST' | sed 's/^/# /'
systemd-analyze time | head -n 1
ssh_us=$(systemctl show -P ActiveEnterTimestampMonotonic ssh.service)
echo "ssh.service active $((ssh_us / 1000000)) s after the kernel started; slowest units:"
systemd-analyze blame --no-pager | head -n 5 | sed 's/^ */  /'
GUEST

sessions=$(vm_root 'loginctl list-sessions --no-legend') || fail "loginctl list-sessions failed"
echo "loginctl list-sessions:"
echo "$sessions"
echo "$sessions" | grep -q ' root ' || fail "logind does not list root's own ssh session"
