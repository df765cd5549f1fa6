# shellcheck shell=bash
# Runs inside a session (as `bash -c "$(cat probe.sh)"`, so bash holds no
# script fd) and prints what it sees as key=value lines for the test to check.
echo "pid=$$"
for t in mnt pid ipc uts net cgroup; do
	echo "ns_$t=$(readlink /proc/self/ns/$t)"
done
echo "cgroup=$(grep '^0::' /proc/self/cgroup)"
echo "init_comm=$(cat /proc/1/comm 2>/dev/null)"
# live processes only: the host's PID 1 reaps orphaned zombies late
# (docs/DESIGN.md, "Testing"); ps runs alone so that no helper of this
# script is in its list
ps -e -o stat=,comm= >/tmp/probe-ps
echo "procs=$(awk '$1 !~ /^Z/ {print $2}' /tmp/probe-ps | sort | tr '\n' ' ')"
echo "hostname=$(hostname)"
# netlink: what the kernel says, whatever is mounted on /sys
echo "ifaces=$(ip -o link show | awk -F': ' '{print $2}' | tr '\n' ' ')"
echo "ifaces_up=$(ip -o link show up | awk -F': ' '{print $2}' | tr '\n' ' ')"
# perl-base (Essential in Debian) has IO::Socket::IP: listen, connect, echo
echo "lo_tcp=$(perl -MIO::Socket::IP -e '
for my $addr ("127.0.0.1", "::1") {
	my $s = IO::Socket::IP->new(LocalHost => $addr, LocalPort => 0, Listen => 1) or die "listen $addr\n";
	my $c = IO::Socket::IP->new(PeerHost => $addr, PeerPort => $s->sockport, Timeout => 2) or die "connect $addr\n";
	my $a = $s->accept or die "accept $addr\n";
	print $c "x"; $c->flush; $a->read(my $b, 1); $b eq "x" or die "echo $addr\n";
}
print "ok\n"' 2>&1 | tail -n 1)"
echo "uid=$(id -u)"
echo "gid=$(id -g)"
echo "groups=$(id -G)"
# listed by a child into a file: a $(...) would add its pipe to our fds
ls /proc/$$/fd >/tmp/probe-fds
echo "fds=$(sort -n /tmp/probe-fds | tr '\n' ' ')"
echo "sid=$(ps -o sid= -p $$ | tr -d ' ')"
echo "tty=$(ps -o tty= -p $$ | tr -d ' ')"
