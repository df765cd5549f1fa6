# shellcheck shell=bash
# The private test world of the root integration tier, with a real OpenSSH
# server, login, su and a PAM driver in it. A test sources this file and calls
# world_enter "$@" before anything else:
#
#   . "$(dirname "$0")/lib/sshd.sh"
#   world_enter "$@"       # re-execs the test inside the world
#   world_add_user alice   # in the test copies of passwd/group/shadow
#   sshd_start             # sshd on 127.0.0.1:$SSHD_PORT, the world's own lo
#   ssh_run alice id
#
# The world is a new mount, network and pid namespace (unshare -mnpf with
# --kill-child: when the test ends or is killed, every process in it dies,
# sessions included). Inside it: tmpfs on /run, /tmp and /home; test copies of
# /etc/passwd, /etc/group, /etc/shadow and /etc/pam.d bind-mounted over the
# real ones; empty wtmp/btmp/lastlog; a private /dev whose /dev/log is a
# busybox syslogd writing $WORLD_SYSLOG. Nothing of the host is written.
#
# The test script is PID 1 of the world: it reaps orphans, so counting
# processes needs no allowance for late zombies.

WORLD=/run/nsshell-world # a tmpfs of the world's own, never the host's /run
WORLD_PAMD=$WORLD/pam.d  # bind-mounted on /etc/pam.d: edit stacks here
WORLD_SYSLOG=$WORLD/syslog
WORLD_SYSLOGD_PID=
WORLD_UID_NEXT=4100
SSHD_PORT=2222 # the world's network namespace is new: every port is free
SSHD_DIR=$WORLD/sshd
SSHD_LOG=$SSHD_DIR/sshd.log
SSHD_PID=
SSH_KEY=$WORLD/ssh/id_ed25519
SSH_OPTS=(-F /dev/null -i "$SSH_KEY" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null
	-o BatchMode=yes -o LogLevel=ERROR -o ConnectTimeout=10)
PAM_RUN=${NSSHELL_BUILDDIR:-}/tests/integration/pam-run

skip() {
	echo "SKIP: $*"
	exit 77
}

world_die() {
	echo "world: $*" >&2
	exit 1
}

# world_enter "$@": outside the world, re-exec this test inside a new one and
# exit with its status; inside (PID 1 of the new pid namespace), set it up.
world_enter() {
	if [ -n "${NSSHELL_IN_WORLD:-}" ] && [ $$ -eq 1 ]; then
		unset NSSHELL_IN_WORLD
		world_setup
		return
	fi
	[ "$(id -u)" -eq 0 ] || skip "the test world needs root (namespaces, mounts)"
	local tool
	for tool in unshare script ip ss busybox /usr/sbin/sshd ssh scp sftp ssh-keygen; do
		command -v "$tool" >/dev/null || skip "\"$tool\" is not installed (scripts/deps installs it)"
	done
	NSSHELL_IN_WORLD=1 exec unshare --mount --net --pid --fork --kill-child --mount-proc \
		--propagation private -- "$BASH" "$(readlink -f "$0")" "$@"
}

world_setup() {
	local f
	mount -t tmpfs -o mode=0755,nosuid,nodev nsshell-run /run || world_die "tmpfs on /run failed"
	mkdir -p "$WORLD/etc" /run/sshd /run/lock
	mount -t tmpfs -o mode=1777,nosuid,nodev nsshell-tmp /tmp || world_die "tmpfs on /tmp failed"
	mount -t tmpfs -o mode=0755,nosuid,nodev nsshell-home /home || world_die "tmpfs on /home failed"
	for f in passwd group shadow; do
		cp -p "/etc/$f" "$WORLD/etc/$f" && mount --bind "$WORLD/etc/$f" "/etc/$f" ||
			world_die "bind-mounting a test copy over /etc/$f failed"
	done
	cp -a /etc/pam.d "$WORLD_PAMD" && mount --bind "$WORLD_PAMD" /etc/pam.d ||
		world_die "bind-mounting a test copy over /etc/pam.d failed"
	for f in /var/log/wtmp /var/log/btmp /var/log/lastlog; do
		[ -f "$f" ] || continue
		: >"$WORLD/etc/${f##*/}" && mount --bind "$WORLD/etc/${f##*/}" "$f" ||
			world_die "bind-mounting an empty file over $f failed"
	done
	ip link set lo up || world_die "bringing up lo failed"
	world_private_dev
	trap world_cleanup EXIT
}

# A /dev of the world's own: the few device nodes logins use, a new devpts
# instance, and /dev/log served by a syslogd that writes $WORLD_SYSLOG.
world_private_dev() {
	local node
	mkdir -p "$WORLD/hostdev" && mount --rbind /dev "$WORLD/hostdev" &&
		mount -t tmpfs -o mode=0755,nosuid nsshell-dev /dev || world_die "a private /dev failed"
	for node in null zero full random urandom tty; do
		touch "/dev/$node" && mount --bind "$WORLD/hostdev/$node" "/dev/$node" ||
			world_die "binding /dev/$node failed"
	done
	umount -l "$WORLD/hostdev"
	mkdir -p /dev/pts /dev/shm
	mount -t devpts -o newinstance,gid=5,mode=0620,ptmxmode=0666 devpts /dev/pts &&
		mount -t tmpfs -o mode=1777,nosuid,nodev nsshell-shm /dev/shm || world_die "devpts or /dev/shm failed"
	ln -s pts/ptmx /dev/ptmx
	ln -s /proc/self/fd /dev/fd
	ln -s /proc/self/fd/0 /dev/stdin
	ln -s /proc/self/fd/1 /dev/stdout
	ln -s /proc/self/fd/2 /dev/stderr
	: >"$WORLD_SYSLOG"
	busybox syslogd -n -O "$WORLD_SYSLOG" </dev/null >/dev/null 2>&1 &
	WORLD_SYSLOGD_PID=$!
	world_wait_for 5 test -S /dev/log || world_die "syslogd did not create /dev/log"
}

world_cleanup() {
	sshd_stop
	if [ -n "$WORLD_SYSLOGD_PID" ]; then
		kill "$WORLD_SYSLOGD_PID" 2>/dev/null
		wait "$WORLD_SYSLOGD_PID" 2>/dev/null
	fi
}

# world_wait_for SECONDS COMMAND...: poll every 50 ms until COMMAND succeeds.
world_wait_for() {
	local deadline=$((SECONDS + $1))
	shift
	until "$@"; do
		[ $SECONDS -lt $deadline ] || return 1
		sleep 0.05
	done
}

# world_add_user NAME [UID]: a user with its own group, a home on the world's
# /home, no password (locked for password logins) and the world's SSH key.
world_add_user() {
	local name=$1 uid=${2:-}
	if [ -z "$uid" ]; then
		while getent passwd "$WORLD_UID_NEXT" >/dev/null || getent group "$WORLD_UID_NEXT" >/dev/null; do
			WORLD_UID_NEXT=$((WORLD_UID_NEXT + 1))
		done
		uid=$WORLD_UID_NEXT
	fi
	echo "$name:x:$uid:$uid:nsshell test user:/home/$name:/bin/bash" >>/etc/passwd &&
		echo "$name:x:$uid:" >>/etc/group &&
		echo "$name:*:19000:0:99999:7:::" >>/etc/shadow || world_die "adding user \"$name\" failed"
	world_user_key
	install -d -m 0700 -o "$uid" -g "$uid" "/home/$name" "/home/$name/.ssh" &&
		install -m 0600 -o "$uid" -g "$uid" "$SSH_KEY.pub" "/home/$name/.ssh/authorized_keys" ||
		world_die "creating the home of \"$name\" failed"
}

world_user_key() {
	[ -f "$SSH_KEY" ] && return
	install -d -m 0700 "${SSH_KEY%/*}" && ssh-keygen -q -t ed25519 -N '' -C nsshell-test -f "$SSH_KEY" ||
		world_die "generating the user key failed"
}

# world_processes: "PID COMM" of every live process of the world but PID 1
# (the test), the caller's subshell, syslogd and the sshd listener.
world_processes() {
	local p stat state
	for p in /proc/[0-9]*; do
		p=${p#/proc/}
		case $p in 1 | "$BASHPID" | "$WORLD_SYSLOGD_PID" | "$SSHD_PID") continue ;; esac
		read -r stat <"/proc/$p/stat" 2>/dev/null || continue
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

# sshd_start [EXTRA sshd_config LINES...]: the real sshd, key auth only,
# UsePAM yes with the world's /etc/pam.d/sshd, listening on 127.0.0.1 only.
sshd_start() {
	mkdir -p "$SSHD_DIR" || return
	ssh-keygen -q -t ed25519 -N '' -f "$SSHD_DIR/host_ed25519" || return
	world_user_key
	{
		printf '%s\n' "ListenAddress 127.0.0.1:$SSHD_PORT" "HostKey $SSHD_DIR/host_ed25519" \
			"PidFile $SSHD_DIR/sshd.pid" "UsePAM yes" "PubkeyAuthentication yes" \
			"AuthenticationMethods publickey" "PasswordAuthentication no" \
			"KbdInteractiveAuthentication no" "PermitRootLogin no" "StrictModes no" \
			"AuthorizedKeysFile .ssh/authorized_keys" "UseDNS no" "PrintMotd no" \
			"LogLevel VERBOSE" "Subsystem sftp /usr/lib/openssh/sftp-server"
		printf '%s\n' "$@"
	} >"$SSHD_DIR/sshd_config"
	/usr/sbin/sshd -t -f "$SSHD_DIR/sshd_config" || return
	# Its own session and process group, so that stopping it is one kill.
	setsid /usr/sbin/sshd -D -f "$SSHD_DIR/sshd_config" -E "$SSHD_LOG" </dev/null &
	SSHD_PID=$!
	if ! world_wait_for 10 sshd_listening; then
		echo "sshd_start: sshd did not listen on 127.0.0.1:$SSHD_PORT; its log:" >&2
		cat "$SSHD_LOG" >&2
		return 1
	fi
}

sshd_listening() {
	kill -0 "$SSHD_PID" 2>/dev/null || return 2
	[ -n "$(ss -Hltn "sport = :$SSHD_PORT")" ]
}

# sshd_stop: end the sshd this file started (by PID, then its process group).
sshd_stop() {
	[ -n "$SSHD_PID" ] || return 0
	kill -TERM "$SSHD_PID" 2>/dev/null
	wait "$SSHD_PID" 2>/dev/null
	kill -KILL -- "-$SSHD_PID" 2>/dev/null
	SSHD_PID=
}

# ssh_run USER [ARGS...] COMMAND...: ssh USER@127.0.0.1 with the world's key;
# options (-tt, -L ...) may come before the command.
ssh_run() {
	local user=$1
	shift
	ssh "${SSH_OPTS[@]}" -p "$SSHD_PORT" "$user@127.0.0.1" "$@"
}

# scp_run ARGS...: scp with the world's key; remote paths as USER@127.0.0.1:PATH.
scp_run() {
	scp "${SSH_OPTS[@]}" -P "$SSHD_PORT" "$@"
}

# sftp_run USER BATCHFILE: run sftp commands from BATCHFILE (- for stdin).
sftp_run() {
	sftp "${SSH_OPTS[@]}" -P "$SSHD_PORT" -b "$2" "$1@127.0.0.1"
}

# su_run USER COMMAND: `su - USER -c COMMAND` from root, on a pty.
su_run() {
	script -qec "su - $1 -c $(printf '%q' "$2")" /dev/null </dev/null | tr -d '\r'
	return "${PIPESTATUS[0]}"
}

# login_run USER COMMAND: `login -f USER` (pre-authenticated) on a pty,
# typing COMMAND into the login shell. Prints COMMAND's output (without the
# banner, the echo of the typing and terminal escapes) and returns its status:
# login itself exits 0 whatever its shell did.
login_run() {
	local out rc
	out=$(printf '%s\n' "echo @@BEGIN; $2; echo @@END \$?" exit |
		script -qec "login -f $1" /dev/null | tr -d '\r' | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g')
	rc=$(sed -n 's/^@@END \([0-9]*\)$/\1/p' <<<"$out")
	sed -n '/^@@BEGIN$/,/^@@END /{/^@@/d;p}' <<<"$out"
	return "${rc:-125}"
}

# pam_run [--confdir DIR] [--tty NAME] SERVICE USER COMMAND...: the stack
# SERVICE (from DIR, default the world's /etc/pam.d) around COMMAND.
pam_run() {
	[ -x "$PAM_RUN" ] || world_die "$PAM_RUN is not built (make check-integration builds it)"
	"$PAM_RUN" "$@"
}

# Test bookkeeping: one "ok"/"not ok" line per check, a closing tally.
WORLD_PASSED=0
WORLD_FAILED=0

ok() {
	echo "ok - $*"
	WORLD_PASSED=$((WORLD_PASSED + 1))
}

fail() {
	echo "not ok - $*"
	WORLD_FAILED=$((WORLD_FAILED + 1))
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

# world_done: the closing line, and the exit code for the runner.
world_done() {
	echo "$WORLD_PASSED passed, $WORLD_FAILED failed"
	[ "$WORLD_FAILED" -eq 0 ]
}
