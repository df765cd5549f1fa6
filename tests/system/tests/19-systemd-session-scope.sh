#!/bin/bash
# SessionScope user on a systemd host (a drop-in for alice for the length of
# this test): two concurrent logins share one environment (pid namespace,
# /tmp) while each stays in a logind session scope of its own; the second
# keeps the environment after the first ends; `loginctl terminate-user`
# ends everything, the environment's init and a daemon of the first login
# included; the next login builds a new environment.
set -uo pipefail
# shellcheck source=tests/system/lib.sh
. "$(dirname "$0")/../lib.sh"

fail() {
	echo "FAIL: $*"
	exit 1
}

# shellcheck disable=SC2016 # for root's shell in the guest
dropin='for f in /etc/nsshell/nsshell.conf /usr/local/etc/nsshell/nsshell.conf; do
	[ -f "$f" ] || continue
	mkdir -p "$f.d" && printf "Match User alice\n\tSessionScope user\n" >"$f.d/90-session-scope.conf"
done'
undo='rm -f /etc/nsshell/nsshell.conf.d/90-session-scope.conf /usr/local/etc/nsshell/nsshell.conf.d/90-session-scope.conf'
vm_root "$dropin" || fail "writing the drop-in failed"
trap 'vm_root "$undo"' EXIT

# shellcheck disable=SC2016 # expanded by alice's shell in the guest
vm_ssh alice 'echo from-a >/tmp/from-a; setsid sleep 1001 </dev/null >/dev/null 2>&1 &
	echo "sid=$XDG_SESSION_ID"; echo "pidns=$(readlink /proc/self/ns/pid)"; echo READY; exec sleep 301' \
	>"$VM_SYSDIR/19a.out" 2>&1 &
a=$!
a_ready() { grep -q '^READY$' "$VM_SYSDIR/19a.out"; }
vm_until 60 a_ready || fail "login A did not start: $(cat "$VM_SYSDIR/19a.out")"
# shellcheck disable=SC2016
vm_ssh alice 'echo "sid=$XDG_SESSION_ID"; echo "pidns=$(readlink /proc/self/ns/pid)"; echo "file=$(cat /tmp/from-a)"
	echo READY; exec sleep 302' >"$VM_SYSDIR/19b.out" 2>&1 &
b=$!
b_ready() { grep -q '^READY$' "$VM_SYSDIR/19b.out"; }
vm_until 60 b_ready || fail "login B did not start: $(cat "$VM_SYSDIR/19b.out")"
kv() { sed -n "s/^$2=//p" "$VM_SYSDIR/$1"; }
# shellcheck disable=SC2016 # expanded by root's shell in the guest
env_id() { vm_root 'sed -n "s/^id=//p" /run/nsshell/sessions/$(id -u alice)/environment'; }
env1=$(env_id)
[ -n "$env1" ] || fail "no environment record while A and B are open"
[ "$(kv 19a.out pidns)" = "$(kv 19b.out pidns)" ] || fail "B is not in A's pid namespace"
[ "$(kv 19b.out file)" = from-a ] || fail "B does not see A's /tmp file"
[ "$(kv 19a.out sid)" != "$(kv 19b.out sid)" ] || fail "A and B are one logind session"
# shellcheck disable=SC2016 # expanded by root's shell in the guest
scopes=$(vm_root 'for p in $(pgrep -u alice -x -f "sleep 301") $(pgrep -u alice -x -f "sleep 302"); do
	sed -n "s/^0:://p" /proc/$p/cgroup; done')
echo "# scopes of A and B: $(echo "$scopes" | tr '\n' ' ')"
[ "$(echo "$scopes" | grep -c "/session-[0-9]*\.scope$")" -eq 2 ] || fail "A and B are not in logind scopes: $scopes"
[ "$(echo "$scopes" | sort -u | wc -l)" -eq 2 ] || fail "A and B share a scope: $scopes"
echo "# A and B share the environment, each in its own logind scope"

# A's connection drops. Its login ends (its sshd monitor, logind closes
# its session) but not its processes: the environment's end is the last
# login's.
# (vm_ssh is a function: $a is its subshell, the ssh client its child.)
# shellcheck disable=SC2046 # one pid a word
kill $(ps -o pid= --ppid "$a") "$a" 2>/dev/null
wait "$a" 2>/dev/null
# sshd's monitors of alice (the environment's init, forked by A's, has the
# same command line but not the name).
monitors() { vm_root 'ps -eo comm=,args= | grep -c "^sshd *sshd: alice \[priv\]$"'; }
a_gone() { [ "$(monitors)" = 1 ]; }
vm_until 30 a_gone || fail "A's login did not end: $(monitors) monitors of alice's"
vm_user_runs alice 'sleep 302' || fail "B ended with A"
vm_user_runs alice 'sleep 1001' || fail "A's daemon ended with A though B is open"
vm_user_runs alice 'sleep 301' || fail "A's command ended with A though B is open"
# shellcheck disable=SC2016
vm_ssh alice 'echo "pidns=$(readlink /proc/self/ns/pid)"' >"$VM_SYSDIR/19c.out" 2>&1 ||
	fail "a login after A's end failed"
[ "$(kv 19c.out pidns)" = "$(kv 19a.out pidns)" ] || fail "a login after A's end did not join the environment"
echo "# after A's end, B, A's daemon and the environment stay; a new login joins it"

vm_root "loginctl terminate-user alice" || fail "loginctl terminate-user failed"
all_gone() { ! vm_user_procs alice | grep -q -e 'sleep 30[12]' -e 'sleep 1001'; }
vm_until 30 all_gone || fail "terminate-user left: $(vm_user_procs alice)"
vm_until 30 eval "! kill -0 $b 2>/dev/null" || fail "terminate-user: B's connection stayed"
wait "$b" 2>/dev/null
# shellcheck disable=SC2016
init_gone() { [ "$(vm_root 'pgrep -c -x nsshell-init' 2>/dev/null)" = 0 ]; }
vm_until 30 init_gone || fail "the environment's init outlived terminate-user"
# A new environment: its id (the record's; a namespace's inode number may be
# reused once the old one is gone).
vm_ssh alice 'echo READY; exec sleep 10' >"$VM_SYSDIR/19d.out" 2>&1 &
d=$!
d_ready() { grep -q '^READY$' "$VM_SYSDIR/19d.out"; }
vm_until 60 d_ready || fail "a login after terminate-user failed: $(cat "$VM_SYSDIR/19d.out")"
env2=$(env_id)
if [ -z "$env2" ] || [ "$env2" = "$env1" ]; then
	fail "the login after terminate-user is not in a new environment (\"$env1\", then \"$env2\")"
fi
wait "$d"
left() { [ "$(vm_root 'find /run/nsshell/sessions -mindepth 2 -type f | wc -l')" = 0 ]; }
vm_until 30 left || fail "records left: $(vm_root 'find /run/nsshell/sessions -mindepth 2 -type f')"
echo "# loginctl terminate-user ended the environment (init, daemon, both logins); the next login built a new one"
