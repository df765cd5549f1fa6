# shellcheck shell=bash
# A real OpenSSH server, su, login and a PAM driver in the test world of
# lib/world.sh (sourced from here). A test:
#
#   . "$NSSHELL_SRCDIR/tests/integration/lib/sshd.sh"
#   world_enter "$@"       # as in world.sh
#   world_add_user alice   # with the world's key in ~alice/.ssh/authorized_keys
#   sshd_start             # sshd on 127.0.0.1:$SSHD_PORT, the world's own lo
#   ssh_run alice id
#
# sshd runs with UsePAM yes and the world's /etc/pam.d/sshd, key auth only;
# pam_stack_nsshell SERVICE puts pam_nsshell.so last in a stack.

# shellcheck source=world.sh
. "$(dirname "${BASH_SOURCE[0]}")/world.sh"

SSHD_PORT=2222 # the world's network namespace is new: every port is free
SSHD_PID=
PAM_RUN=$NSSHELL_BUILDDIR/tests/integration/pam-run
PAM_NSSHELL=$NSSHELL_BUILDDIR/pam/.libs/pam_nsshell.so
WORLD_USER_HOOKS+=(ssh_authorize)

# The world's paths exist once world_enter has run inside it.
sshd_paths() {
	SSHD_DIR=$WORLD/sshd
	SSHD_LOG=$SSHD_DIR/sshd.log
	SSH_KEY=$WORLD/ssh/id_ed25519
	SSH_OPTS=(-F /dev/null -i "$SSH_KEY" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null
		-o BatchMode=yes -o LogLevel=ERROR -o ConnectTimeout=10)
}

# ssh_authorize USER...: the world's user key (made once) may log in as USER.
ssh_authorize() {
	local user
	sshd_paths
	if [ ! -f "$SSH_KEY" ]; then
		{ install -d -m 0700 "${SSH_KEY%/*}" && ssh-keygen -q -t ed25519 -N '' -C nsshell-test -f "$SSH_KEY"; } ||
			world_die "generating the user key failed"
	fi
	for user in "$@"; do
		{ install -d -m 0700 -o "$user" -g "$user" "/home/$user/.ssh" &&
			install -m 0600 -o "$user" -g "$user" "$SSH_KEY.pub" "/home/$user/.ssh/authorized_keys"; } ||
			world_die "authorizing the key for \"$user\" failed"
	done
}

# pam_stack_nsshell SERVICE [ARG...]: pam_nsshell last in SERVICE's session
# stack, with the world's policy file.
pam_stack_nsshell() {
	local service=$1
	shift
	echo "session required $PAM_NSSHELL config=$WORLD/nsshell.conf $*" >>"$WORLD_PAMD/$service"
}

# sshd_monitor USER: the pid of the "sshd: USER [priv]" monitor of USER's
# connection (the listener's child; the session's init, forked from it,
# carries the same title one level down).
sshd_monitor() {
	ps -o pid=,args= --ppid "$SSHD_PID" | awk -v t="sshd: $1 [priv]" '{ p = $1; sub(/^ *[0-9]+ /, "") } $0 == t { print p }'
}

# sshd_start [EXTRA sshd_config LINES...]: the real sshd, key auth only,
# UsePAM yes with the world's /etc/pam.d/sshd, listening on 127.0.0.1 only.
sshd_start() {
	local tool
	for tool in /usr/sbin/sshd ssh scp sftp ssh-keygen ss; do
		command -v "$tool" >/dev/null || skip "\"$tool\" is not installed (scripts/deps installs it)"
	done
	sshd_paths
	mkdir -p "$SSHD_DIR" /run/sshd || return
	ssh-keygen -q -t ed25519 -N '' -f "$SSHD_DIR/host_ed25519" || return
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
	WORLD_DAEMONS+=("$SSHD_PID")
	WORLD_CLEANUP+=(sshd_stop)
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
	world_forget "$SSHD_PID"
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

# sftp_run USER BATCHFILE [OPTION...]: run sftp commands from BATCHFILE (- for stdin).
sftp_run() {
	local user=$1 batch=$2
	shift 2
	sftp "${SSH_OPTS[@]}" -P "$SSHD_PORT" "$@" -b "$batch" "$user@127.0.0.1"
}

# su_run USER COMMAND: `su - USER -c COMMAND` from root, on a pty.
su_run() {
	script -qec "su - $1 -c $(printf '%q' "$2")" /dev/null </dev/null | tr -d '\r'
	return "${PIPESTATUS[0]}"
}

# tty_text: a terminal's output as plain lines, without CRs and the escape
# sequences (bracketed paste, colours) shells write to a tty.
tty_text() {
	tr -d '\r' | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g'
}

# login_run USER COMMAND: `login -f USER` (pre-authenticated) on a pty,
# typing COMMAND into the login shell. Prints COMMAND's output (without the
# banner, the echo of the typing and terminal escapes) and returns its status:
# login itself exits 0 whatever its shell did.
login_run() {
	local out rc
	out=$(printf '%s\n' "echo @@BEGIN; $2; echo @@END \$?" exit |
		script -qec "login -f $1" /dev/null | tty_text)
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
