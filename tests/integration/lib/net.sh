# shellcheck shell=bash
# A simulated internet for the network tests (9x-network-*), inside the test
# world's own network namespace (world.sh): nothing of the host's network is
# seen or touched. Source after world_enter.
#
#   world (nsshell's "host")          netns "inet" (the internet)
#   uplink0 203.0.113.1/24  <--veth-->  inet0 203.0.113.2/24
#   default via 203.0.113.2             lo: 198.51.100.10 (HTTP :8080, DNS :53),
#                                           192.0.2.10, 169.254.169.254
#                                       every address: TCP :7000 says "hello"
#                                       route to 10.213.0.0/16 via the world
#
# The world's /etc/resolv.conf names 198.51.100.10. NETPROBE runs
# lib/netprobe.py (see there).

# A copy in the world's directory (0711, under /run): a source tree below
# /tmp (a clone in /tmp) is out of a session's sight, whose /tmp is its own.
NETPROBE=$WORLD/netprobe.py
install -m 0644 "$NSSHELL_SRCDIR/tests/integration/lib/netprobe.py" "$NETPROBE" ||
	world_die "cannot copy netprobe.py into $WORLD"
INET_HTTP=198.51.100.10
INET_DENIED=192.0.2.10
INET_METADATA=169.254.169.254

# net_start_daemon CMD...: start CMD in the background, wait for its "ok".
net_start_daemon() {
	local fifo=$WORLD/daemon.$$.$RANDOM line
	mkfifo "$fifo"
	"$@" >"$fifo" 2>/dev/null &
	WORLD_DAEMONS+=($!)
	WORLD_CLEANUP+=("world_stop $!")
	read -r -t 5 line <"$fifo"
	rm -f "$fifo"
	[ "$line" = ok ]
}

# net_http_ok URL: true when GET URL answers 200.
net_http_ok() {
	[ "$(python3 "$NETPROBE" http "$1")" = ok ]
}

net_world_setup() {
	command -v python3 >/dev/null || skip "python3 is not installed"
	{ ip link add uplink0 type veth peer name inet0 && ip netns add inet &&
		ip link set inet0 netns inet && ip addr add 203.0.113.1/24 dev uplink0 &&
		ip link set uplink0 up && ip route add default via 203.0.113.2 &&
		ip -n inet addr add 203.0.113.2/24 dev inet0 && ip -n inet link set inet0 up &&
		ip -n inet link set lo up && ip -n inet route add 10.213.0.0/16 via 203.0.113.1; } ||
		world_die "the simulated internet's links failed"
	for a in "$INET_HTTP" "$INET_DENIED" "$INET_METADATA"; do
		ip -n inet addr add "$a/32" dev lo || world_die "address $a failed"
	done
	WORLD_CLEANUP+=("ip netns delete inet")
	mkdir -p "$WORLD/www" && echo hello >"$WORLD/www/index.html"
	net_start_daemon ip netns exec inet python3 "$NETPROBE" serve 0.0.0.0 7000 ||
		world_die "the internet's TCP server did not start"
	net_start_daemon ip netns exec inet python3 "$NETPROBE" dnsd "$INET_HTTP" ||
		world_die "the internet's DNS server did not start"
	ip netns exec inet python3 -m http.server -d "$WORLD/www" -b "$INET_HTTP" 8080 >/dev/null 2>&1 &
	WORLD_DAEMONS+=($!)
	WORLD_CLEANUP+=("world_stop $!")
	world_wait_for 5 net_http_ok "http://$INET_HTTP:8080/" ||
		world_die "the internet's HTTP server did not answer"
	echo "nameserver $INET_HTTP" >"$WORLD/resolv.conf"
	mount --bind "$WORLD/resolv.conf" /etc/resolv.conf || world_die "binding resolv.conf failed"
}

# net_leases: the lease files nsshell holds, one a line.
net_leases() {
	world_ls /run/nsshell/net
}

# net_veths: the host ends of session veth pairs (nsv*), one a line.
net_veths() {
	ip -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' | grep '^nsv' || true
}

# net_session_chains: nsshell's per-session nftables chains, map and set elements.
net_session_chains() {
	{
		nft list table inet nsshell 2>/dev/null | grep -oE 'chain session-[0-9-]+'
		nft list map inet nsshell sessions 2>/dev/null | grep -oE '[0-9.]+ : jump'
		nft list set bridge nsshell ports 2>/dev/null | grep -oE '"nsv[0-9a-f]+" \. [0-9.]+'
	} || true
}

# net_clean: true when no session's veth, lease or nftables chain is left.
net_clean() {
	[ -z "$(net_veths)$(net_leases)$(net_session_chains)" ]
}

# net_left: what net_clean looks for, for a failure message.
net_left() {
	echo "veths: $(net_veths | tr '\n' ' ')leases: $(net_leases | tr '\n' ' ')rules: $(net_session_chains | tr '\n' ' ')"
}
