#!/bin/sh
# Infrastructure self-check: the built nsshell runs in the guest, i.e. the
# initramfs holds every library it loads.
. /vmtest/lib.sh

out=$(nsshell --version 2>&1) || fail "nsshell --version failed: $out"
info "$out"
