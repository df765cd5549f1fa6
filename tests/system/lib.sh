# shellcheck shell=bash
# Helpers of the system tier (tests/system): boot the cached bookworm image
# (tests/system/image) under qemu TCG and talk to it over ssh.
#
# The runner (tests/system/run) calls vm_boot and vm_shutdown; the tests
# (tests/system/tests/*.sh) source this file and use vm_ssh and vm_root with
# the VM_* variables the runner exports:
#   VM_SYSDIR  BUILDDIR/system (image/, id_ed25519, console.log, run/)
#   VM_PORT    the 127.0.0.1 port qemu forwards to the guest's sshd
#   VM_KEY     the private key every guest user accepts

# Bounds, in seconds.
VM_SSH_WAIT=${VM_SSH_WAIT:-180}
# qemu never outlives this, whatever happens to the runner.
VM_LIFETIME=${VM_LIFETIME:-900}

vm_log() {
	echo "system: $*" >&2
}

# A free TCP port on 127.0.0.1 (qemu fails at once if it was taken since).
vm_free_port() {
	local port tries=0
	while [ $tries -lt 50 ]; do
		port=$((20000 + RANDOM % 20000))
		ss -Htln "sport = :$port" 2>/dev/null | grep -q . || { echo "$port"; return 0; }
		tries=$((tries + 1))
	done
	return 1
}

# vm_ssh USER CMD...: run CMD (one string for the remote shell, as ssh joins
# its arguments) as USER in the guest. Extra ssh options go in VM_SSH_OPTS
# (an array name is not exportable: a string, split on blanks), e.g. -tt.
vm_ssh() {
	local user=$1
	shift
	# shellcheck disable=SC2086 # VM_SSH_OPTS splits on purpose
	ssh -i "$VM_KEY" -p "$VM_PORT" \
		-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
		-o BatchMode=yes -o ConnectTimeout=10 -o LogLevel=ERROR \
		-o ServerAliveInterval=10 -o ServerAliveCountMax=6 \
		${VM_SSH_OPTS:-} "$user@127.0.0.1" -- "$@"
}

vm_root() {
	vm_ssh root "$@"
}

# vm_boot SYSDIR BUILD_DISK: boot a qcow2 overlay of SYSDIR/image/rootfs.img
# (the cached image itself is never written) with BUILD_DISK (may be empty) as
# a second, read-only virtio disk. Sets and exports VM_SYSDIR, VM_PORT,
# VM_KEY, VM_PID (the qemu process, run under timeout(1) for VM_LIFETIME s).
vm_boot() {
	local sysdir=$1 build_disk=${2:-} img run tries=0
	img=$sysdir/image
	run=$sysdir/run
	rm -rf "$run"
	mkdir -p "$run"
	qemu-img create -q -f qcow2 -b "$img/rootfs.img" -F raw "$run/root.qcow2" ||
		{ vm_log "qemu-img create failed"; return 1; }
	export VM_SYSDIR=$sysdir VM_KEY=$sysdir/id_ed25519
	local drives=(-drive "file=$run/root.qcow2,format=qcow2,if=virtio")
	[ -z "$build_disk" ] || drives+=(-drive "file=$build_disk,format=raw,if=virtio,readonly=on")
	while :; do
		VM_PORT=$(vm_free_port) || { vm_log "no free port"; return 1; }
		export VM_PORT
		timeout --kill-after=10 "$VM_LIFETIME" \
			qemu-system-x86_64 -accel tcg -smp 2 -m 2048 -nographic -no-reboot \
			-kernel "$img/vmlinuz" -initrd "$img/initrd.img" \
			-append "root=/dev/vda rw console=ttyS0 net.ifnames=0 fsck.mode=skip" \
			"${drives[@]}" \
			-netdev "user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:$VM_PORT-:22" \
			-device virtio-net-pci,netdev=n0 \
			</dev/null >"$sysdir/console.raw" 2>&1 &
		VM_PID=$!
		export VM_PID
		sleep 1
		kill -0 "$VM_PID" 2>/dev/null && return 0
		wait "$VM_PID" 2>/dev/null
		tries=$((tries + 1))
		if [ $tries -ge 5 ] || ! grep -q -i 'could not set up host forwarding' "$sysdir/console.raw"; then
			vm_log "qemu did not start:"
			sed 's/^/    | /' "$sysdir/console.raw" >&2
			return 1
		fi
	done
}

# vm_console: the console so far, without carriage returns, in SYSDIR/console.log.
vm_console() {
	[ -n "${VM_SYSDIR:-}" ] && [ -f "$VM_SYSDIR/console.raw" ] || return 0
	tr -d '\r' <"$VM_SYSDIR/console.raw" >"$VM_SYSDIR/console.log"
}

# vm_wait_ssh: until root gets a shell over ssh, at most VM_SSH_WAIT seconds.
vm_wait_ssh() {
	local start=$SECONDS
	while [ $((SECONDS - start)) -lt "$VM_SSH_WAIT" ]; do
		kill -0 "$VM_PID" 2>/dev/null || { vm_log "qemu exited before ssh came up"; return 1; }
		VM_SSH_OPTS="-o ConnectTimeout=5" vm_root true </dev/null 2>/dev/null && return 0
		sleep 2
	done
	vm_log "no ssh after ${VM_SSH_WAIT}s"
	return 1
}

# vm_shutdown: power the guest off (bounded), then make sure the qemu this
# shell started is gone. Only VM_PID is ever signalled.
vm_shutdown() {
	[ -n "${VM_PID:-}" ] || return 0
	if kill -0 "$VM_PID" 2>/dev/null; then
		if VM_SSH_OPTS="-o ConnectTimeout=5" vm_root 'systemctl --no-block poweroff' \
			</dev/null >/dev/null 2>&1; then
			for _ in $(seq 1 60); do
				kill -0 "$VM_PID" 2>/dev/null || break
				sleep 1
			done
		fi
		if kill -0 "$VM_PID" 2>/dev/null; then
			vm_log "guest did not power off: stopping qemu (pid $VM_PID)"
			kill "$VM_PID" 2>/dev/null
		fi
	fi
	wait "$VM_PID" 2>/dev/null
	VM_PID=
	vm_console
}

# vm_until SECONDS CMD...: run CMD (on the host, usually a vm_root call) every
# half second until it succeeds; 1 if it never did within SECONDS.
vm_until() {
	local deadline=$((SECONDS + $1))
	shift
	until "$@"; do
		[ $SECONDS -lt "$deadline" ] || return 1
		sleep 0.5
	done
}

# vm_journal_cursor: the guest journal's end, for vm_journal_since.
vm_journal_cursor() {
	vm_root 'journalctl -q -n 0 --show-cursor' | sed -n 's/^-- cursor: //p'
}

# vm_journal_since CURSOR: every journal line after CURSOR.
vm_journal_since() {
	vm_root "journalctl -q --no-pager --after-cursor='$1'"
}

# vm_user_procs USER: the guest processes of USER that are not zombies, as
# "PID ARGS" lines (a session's processes live in its pid namespace, but the
# guest's ps sees them all; user@UID.service's are USER's too).
vm_user_procs() {
	vm_root "ps -u '$1' -o pid=,stat=,args= | awk '\$2 !~ /^Z/ { \$2 = \"\"; print }'"
}

# vm_user_runs USER ARGS: whether USER has a process whose command line is ARGS.
vm_user_runs() {
	vm_user_procs "$1" | grep -q "^[0-9]*  $2\$"
}

# vm_probe: a command for a guest shell that prints where it runs: its
# network namespace, its cgroup (as /proc/self/cgroup names it), NoNewPrivs
# and Seccomp, one per line.
# shellcheck disable=SC2034,SC2016 # used by the tests; expanded by the guest
VM_PROBE='readlink /proc/self/ns/net; sed -n "s/^0:://p" /proc/self/cgroup; grep -E "^(NoNewPrivs|Seccomp):" /proc/self/status | tr -d "\t"'

# vm_host_net: the guest's host network namespace (PID 1's).
vm_host_net() {
	vm_root 'readlink /proc/1/ns/net'
}
