#!/bin/bash
# Observation, not a test: what logind and pam_nsshell say about an isolated
# login (alice) on this systemd host, while it runs and after logout:
# loginctl's view of the session and the journal lines of pam_nsshell,
# pam_systemd, her sshd and logind. design-notes §4b expects pam_nsshell's
# move of the sshd monitor to empty session-N.scope, so that logind no
# longer finds the caller when pam_systemd releases the session.
set -uo pipefail
# shellcheck source=tests/system/lib.sh
. "$(dirname "$0")/../lib.sh"

cursor=$(vm_root 'journalctl -q -n 0 --show-cursor' | sed -n 's/^-- cursor: //p')

# A login that lasts long enough to be looked at from outside (each ssh to
# the guest takes 1-3 s under TCG: one root call while it runs).
out=$(mktemp)
trap 'rm -f "$out"' EXIT
# shellcheck disable=SC2016 # expanded by alice's shell in the guest
vm_ssh alice 'echo "XDG_SESSION_ID=${XDG_SESSION_ID:-unset} pid=$$ $(readlink /proc/self/ns/mnt)"
	cat /proc/self/cgroup; sleep 25' >"$out" 2>&1 &
ssh_pid=$!
sleep 8
echo "== alice's login, from inside"
cat "$out"
during=$(vm_root bash -s <<'GUEST'
sid=$(loginctl list-sessions --no-legend | awk '$3 == "alice" { print $1 }' | tail -n 1)
echo "== loginctl list-sessions during the login"
loginctl list-sessions --no-legend
echo "alice's session id per logind: ${sid:-none}"
echo "== loginctl session-status $sid during the login"
loginctl session-status "$sid" --no-pager --lines=0 2>&1
loginctl show-session "$sid" -p Id -p State -p Scope -p Leader -p Active 2>&1
echo "== logind's record /run/systemd/sessions/$sid"
cat "/run/systemd/sessions/$sid" 2>&1
echo "== systemctl status session-$sid.scope"
systemctl status "session-$sid.scope" --no-pager --lines=0 2>&1 | head -n 12
echo "== alice's processes: pid, user, cgroup, args"
ps -e -o pid=,user=,cgroup:72=,args= | grep -E '[s]shd: alice|^ *[0-9]+ alice ' | cut -c1-170
echo "== nsshell --list"
nsshell --list 2>&1
echo "SID=$sid"
GUEST
)
echo "$during" | grep -v '^SID='
sid=$(echo "$during" | sed -n 's/^SID=//p')

wait "$ssh_pid"
echo "ssh alice exited with status $?"
sleep 3
{
	printf 'sid=%q cursor=%q\n' "$sid" "$cursor"
	cat <<'GUEST'
echo "== after logout: loginctl list-sessions"
loginctl list-sessions --no-legend
echo "== after logout: loginctl session-status $sid"
loginctl session-status "$sid" --no-pager --lines=0 2>&1
loginctl show-session "$sid" -p State -p Scope 2>&1
echo "== after logout: loginctl user-status alice (first lines)"
loginctl user-status alice --no-pager --lines=0 2>&1 | head -n 20
echo "== after logout: nsshell --list, scopes and slices left below nsshell.slice"
nsshell --list 2>&1
find /sys/fs/cgroup/nsshell.slice \( -name '*.scope' -o -name '*.slice' \) 2>&1
echo "== journal of alice's login: pam_nsshell, pam_systemd, her sshd, logind, her scope, user manager"
spid=$(journalctl -q --after-cursor="$cursor" -o short | sed -n 's/.*sshd\[\([0-9]*\)\]: Accepted publickey for alice.*/\1/p' | head -n 1)
journalctl -q --no-pager -o short-precise --after-cursor="$cursor" |
	grep -E "pam_nsshell|pam_systemd|alice|[Ss]ession $sid[ .]|session-$sid\.scope|user@1001|user-1001|sshd\[${spid:-none}\]"
GUEST
} | vm_root bash -s
