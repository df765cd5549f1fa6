#!/bin/bash
# Removing and purging as an admin does, then installing again:
# - a stack line added by hand makes the removal stop (without the module
#   that stack would refuse every login), naming the file; taken out, the
#   removal goes on;
# - `apt-get remove` takes the module out of every stack: alice's login
#   works again, unisolated; the policy stays;
# - `apt-get purge` removes /etc/nsshell;
# - `dpkg -i` and pam-auth-update --enable again: alice isolated again.
set -uo pipefail
# shellcheck source=tests/system/lib.sh
. "$(dirname "$0")/../lib.sh"

fail() {
	echo "FAIL: $*"
	exit 1
}

host_net=$(vm_host_net)
export DEBIAN_FRONTEND=noninteractive

vm_root 'cp /etc/pam.d/sudo /root/sudo.pam && echo "session optional pam_nsshell.so" >>/etc/pam.d/sudo'
out=$(vm_root 'DEBIAN_FRONTEND=noninteractive apt-get remove -y -q libpam-nsshell nsshell 2>&1')
rc=$?
echo "$out" | tail -n 4
[ $rc -ne 0 ] || fail "the removal went on with /etc/pam.d/sudo naming pam_nsshell"
grep -q 'still use pam_nsshell.so: /etc/pam.d/sudo' <<<"$out" || fail "the refusal does not name /etc/pam.d/sudo"
vm_root 'test -f /usr/lib/x86_64-linux-gnu/security/pam_nsshell.so' || fail "the module is gone after a refused removal"
a=$(vm_ssh alice "$VM_PROBE") || fail "alice cannot log in after the refused removal"
[ "$(sed -n 1p <<<"$a")" != "$host_net" ] || fail "alice is not isolated after the refused removal"
echo "# a hand-added stack line stops the removal, named; the module stays and logins stay isolated"

vm_root 'cp /root/sudo.pam /etc/pam.d/sudo && DEBIAN_FRONTEND=noninteractive apt-get remove -y -q libpam-nsshell nsshell' >/dev/null ||
	fail "apt-get remove failed"
vm_root 'grep -l pam_nsshell /etc/pam.d/*' && fail "a stack still names pam_nsshell after the removal"
vm_root 'test -e /usr/lib/x86_64-linux-gnu/security/pam_nsshell.so || test -e /usr/bin/nsshell' &&
	fail "the module or nsshell is still installed"
a=$(vm_ssh alice "$VM_PROBE") || fail "alice cannot log in after the removal"
echo "alice: $(tr '\n' ' ' <<<"$a")"
[ "$(sed -n 1p <<<"$a")" = "$host_net" ] || fail "alice is still isolated after the removal"
vm_root 'test -f /etc/nsshell/nsshell.conf' || fail "remove (not purge) deleted the policy"
echo "# apt-get remove: no stack names pam_nsshell, alice logs in unisolated, the policy is kept"

vm_root 'DEBIAN_FRONTEND=noninteractive apt-get purge -y -q nsshell libpam-nsshell' >/dev/null || fail "apt-get purge failed"
vm_root 'test -e /etc/nsshell' && fail "/etc/nsshell is left after the purge"
echo "# apt-get purge: /etc/nsshell removed"

vm_root 'dpkg -i /root/debs/upgrade/*.deb && cp /root/debs/nsshell.conf /etc/nsshell/nsshell.conf &&
	DEBIAN_FRONTEND=noninteractive pam-auth-update --enable nsshell' >/dev/null || fail "installing again failed"
a=$(vm_ssh alice "$VM_PROBE") || fail "alice cannot log in after installing again"
echo "alice: $(tr '\n' ' ' <<<"$a")"
[ "$(sed -n 1p <<<"$a")" != "$host_net" ] || fail "alice is not isolated after installing again"
echo "# installed and enabled again: alice isolated again"
