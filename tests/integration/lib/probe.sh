# shellcheck shell=bash
# Runs inside a session (as `bash -c "$(cat probe.sh)"`, so bash holds no
# script fd) and prints what it sees as key=value lines for the test to check.
echo "pid=$$"
for t in mnt pid ipc uts net cgroup; do
	echo "ns_$t=$(readlink /proc/self/ns/$t)"
done
echo "init_comm=$(cat /proc/1/comm 2>/dev/null)"
# live processes only: the host's PID 1 reaps late (design notes 6); ps
# runs alone so that no helper of this script is in its list
ps -e -o stat=,comm= >/tmp/probe-ps
echo "procs=$(awk '$1 !~ /^Z/ {print $2}' /tmp/probe-ps | sort | tr '\n' ' ')"
echo "hostname=$(hostname)"
# netlink, not /sys/class/net: sysfs shows the net namespace of its mounter
echo "ifaces=$(ip -o link show | awk -F': ' '{print $2}' | tr '\n' ' ')"
echo "ifaces_up=$(ip -o link show up | awk -F': ' '{print $2}' | tr '\n' ' ')"
echo "lo_tcp=$(/usr/bin/python3 -c '
import socket
for fam, addr in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
    s = socket.socket(fam); s.bind((addr, 0)); s.listen(1)
    c = socket.create_connection((addr, s.getsockname()[1]), timeout=2)
    a, _ = s.accept(); c.send(b"x"); assert a.recv(1) == b"x"
print("ok")' 2>&1 | tail -1)"
echo "uid=$(id -u)"
echo "gid=$(id -g)"
echo "groups=$(id -G)"
# listed by a child into a file: a $(...) would add its pipe to our fds
ls /proc/$$/fd >/tmp/probe-fds
echo "fds=$(sort -n /tmp/probe-fds | tr '\n' ' ')"
echo "sid=$(ps -o sid= -p $$ | tr -d ' ')"
echo "tty=$(ps -o tty= -p $$ | tr -d ' ')"
