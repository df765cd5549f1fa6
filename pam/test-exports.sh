#!/bin/sh
# pam_nsshell.so must export exactly its entry points (session, and authenticate/setcred) (its version
# script hides the library it is linked from) and load with every symbol bound
# (the link does not use -Wl,--no-undefined: a sanitizer build's module
# leaves its runtime to the executable, so those symbols are let through).
set -eu
so=pam/.libs/pam_nsshell.so
if [ ! -f "$so" ] && [ -f pam/.libs/pam_nsshell.a ]; then
	echo "SKIP: a --disable-shared build makes no pam_nsshell.so"
	exit 77
fi
[ -f "$so" ] || { echo "FAIL: $so is not built"; exit 1; }

exported=$(nm -D --defined-only "$so" | awk '{ print $3 }' | sort | tr '\n' ' ')
if [ "$exported" != "pam_sm_authenticate pam_sm_close_session pam_sm_open_session pam_sm_setcred " ]; then
	echo "FAIL: $so exports: $exported"
	exit 1
fi
echo "ok: exports $exported"

unresolved=$(LD_BIND_NOW=1 ldd -r "$so" 2>&1 | grep -i 'undefined symbol' |
	grep -v -E 'symbol: __(asan|ubsan|sanitizer|lsan)_' || true)
if [ -n "$unresolved" ]; then
	echo "FAIL: $so has unresolved symbols:"
	echo "$unresolved"
	exit 1
fi
echo "ok: every symbol resolves"
