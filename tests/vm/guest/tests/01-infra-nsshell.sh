#!/bin/sh
# Infrastructure self-check: the built nsshell runs in the guest (the
# initramfs holds every library it loads) and accepts the test policy there
# (syntax, and the ownership and modes of the file and its directories).
# shellcheck source=../lib.sh
. /vmtest/lib.sh

out=$(nsshell --version 2>&1) || fail "nsshell --version failed: $out"
info "$out"
out=$(nsshell --check 2>&1) ||
	fail "nsshell --check refuses the test policy: $(echo "$out" | tail -n 1)"
for u in vmbomb vmmem vmcpu vmshare; do
	limits=$(nsshell --explain "$u" 2>&1 | grep -E '^(TasksMax|MemoryMax|CPUQuota) ') ||
		fail "nsshell --explain $u shows no limit: $(nsshell --explain "$u" 2>&1 | tail -n 1)"
	info "$u: $limits"
done
