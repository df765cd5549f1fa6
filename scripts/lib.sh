# Shared by scripts/*: where the source is, where builds go, how to build.
# shellcheck shell=bash
NSSHELL_SRCDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NSSHELL_BUILDROOT=${NSSHELL_BUILDROOT:-$NSSHELL_SRCDIR/build}

# bootstrap: generate configure once (and again when configure.ac or a
# Makefile fragment is newer than it).
bootstrap() {
	local cfg=$NSSHELL_SRCDIR/configure
	if [ ! -x "$cfg" ] || [ -n "$(find "$NSSHELL_SRCDIR" -path "$NSSHELL_BUILDROOT" -prune -o \
		\( -name configure.ac -o -name '*.am' \) -newer "$cfg" -print -quit)" ]; then
		(cd "$NSSHELL_SRCDIR" && autoreconf -fi >/dev/null)
	fi
}

# build NAME [configure args...]: an out-of-tree build in $NSSHELL_BUILDROOT/NAME.
build() {
	local name=$1
	shift
	local dir=$NSSHELL_BUILDROOT/$name
	bootstrap
	mkdir -p "$dir"
	if [ ! -f "$dir/Makefile" ]; then
		(cd "$dir" && "$NSSHELL_SRCDIR/configure" -q "$@") >&2 || return
	fi
	make -C "$dir" -s -j"$(nproc)" >&2 || return
	echo "$dir"
}
