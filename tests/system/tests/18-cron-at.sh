#!/bin/bash
# cron and at run a user's jobs with /bin/sh, never through the login shell
# (security issue 12, item 3): with pam_nsshell in /etc/pam.d/cron and
# /etc/pam.d/atd, alice's cron job and at job run in her session's
# namespaces, in a scope of user-1001.slice (no logind session: the stacks
# have no pam_systemd, so a transient nsshell-ID.scope), with the PAM-only
# hardening (NoNewPrivs, the TIOCSTI filter); carol's (not isolated) run on
# the host. Every job's session ends with the job: no scope, no record left
# (cron's child waits for all its children before it closes the session: the
# session init must not be one it can wait for).
set -uo pipefail
# shellcheck source=tests/system/lib.sh
. "$(dirname "$0")/../lib.sh"

fail() {
	echo "FAIL: $*"
	exit 1
}

# What a job writes: its namespaces, cgroup (as it sees it) and hardening,
# one per line; $HOME is the job's.
# shellcheck disable=SC2016
probe='{ readlink /proc/self/ns/net /proc/self/ns/mnt; sed -n "s/^0:://p" /proc/self/cgroup; grep -E "^(NoNewPrivs|Seccomp):" /proc/self/status; } >$HOME/JOB.out.tmp 2>&1; mv $HOME/JOB.out.tmp $HOME/JOB.out'
cursor=$(vm_journal_cursor) || fail "ssh as root failed"
host_net=$(vm_root 'readlink /proc/1/ns/net')
for u in alice carol; do
	# at runs a job in the directory it was submitted from: /, which every
	# user can enter.
	# shellcheck disable=SC2016 # for the guest's shells
	vm_root "rm -f /home/$u/cron.out /home/$u/at.out
		echo '* * * * * ${probe//JOB/cron}' | crontab -u $u -
		echo '${probe//JOB/at}' | su -s /bin/sh -c 'cd / && at now 2>/dev/null' $u" ||
		fail "installing $u's jobs failed"
done
ran() { vm_root "test -s /home/alice/$1.out && test -s /home/carol/$1.out"; }
vm_until 60 ran at || fail "the at jobs did not run: $(vm_root 'atq; ls -la /home/alice /home/carol')"
vm_until 90 ran cron || fail "the cron jobs did not run within 90 s"
vm_root 'crontab -u alice -r; crontab -u carol -r'
for job in cron at; do
	a=$(vm_root "cat /home/alice/$job.out") c=$(vm_root "cat /home/carol/$job.out")
	echo "alice's $job job: $(tr '\n' ' ' <<<"$a")"
	echo "carol's $job job: $(tr '\n' ' ' <<<"$c")"
	[ "$(sed -n 1p <<<"$c")" = "$host_net" ] || fail "control: carol's $job job is not in the host's network namespace"
	[ "$(sed -n 1p <<<"$a")" != "$host_net" ] || fail "alice's $job job ran in the host's network namespace"
	[ "$(sed -n 3p <<<"$a")" = / ] || fail "alice's $job job sees the host's cgroup tree (no cgroup namespace)"
	grep -q '^NoNewPrivs:[[:space:]]*1$' <<<"$a" || fail "alice's $job job lacks NoNewPrivs (PAM-only hardening)"
	grep -q '^Seccomp:[[:space:]]*2$' <<<"$a" || fail "alice's $job job has no seccomp filter (PAM-only hardening)"
	echo "# $job: alice's job ran isolated (own net, mount and cgroup namespaces, NoNewPrivs, seccomp); carol's on the host"
done
journal=$(vm_journal_since "$cursor")
grep -E 'pam_nsshell\((cron|atd):session\)' <<<"$journal" | tail -n 4
grep -q 'pam_nsshell(cron:session): session start: user "alice"' <<<"$journal" || fail "no session start for alice's cron job"
grep -q 'pam_nsshell(atd:session): session start: user "alice"' <<<"$journal" || fail "no session start for alice's at job"
scopes=$(grep -c 'Started nsshell-[0-9a-f]*\.scope - nsshell session [0-9a-f]* of uid 1001' <<<"$journal")
echo "transient nsshell scopes started in user-1001.slice: $scopes"
[ "$scopes" -ge 2 ] || fail "alice's jobs did not get transient scopes of user-1001.slice (no logind session in cron's and atd's stacks)"
! grep -q 'session end failed' <<<"$journal" || fail "a job's session end failed"
none_left() { [ -z "$(vm_root "systemctl list-units --all --plain --no-legend 'nsshell-*.scope'")" ]; }
vm_until 30 none_left || fail "a job's scope is left: $(vm_root "systemctl list-units --all --plain --no-legend 'nsshell-*.scope'")"
echo "# the jobs' sessions ended with them: no nsshell scope left, no 'session end failed'"
