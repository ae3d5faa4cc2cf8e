#!/bin/bash
# Build md-cluster.ko out of tree for one Debian kernel: KVER (any kernel of
# scripts/versions.sh's list, or a name scripts/kernels.sh resolves: 6.1,
# 6.12, 6.12-deb13, 7.3), else the developer's Debian 12 6.12 kernel.
#   (no argument)  build build/ko/KVER/md-cluster.ko
#   --check        rebuild with W=1 and sparse (C=2), then checkpatch --strict;
#                  any warning fails
#   --clean        remove build products
# MDC_TEST=1 builds the test variant, with the debugfs message injector
# (CONFIG_MD_CLUSTER_TEST_INJECT), into build/ko/KVER/test/md-cluster.ko
# instead.  --check covers the injector too, then rebuilds the production
# module.  The developer's kernel's modules are also copied to
# build/md-cluster.ko and build/test/md-cluster.ko.
#
# Objects go to build/obj/KVER (a copy of src/), so builds for different
# kernels never share a file.  Debian 13's kernels are built inside the
# trixie build root (scripts/buildroot.sh): this script re-runs itself there.
set -euo pipefail
. "$(dirname "$0")/versions.sh"

if [ -n "${KVER:-}" ] && ! [[ $KVER =~ $MDC_KVER_RE ]]; then
	KVER=$("$MDC_TOP/scripts/kernels.sh" resolve "$KVER")
fi
kver=$(mdc_detect_kver)
[ -n "$kver" ] || { echo "build-module: no supported kernel with headers (scripts/deps.sh build)" >&2; exit 1; }
default_kver=$(KVER='' mdc_detect_kver)
obj=$MDC_BUILD/obj/$kver
ko=$(mdc_ko_dir "$kver")

if [ "${1:-}" = --clean ]; then
	rm -rf "$MDC_BUILD/obj" "$MDC_BUILD/ko" "$MDC_BUILD/md-cluster.ko" "$MDC_BUILD/test/md-cluster.ko"
	exit 0
fi

root=$(mdc_kernel_root "$kver")
if [ -n "$root" ] && [ -z "${MDC_IN_BUILDROOT:-}" ]; then
	"$MDC_TOP/scripts/kernels.sh" headers "$kver"
	exec "$MDC_TOP/scripts/buildroot.sh" run env MDC_IN_BUILDROOT=1 KVER="$kver" \
		MDC_TEST="${MDC_TEST:-0}" MDC_BUILD="$MDC_BUILD" "$MDC_TOP/scripts/build-module.sh" "$@"
fi
[ -n "$root" ] || "$MDC_TOP/scripts/kernels.sh" headers "$kver"

kdir=$(mdc_kdir "$kver")
[ -d "$kdir" ] || { echo "build-module: $kdir missing (linux-headers-$kver)" >&2; exit 1; }
mdinc=$("$MDC_TOP/scripts/md-headers.sh" -k "$kver" -c "$MDC_BUILD/md-headers" --fetch)

# A fresh copy of the sources: what was deleted from src/ must not linger.
fresh_obj() {
	rm -rf "$obj"
	mkdir -p "$obj"
	cp -a "$MDC_TOP/src/." "$obj/"
}

kmake() {
	make -C "$kdir" M="$obj" MDC_MD_INCLUDE="$mdinc" MDC_VERSION="$MDC_VERSION" \
		-j"$(nproc)" "$@"
}

if [ "${1:-}" = --check ]; then
	log=$MDC_BUILD/module-check-$kver.log
	fresh_obj
	kmake W=1 C=2 CONFIG_MD_CLUSTER_TEST_INJECT=y CF="-D__CHECK_ENDIAN__" modules \
		>"$log" 2>&1 || { cat "$log"; exit 1; }
	# Kbuild's own chatter is fine; anything from the compiler or sparse is not.
	if grep -E 'warning:|error:|sparse:' "$log"; then
		echo "module-check: W=1 / sparse warnings for $kver (see $log)" >&2
		exit 1
	fi
	# checkpatch reads the sources, not a kernel: once, on the host.
	[ -n "${MDC_IN_BUILDROOT:-}" ] || "$MDC_TOP/scripts/checkpatch.sh"
	echo "module-check: $kver: W=1 and sparse clean ($(grep -c '^#define' "$obj/mdc-features.h") features probed present)"
	fresh_obj
	kmake -s modules
elif [ "${MDC_TEST:-0}" = 1 ]; then
	fresh_obj
	kmake -s CONFIG_MD_CLUSTER_TEST_INJECT=y modules
	mkdir -p "$ko/test"
	cp "$obj/md-cluster.ko" "$ko/test/md-cluster.ko"
	if [ "$kver" = "$default_kver" ]; then
		mkdir -p "$MDC_BUILD/test"
		cp "$obj/md-cluster.ko" "$MDC_BUILD/test/md-cluster.ko"
	fi
	exit 0
else
	fresh_obj
	kmake -s modules
fi
# md's structs as the module saw them must be md_mod's (BTF).  A kernel
# whose image this host has not installed (the usual case: the testbed
# never installs one) is compared with its image unpacked in build/kernels/
# (scripts/kernels.sh tree, which downloads it once).
layout_root=()
if ! modinfo -k "$kver" -n md-mod >/dev/null 2>&1; then
	if tree=$("$MDC_TOP/scripts/kernels.sh" tree "$kver") && [ "$tree" != / ]; then
		layout_root=(-r "$tree")
	fi
fi
"$MDC_TOP/scripts/md-layout-check.sh" -k "$kver" -m "$mdinc" -b "$kdir" "${layout_root[@]}" "$obj/md-cluster.ko"
mkdir -p "$ko"
cp "$obj/md-cluster.ko" "$ko/md-cluster.ko"
[ "$kver" = "$default_kver" ] && cp "$obj/md-cluster.ko" "$MDC_BUILD/md-cluster.ko"
echo "build-module: $ko/md-cluster.ko"
