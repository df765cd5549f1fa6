#!/bin/bash
# With the profile enabled (test 20), every PAM service that starts a user's
# processes isolates alice alike, through common-session or
# common-session-noninteractive and nothing added to a service's own stack:
# a crontab entry, an at job, `sudo -u alice`, `su - alice`, `login -f alice`
# on a pty. Each runs in a network namespace and cgroup namespace of its
# own with NoNewPrivs; carol's cron job and sudo command, the controls, run
# on the host.
set -uo pipefail
# shellcheck source=tests/system/lib.sh
. "$(dirname "$0")/../lib.sh"

fail() {
	echo "FAIL: $*"
	exit 1
}

vm_root 'grep -l pam_nsshell /etc/pam.d/cron /etc/pam.d/atd /etc/pam.d/sudo /etc/pam.d/su /etc/pam.d/login' &&
	fail "a service's own stack names pam_nsshell: only common-* may"
host_net=$(vm_host_net)
# isolated WHAT OUTPUT: OUTPUT (vm_probe's) is of an isolated session.
isolated() {
	echo "$1: $(tr '\n' ' ' <<<"$2")"
	[ "$(sed -n 1p <<<"$2")" != "$host_net" ] || fail "$1 ran in the host's network namespace"
	[ "$(sed -n 2p <<<"$2")" = / ] || fail "$1 sees the host's cgroup tree (no cgroup namespace)"
	grep -qx 'NoNewPrivs:1' <<<"$2" || fail "$1 lacks NoNewPrivs"
}
on_host() {
	echo "$1: $(tr '\n' ' ' <<<"$2")"
	[ "$(sed -n 1p <<<"$2")" = "$host_net" ] || fail "control: $1 is not in the host's network namespace"
}

# cron and at: jobs that write the probe's output to the user's home,
# submitted by root (crontab -u) and through runuser, whose stack has no
# session module: crontab(1) and at(1) are set-group-ID programs, which do
# not work in an isolated session under NoNewPrivileges.
# shellcheck disable=SC2016 # for the job's shell
job() { printf '{ %s; } >$HOME/%s.tmp 2>&1; mv $HOME/%s.tmp $HOME/%s.out' "$VM_PROBE" "$1" "$1" "$1"; }
for u in alice carol; do
	vm_root "rm -f /home/$u/cron.out /home/$u/at.out
		echo $(printf '%q' "* * * * * $(job cron)") | crontab -u $u -
		echo $(printf '%q' "$(job at)") | runuser -u $u -- sh -c 'cd / && at now 2>/dev/null'" ||
		fail "installing $u's jobs failed"
done
ran() { vm_root "test -s /home/alice/$1.out && test -s /home/carol/$1.out"; }
vm_until 60 ran at || fail "the at jobs did not run: $(vm_root 'atq')"
vm_until 90 ran cron || fail "the cron jobs did not run within 90 s"
vm_root 'crontab -u alice -r; crontab -u carol -r'
isolated "alice's cron job" "$(vm_root 'cat /home/alice/cron.out')"
on_host "carol's cron job" "$(vm_root 'cat /home/carol/cron.out')"
isolated "alice's at job" "$(vm_root 'cat /home/alice/at.out')"
echo "# cron and at: alice's jobs isolated, carol's on the host"

isolated "sudo -u alice" "$(vm_root "cd / && sudo -u alice sh -c $(printf '%q' "$VM_PROBE")")"
on_host "sudo -u carol" "$(vm_root "cd / && sudo -u carol sh -c $(printf '%q' "$VM_PROBE")")"
echo "# sudo -u alice: isolated; sudo -u carol on the host"

isolated "su - alice" "$(vm_root "su - alice -c $(printf '%q' "$VM_PROBE")")"
# login on a pty (script(1)), the probe typed into alice's shell.
out=$(vm_root "printf '%s\n' $(printf '%q' "echo @@B; $VM_PROBE; echo @@E") exit |
	script -qec 'login -f alice' /dev/null" | tr -d '\r' | sed -n '/^@@B$/,/^@@E$/{/^@@/d;p}')
isolated "login -f alice" "$out"
echo "# su - alice and login -f alice: isolated"

journal=$(vm_root 'journalctl -q --no-pager -b' | grep -E 'pam_nsshell\([a-z-]+:session\): session start: user "alice"')
for service in cron atd sudo su-l login; do
	grep -q "pam_nsshell($service:session)" <<<"$journal" || fail "no pam_nsshell session start for alice in service $service"
done
vm_root 'journalctl -q --no-pager -b' | grep -q 'session end failed' && fail "a session end failed"
echo "# the journal has a pam_nsshell session start for cron, atd, sudo, su-l and login; no session end failed"
