#!/bin/bash
# Run by bench/system-ssh-login through tests/system/run, in the system tier's
# VM: `ssh alice@127.0.0.1 true` from inside the guest, LOGINS times each of
# three ways, interleaved login by login:
#   stock   the stock Debian stack, /bin/bash as her shell;
#   module  pam_nsshell.so last in /etc/pam.d/sshd (an isolated session,
#           systemd backend), still /bin/bash: the module's own cost;
#   full    the module and nsshell as her login shell (the login-shell stage:
#           one more exec, the seccomp filter, NoNewPrivileges, rlimits).
# sshd reads its PAM stack at every connection. Prints @result lines
# (bench/lib.sh's format).
set -uo pipefail
# shellcheck source=tests/system/lib.sh
. "$(dirname "$0")/../../tests/system/lib.sh"

logins=${LOGINS:-30}
vm_root 'install -d -m 0700 /root/.ssh && cat >/root/.ssh/nsshell-test-key && chmod 0600 /root/.ssh/nsshell-test-key' <"$VM_KEY" ||
	exit 1
# shellcheck disable=SC2016 # expanded by root's shell in the guest
vm_root 'logins='"$logins"'
	cp /etc/pam.d/sshd /root/sshd.with && grep -v pam_nsshell /root/sshd.with >/root/sshd.without
	shell=$(getent passwd alice | cut -d: -f7)
	one() { local s e; s=$(date +%s%N)
		ssh -i /root/.ssh/nsshell-test-key -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
			-o BatchMode=yes -o LogLevel=ERROR alice@127.0.0.1 true || echo "login failed ($1)" >&2
		e=$(date +%s%N); echo "$1 $(((e - s) / 1000))"; }
	way() { cp "/root/sshd.$2" /etc/pam.d/sshd; usermod -s "$3" alice; one "$1"; }
	for i in $(seq "$logins"); do
		way stock without /bin/bash
		way module with /bin/bash
		way full with "$shell"
	done >/root/logins.txt
	cp /root/sshd.with /etc/pam.d/sshd; usermod -s "$shell" alice
	median() { awk -v w="$1" "\$1 == w { print \$2 }" /root/logins.txt | sort -n |
		awk "{ v[NR] = \$1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }"; }
	stock=$(median stock) module=$(median module) full=$(median full)
	ms() { awk "BEGIN { print $1 / 1000 }"; }
	printf "@result\tsystem VM: ssh login, stock Debian stack (ms, median of %s)\t%.1f\tms\t\t\n" "$logins" "$(ms "$stock")"
	printf "@result\tsystem VM: ssh login, pam_nsshell, bash shell (ms, median of %s)\t%.1f\tms\t\t\n" "$logins" "$(ms "$module")"
	printf "@result\tsystem VM: ssh login, pam_nsshell and nsshell shell (ms, median of %s)\t%.1f\tms\t\t\n" "$logins" "$(ms "$full")"
	printf "@result\tsystem VM: ssh login with / without the module (x)\t%.3f\tx\tle\t1.05\n" "$(awk "BEGIN { print $module / $stock }")"
	printf "@result\tsystem VM: ssh login isolated with the login-shell stage / stock (x)\t%.3f\tx\t\t\n" "$(awk "BEGIN { print $full / $stock }")"'
