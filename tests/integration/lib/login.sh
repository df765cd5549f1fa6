# shellcheck shell=bash
# The login-shell stage's tests, on top of lib/sshd.sh's world: the built
# nsshell as a test user's shell, in the world's copy of /etc/passwd, and a
# policy at the path nsshell reads it from (it takes no --config as a login
# shell), on a tmpfs of the world's mount namespace.
#
#   login_setup                  # after world_enter; sets LOGIN_SHELL
#   login_policy <<<'...'        # the policy every nsshell of the world reads
#   login_set_shell alice "$LOGIN_SHELL"

LOGIN_SHELL=
LOGIN_POLICY=
LOGIN_BIN=/run/nsshell-testbin # test programs the users run (0755)

# The configured sysconfdir of the build, as make expands it.
login_sysconfdir() {
	# shellcheck disable=SC2016 # $(sysconfdir) is make's
	make -s --no-print-directory -C "$NSSHELL_BUILDDIR" -f Makefile -f - login-print-sysconfdir \
		<<<'login-print-sysconfdir: ; @echo $(sysconfdir)'
}

# login_overlay DIR: DIR writable in the world only: an overlay whose upper layer
# is on the world's tmpfs, so $dir can be created without touching the host.
# The world's bind mounts below /etc are hidden by it and made again on top.
login_overlay() {
	mkdir -p "$WORLD/overlay/upper" "$WORLD/overlay/work" &&
		mount -t overlay -o "lowerdir=$1,upperdir=$WORLD/overlay/upper,workdir=$WORLD/overlay/work" \
			nsshell-etc "$1" || return
	[ "$1" = /etc ] || return 0
	world_bind_etc
}

login_setup() {
	local etc dir
	etc=$(login_sysconfdir) || skip "cannot read sysconfdir from $NSSHELL_BUILDDIR/Makefile"
	dir=$etc/nsshell
	if [ -d "$dir" ]; then
		mount -t tmpfs -o mode=0755 nsshell-etc "$dir" || world_die "tmpfs on $dir failed"
	elif [ -d "$etc" ]; then
		{ login_overlay "$etc" && mkdir -m 0755 "$dir"; } || world_die "an overlay on $etc failed"
	else
		skip "nsshell reads $dir below $etc, which does not exist on this host"
	fi
	LOGIN_POLICY=$dir/nsshell.conf
	# The user must be able to reach and run the binary; the build tree may not be.
	# $WORLD is 0700; the world's /run is its own tmpfs, so a 0755 directory
	# there is reachable by the test users and gone with the world. Mode 0711,
	# as make install leaves it: run, never read by the users, so the kernel
	# starts the stage non-dumpable.
	{ install -d -m 0755 "$LOGIN_BIN" &&
		install -m 0711 "$NSSHELL_BUILDDIR/shell/nsshell" "$LOGIN_BIN"/nsshell; } ||
		world_die "copying nsshell failed"
	# shellcheck disable=SC2034 # for the tests that source this file
	LOGIN_SHELL=$LOGIN_BIN/nsshell
}

# login_policy: stdin becomes the policy (root-owned 0644: the stage reads it as the user).
login_policy() {
	{
		# Sessions go below the test's own CgroupRoot (see world_policy),
		# which the world collects at exit; never the default nsshell.slice.
		echo "CgroupRoot $NSSHELL_TEST_CGROUP_ROOT"
		cat
	} >"$LOGIN_POLICY" && chmod 0644 "$LOGIN_POLICY"
}

# login_set_shell NAME SHELL: in place (the world's /etc/passwd is a bind mount, which
# usermod's rename cannot replace).
login_set_shell() {
	local content
	content=$(awk -F: -v OFS=: -v u="$1" -v s="$2" '$1 == u { $7 = s } { print }' /etc/passwd) &&
		printf '%s\n' "$content" >/etc/passwd
}

# login_as NAME COMMAND...: COMMAND as the user, outside any session (as cron or a
# stack without pam_nsshell would start it).
login_as() {
	local name=$1
	shift
	setpriv --reuid="$name" --regid="$name" --init-groups --reset-env -- "$@"
}

# LOGIN_NOCAPS: a prefix for a command setpriv starts as a user, so that it is
# execed by a process that holds no capability, as sshd, login and su exec a
# login shell. (setpriv keeps its effective capabilities up to its execve(): a
# binary it starts directly is dumpable even when the user may not read it,
# and the stage refuses to run so.)
# shellcheck disable=SC2016,SC2034 # for the bash started as the user; used by the tests
LOGIN_NOCAPS=(bash -c 'exec "$@"' nocaps)

# not COMMAND...: succeeds if COMMAND fails (for check).
not() {
	! "$@"
}
