#!/bin/bash
# Build md-cluster.ko out of tree for a Debian 12 6.12 kernel: KVER, else
# the running kernel when supported, else the newest (scripts/versions.sh).
#   (no argument)  build build/md-cluster.ko
#   --check        rebuild with W=1 and sparse (C=2), then checkpatch --strict;
#                  any warning fails
#   --clean        remove build products from src/
# MDC_TEST=1 builds the test variant, with the debugfs message injector
# (CONFIG_MD_CLUSTER_TEST_INJECT), into build/test/md-cluster.ko instead.
# --check covers the injector too, then rebuilds the production module.
set -euo pipefail
. "$(dirname "$0")/versions.sh"

kver=$(mdc_detect_kver)
kdir=/lib/modules/$kver/build
src=$MDC_TOP/src

if [ "${1:-}" = --clean ]; then
	[ -d "$kdir" ] && make -s -C "$kdir" M="$src" clean >/dev/null 2>&1 || true
	rm -f "$MDC_BUILD/md-cluster.ko" "$MDC_BUILD/test/md-cluster.ko"
	exit 0
fi

[ -d "$kdir" ] || { echo "build-module: $kdir missing (linux-headers-$kver)" >&2; exit 1; }
mdinc=$("$MDC_TOP/scripts/md-headers.sh" -k "$kver" -c "$MDC_BUILD/md-headers")
mkdir -p "$MDC_BUILD"

if [ "${1:-}" = --check ]; then
	log=$MDC_BUILD/module-check.log
	make -s -C "$kdir" M="$src" clean >/dev/null
	make -C "$kdir" M="$src" MDC_MD_INCLUDE="$mdinc" MDC_VERSION="$MDC_VERSION" W=1 C=2 \
		CONFIG_MD_CLUSTER_TEST_INJECT=y \
		CF="-D__CHECK_ENDIAN__" modules >"$log" 2>&1 || { cat "$log"; exit 1; }
	# Kbuild's own chatter is fine; anything from the compiler or sparse is not.
	if grep -E 'warning:|error:|sparse:' "$log"; then
		echo "module-check: W=1 / sparse warnings (see $log)" >&2
		exit 1
	fi
	"$MDC_TOP/scripts/checkpatch.sh"
	echo "module-check: W=1, sparse and checkpatch --strict clean"
	# the checked objects include the injector: rebuild production
	make -s -C "$kdir" M="$src" clean >/dev/null
	make -s -C "$kdir" M="$src" MDC_MD_INCLUDE="$mdinc" MDC_VERSION="$MDC_VERSION" modules
elif [ "${MDC_TEST:-0}" = 1 ]; then
	make -s -C "$kdir" M="$src" MDC_MD_INCLUDE="$mdinc" MDC_VERSION="$MDC_VERSION" \
		CONFIG_MD_CLUSTER_TEST_INJECT=y modules
	mkdir -p "$MDC_BUILD/test"
	cp "$src/md-cluster.ko" "$MDC_BUILD/test/md-cluster.ko"
	# leave no injector objects behind for a production build
	make -s -C "$kdir" M="$src" clean >/dev/null
	exit 0
else
	make -s -C "$kdir" M="$src" MDC_MD_INCLUDE="$mdinc" MDC_VERSION="$MDC_VERSION" modules
fi
# md's structs as the module saw them must be md_mod's (BTF), where the
# image of that kernel is installed.
"$MDC_TOP/scripts/md-layout-check.sh" -k "$kver" -m "$mdinc" "$src/md-cluster.ko"
cp "$src/md-cluster.ko" "$MDC_BUILD/md-cluster.ko"
