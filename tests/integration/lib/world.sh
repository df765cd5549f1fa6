# shellcheck shell=bash
# The private test world of the root integration tier. A test sources this
# file (or lib/sshd.sh, which adds a real sshd, su, login and pam-run) and
# calls world_enter "$@" before anything else:
#
#   . "$NSSHELL_SRCDIR/tests/integration/lib/world.sh"
#   world_enter "$@"            # re-execs the test inside the world
#   world_add_user alice 2001   # [UID [SUPPLEMENTARY-GROUP...]]; no UID: a free one
#   conf=$(world_policy <<<'...')   # $WORLD/nsshell.conf, root-owned 0600
#
# The world is a new mount, network, ipc and pid namespace (unshare -mnipf with
# --kill-child: when the test ends or its runner is killed, every process in
# it dies, sessions included). The test is its PID 1 and, being bash, reaps
# every orphan at once (the host's PID 1 reaps late: docs/DESIGN.md, "Testing").
# Inside it: tmpfs on /run, /tmp and /home; test copies of /etc/passwd,
# /etc/group, /etc/shadow and /etc/pam.d bind-mounted over the real ones;
# empty wtmp/btmp/lastlog; lo up and nothing else; a private /dev whose
# /dev/log is a busybox syslogd writing $WORLD_SYSLOG and whose /dev/mqueue
# shows the world's own message queues. $WORLD is a root-owned
# 0711 directory on the world's /run (a safe directory for policy files).
# Nothing of the host is written.

: "${NSSHELL_BUILDDIR:?set NSSHELL_BUILDDIR to the build tree}"
: "${NSSHELL_SRCDIR:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}"
NSSHELL=${NSSHELL:-$NSSHELL_BUILDDIR/shell/nsshell}
# shellcheck source=check.sh
. "$(dirname "${BASH_SOURCE[0]}")/check.sh"
WORLD_UID_NEXT=4100
WORLD_DAEMONS=()  # pids world_processes leaves out (syslogd, sshd)
WORLD_CLEANUP=()  # commands world_cleanup runs, last registered first
WORLD_USER_HOOKS=()  # commands world_add_user runs with the new user's name

# world_done: the closing line, and the exit code for the runner.
world_done() {
	check_done
}
world_die() {
	echo "world: $*" >&2
	exit 1
}

# world_enter "$@": outside, re-exec this test as PID 1 of a new world and
# exit with its status; inside, set the world up.
world_enter() {
	if [ -n "${NSSHELL_IN_WORLD:-}" ] && [ $$ -eq 1 ]; then
		unset NSSHELL_IN_WORLD
		world_setup
		return
	fi
	[ "$(id -u)" -eq 0 ] || skip "the test world needs root (namespaces, mounts)"
	local tool
	for tool in unshare ip busybox; do
		command -v "$tool" >/dev/null || skip "\"$tool\" is not installed (scripts/deps installs it)"
	done
	NSSHELL_IN_WORLD=1 exec unshare --mount --net --ipc --pid --fork --kill-child --mount-proc \
		--propagation private -- "$BASH" "$(readlink -f "$0")" "$@"
}

world_setup() {
	local f
	trap world_cleanup EXIT
	# script(1), su and login start $SHELL; CI may leave it unset or /bin/sh
	# (dash, without read -t): the world's root shell is bash everywhere.
	export SHELL=/bin/bash
	# /run is the world's own: session records (/run/nsshell) are the test's
	# to count while other worlds or a real nsshell run on the same host.
	mount -t tmpfs -o mode=0755,nosuid,nodev world-run /run || world_die "tmpfs on /run failed"
	{ mkdir -p /run/lock && WORLD=$(mktemp -d /run/nsshell-test.XXXXXX); } || world_die "mktemp on /run failed"
	# Searchable, not listable: test users reach what a test installs for them.
	chmod 0711 "$WORLD"
	export NSSHELL_TEST_CGROUP_ROOT=/sys/fs/cgroup/${WORLD##*/}.slice
	WORLD_PAMD=$WORLD/pam.d # bind-mounted on /etc/pam.d: edit stacks here
	WORLD_SYSLOG=$WORLD/syslog
	world_private_tmp
	mount -t tmpfs -o mode=0755,nosuid,nodev world-home /home || world_die "tmpfs on /home failed"
	{ cp -p /etc/passwd /etc/group /etc/shadow "$WORLD/" && cp -a /etc/pam.d "$WORLD_PAMD"; } ||
		world_die "copying /etc/passwd, group, shadow and pam.d failed"
	world_bind_etc
	for f in /var/log/wtmp /var/log/btmp /var/log/lastlog; do
		[ -f "$f" ] || continue
		{ : >"$WORLD/${f##*/}" && mount --bind "$WORLD/${f##*/}" "$f"; } ||
			world_die "bind-mounting an empty file over $f failed"
	done
	ip link set lo up || world_die "bringing up lo failed"
	world_private_dev
}

# world_bind_etc: the world's copies of /etc/passwd, group, shadow and pam.d
# over the real ones (again, after something was mounted over /etc).
world_bind_etc() {
	local f
	for f in passwd group shadow; do
		mount --bind "$WORLD/$f" "/etc/$f" || world_die "bind-mounting a test copy over /etc/$f failed"
	done
	mount --bind "$WORLD_PAMD" /etc/pam.d || world_die "bind-mounting a test copy over /etc/pam.d failed"
}

# An empty /tmp of the world's own; a build or source tree under the host's
# /tmp stays reachable at its path.
world_private_tmp() {
	local keep=() d
	for d in "$NSSHELL_BUILDDIR" "$NSSHELL_SRCDIR" "$(dirname "$(readlink -f "$0")")"; do
		case $d in /tmp/?*) keep+=("$d") ;; esac
	done
	if [ ${#keep[@]} -gt 0 ]; then
		{ mkdir -p "$WORLD/hosttmp" && mount --rbind /tmp "$WORLD/hosttmp"; } || world_die "binding /tmp failed"
	fi
	mount -t tmpfs -o mode=1777,nosuid,nodev world-tmp /tmp || world_die "tmpfs on /tmp failed"
	for d in "${keep[@]}"; do
		{ mkdir -p "$d" && mount --rbind "$WORLD/hosttmp/${d#/tmp/}" "$d"; } || world_die "binding $d back failed"
	done
	[ ${#keep[@]} -eq 0 ] || umount -l "$WORLD/hosttmp"
}

# A /dev of the world's own: the device nodes sessions use, a new devpts
# instance, and /dev/log served by a syslogd that writes $WORLD_SYSLOG.
world_private_dev() {
	local node
	{ mkdir -p "$WORLD/hostdev" && mount --rbind /dev "$WORLD/hostdev" &&
		mount -t tmpfs -o mode=0755,nosuid world-dev /dev; } || world_die "a private /dev failed"
	for node in null zero full random urandom tty; do
		{ touch "/dev/$node" && mount --bind "$WORLD/hostdev/$node" "/dev/$node"; } ||
			world_die "binding /dev/$node failed"
	done
	umount -l "$WORLD/hostdev"
	mkdir -p /dev/pts /dev/shm /dev/mqueue
	{ mount -t devpts -o newinstance,gid=5,mode=0620,ptmxmode=0666 devpts /dev/pts &&
		mount -t tmpfs -o mode=1777,nosuid,nodev world-shm /dev/shm &&
		mount -t mqueue -o nosuid,nodev,noexec world-mqueue /dev/mqueue; } ||
		world_die "devpts, /dev/shm or /dev/mqueue failed"
	ln -s pts/ptmx /dev/ptmx
	ln -s /proc/self/fd /dev/fd
	ln -s /proc/self/fd/0 /dev/stdin
	ln -s /proc/self/fd/1 /dev/stdout
	ln -s /proc/self/fd/2 /dev/stderr
	: >"$WORLD_SYSLOG"
	busybox syslogd -n -O "$WORLD_SYSLOG" </dev/null >/dev/null 2>&1 &
	WORLD_DAEMONS+=($!)
	WORLD_CLEANUP+=("world_stop $!")
	world_wait_for 5 test -S /dev/log || world_die "syslogd did not create /dev/log"
}

# world_stop PID: end a daemon the world started, by its pid.
world_stop() {
	kill "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}

# world_forget PID: a daemon that ended is no longer left out of world_processes.
world_forget() {
	local d keep=()
	for d in "${WORLD_DAEMONS[@]}"; do
		[ "$d" = "$1" ] || keep+=("$d")
	done
	WORLD_DAEMONS=("${keep[@]}")
}

world_cleanup() {
	local i root
	for ((i = ${#WORLD_CLEANUP[@]} - 1; i >= 0; i--)); do
		${WORLD_CLEANUP[i]} || true
	done
	# Whatever a failed or aborted test left running: the test is PID 1 of
	# the world's pid namespace, so -1 reaches that namespace and nothing else.
	# "|| true" throughout: callers under set -e (bench/) must get to the end.
	kill -KILL -1 2>/dev/null || true
	# Sessions that ended without close leave leaves: collect them, then the
	# test's own CgroupRoot (see world_policy), once the killed are gone.
	if [ -n "${NSSHELL_TEST_CGROUP_ROOT:-}" ]; then
		# Where CgroupRoot lives, as nsshell maps it (nsshell.conf(5)): on a
		# hybrid host, on the cgroup2 mount at /sys/fs/cgroup/unified.
		root=$NSSHELL_TEST_CGROUP_ROOT
		[ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ] || root=/sys/fs/cgroup/unified/${root#/sys/fs/cgroup/}
		world_wait_for 2 world_cgroup_root_gone "$root" || true
	fi
}

# world_cgroup_root_gone DIR: nsshell --gc below the test's CgroupRoot, then
# remove DIR (its resolved path); true once it is gone.
world_cgroup_root_gone() {
	[ -d "$1" ] || return 0
	"$NSSHELL" --gc --cgroup-root "$NSSHELL_TEST_CGROUP_ROOT" >/dev/null 2>&1
	rmdir "$1" 2>/dev/null
	[ ! -d "$1" ]
}

# world_wait_for SECONDS COMMAND...: poll every 20 ms until COMMAND succeeds;
# false if it still fails after SECONDS (fractions allowed).
world_wait_for() {
	local deadline
	deadline=$(world_ms_after "$1")
	shift
	until "$@"; do
		[ "$(world_ms_after 0)" -lt "$deadline" ] || return 1
		sleep 0.02
	done
}

# world_ms_after SECONDS: the time SECONDS from now, in ms since the epoch.
world_ms_after() {
	local now=${EPOCHREALTIME/./} ms
	ms=$(printf '%.0f' "${1}e3")
	echo $((now / 1000 + ms))
}

# world_add_user NAME [UID [GROUP...]]: a user with its own group (gid = uid),
# home /home/NAME (0700, owned by it), shell /bin/bash, no password, member of
# GROUPs (created with gid uid+1, +2, ... when missing). Without UID, the
# first free one from 4100.
world_add_user() {
	local name=$1 uid=${2:-} g gid
	shift $(($# < 2 ? $# : 2))
	if [ -z "$uid" ]; then
		while getent passwd "$WORLD_UID_NEXT" >/dev/null || getent group "$WORLD_UID_NEXT" >/dev/null; do
			WORLD_UID_NEXT=$((WORLD_UID_NEXT + 1))
		done
		uid=$WORLD_UID_NEXT
	fi
	{ echo "$name:x:$uid:$uid:test user:/home/$name:/bin/bash" >>/etc/passwd &&
		echo "$name:x:$uid:" >>/etc/group &&
		echo "$name:!:19000:0:99999:7:::" >>/etc/shadow; } || world_die "adding user \"$name\" failed"
	gid=$uid
	for g in "$@"; do
		gid=$((gid + 1))
		if getent group "$g" >/dev/null; then
			# In place: /etc/group is a bind mount, which sed -i cannot rename over.
			sed "s/^\($g:[^:]*:[^:]*:.*\)$/\1,$name/; s/^\($g:[^:]*:[^:]*:\),/\1/" /etc/group >"$WORLD/group.new" &&
				cat "$WORLD/group.new" >/etc/group
		else
			echo "$g:x:$gid:$name" >>/etc/group
		fi
	done
	install -d -m 0700 -o "$uid" -g "$uid" "/home/$name" || world_die "creating the home of \"$name\" failed"
	for g in "${WORLD_USER_HOOKS[@]}"; do
		$g "$name"
	done
}

# world_policy: stdin becomes $WORLD/nsshell.conf (root-owned, 0600), after a
# first line setting CgroupRoot to the test's own.
world_policy() {
	{
		# Sessions go below the test's own CgroupRoot (collected at exit);
		# a CgroupRoot in the test's policy comes later and wins.
		echo "CgroupRoot $NSSHELL_TEST_CGROUP_ROOT"
		cat
	} >"$WORLD/nsshell.conf"
	chmod 0600 "$WORLD/nsshell.conf"
	echo "$WORLD/nsshell.conf"
}

# world_processes: "PID COMM" of every live process of the world but PID 1
# (the test), the caller's subshell and the world's daemons.
world_processes() {
	local p stat state d
	for p in /proc/[0-9]*; do
		p=${p#/proc/}
		[ "$p" = 1 ] || [ "$p" = "$BASHPID" ] && continue
		for d in "${WORLD_DAEMONS[@]}"; do [ "$p" = "$d" ] && continue 2; done
		read -r stat 2>/dev/null <"/proc/$p/stat" || continue
		state=${stat##*) }
		[ "${state%% *}" = Z ] && continue
		stat=${stat#*(}
		echo "$p ${stat%)*}"
	done
}

# world_settled: true when world_processes lists nothing.
world_settled() {
	[ -z "$(world_processes)" ]
}

# world_user_processes UID: "PID COMM" of the live processes whose real uid is UID.
world_user_processes() {
	local p status
	for p in /proc/[0-9]*; do
		IFS= read -r -d "" status 2>/dev/null <"$p/status"
		[ -n "$status" ] || continue
		[[ $status =~ State:[[:space:]]+Z ]] && continue
		[[ $status =~ Uid:[[:space:]]+([0-9]+) ]] || continue
		[ "${BASH_REMATCH[1]}" = "$1" ] || continue
		[[ $status =~ Name:[[:space:]]+([^$'\n']*) ]]
		echo "${p#/proc/} ${BASH_REMATCH[1]}"
	done
}

# world_nonzombie PID...: how many of these pids are alive and not zombies.
world_nonzombie() {
	local n=0 p
	for p in "$@"; do
		grep -qs '^State:[[:space:]]*[^Z]' "/proc/$p/status" && n=$((n + 1))
	done
	echo "$n"
}

# world_ls DIR: the names in DIR (hidden ones too), sorted, one a line;
# nothing when DIR is missing.
world_ls() {
	find "$1" -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort
}

# world_mounts: how many mounts the world has, but nsshell's own /run/nsshell,
# which the first session mounts once (docs/DESIGN.md, "Runtime directory").
world_mounts() {
	awk '$5 != "/run/nsshell"' /proc/self/mountinfo | wc -l
}

# world_records: the path of every session record, sorted, one a line
# (/run/nsshell/sessions/UID/ID: one directory per user).
world_records() {
	find /run/nsshell/sessions -mindepth 2 -maxdepth 2 -type f 2>/dev/null | sort
}

# world_record ID: the path of session ID's record; a path that does not
# exist when there is none.
world_record() {
	local f
	for f in /run/nsshell/sessions/*/"$1"; do
		[ -e "$f" ] && break
	done
	echo "$f"
}

# world_count DIR: how many entries DIR has (0 when it is missing).
world_count() {
	world_ls "$1" | wc -l
}

# kv FILE KEY: the value of "KEY=..." in a probe's output.
kv() {
	sed -n "s/^$2=//p" "$1" | head -n 1
}

# probe_in OUT COMMAND...: run COMMAND... -- bash -c PROBE, output in OUT.
probe_in() {
	local out=$1
	shift
	"$@" -- /bin/bash -c "$(cat "$NSSHELL_SRCDIR/tests/integration/lib/probe.sh")" >"$out" 2>&1
}
