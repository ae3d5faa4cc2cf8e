#!/bin/bash
# Check, after a build, that the md core's structures as our module saw
# them (md's private headers, through the module's DWARF) have exactly the
# layout md_mod of the target kernel was built with (its BTF, which Debian
# ships in md-mod.ko, with the kernel's vmlinux BTF from the headers
# package as base).  Every struct defined in md.h, md-bitmap.h and
# md-cluster.h that the module uses is compared member by member (names,
# types, offsets, sizes) with pahole.
#
#   md-layout-check.sh -k KVER -m MDINC [-r ROOT] MODULE.ko
#
# ROOT: a directory with lib/modules/KVER unpacked from the kernel's image
# package (scripts/kernels.sh tree), used when KVER is not installed.
#
# Exits 0 when every compared struct matches, or with a note on stderr when
# md-mod.ko or the base BTF of KVER is not installed (headers without the
# image: the exact-version check of md-headers.sh is then the only one).
# Exits 1 with one line per differing struct and their diff otherwise.
set -euo pipefail

prog=md-layout-check
kver='' mdinc='' root='' kdir=''
while [ $# -gt 1 ]; do
	case $1 in
	-k) kver=$2; shift 2 ;;
	-m) mdinc=$2; shift 2 ;;
	-r) root=$2; shift 2 ;;
	-b) kdir=$2; shift 2 ;;
	*) break ;;
	esac
done
ko=${1:-}
[ -n "$kver" ] && [ -n "$mdinc" ] && [ -f "$ko" ] ||
	{ echo "usage: $0 -k KVER -m MDINC [-r ROOT] [-b BUILD_TREE] MODULE.ko" >&2; exit 2; }
command -v pahole >/dev/null ||
	{ echo "$prog: pahole not found (apt-get install dwarves)" >&2; exit 1; }

base=${kdir:-/lib/modules/$kver/build}/vmlinux
core=$(modinfo -k "$kver" -n md-mod 2>/dev/null || true)
if [ ! -f "$core" ] && [ -n "$root" ] && [ -d "$root/lib/modules/$kver/kernel" ]; then
	core=$(find "$root/lib/modules/$kver/kernel" -name 'md-mod.ko*' -print -quit)
fi
if [ ! -f "$base" ] || [ ! -f "$core" ]; then
	echo "$prog: md-mod.ko or the BTF base of $kver is not installed (linux-image-$kver); layouts not compared, exact source version checked only" >&2
	exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
case $core in
*.xz) xz -dc "$core" >"$tmp/md-mod.ko" ;;
*.zst) zstd -q -dc "$core" >"$tmp/md-mod.ko" ;;
*) cp "$core" "$tmp/md-mod.ko" ;;
esac

structs=$(cat "$mdinc"/md.h "$mdinc"/md-bitmap.h "$mdinc"/md-cluster.h |
	  sed -n 's/^struct \([A-Za-z0-9_]*\) {.*/\1/p' | sort -u)
compared=() bad=()
for s in $structs; do
	pahole --suppress_aligned_attribute -F dwarf -C "$s" "$ko" >"$tmp/ours" 2>/dev/null || true
	[ -s "$tmp/ours" ] || continue	# not used by the module
	pahole --suppress_aligned_attribute -F btf --btf_base "$base" -C "$s" "$tmp/md-mod.ko" >"$tmp/core" 2>/dev/null || true
	if ! cmp -s "$tmp/ours" "$tmp/core"; then
		echo "$prog: struct $s of $mdinc differs from md_mod of $kver (BTF):" >&2
		diff -u --label "module (md headers)" --label "md_mod $kver (BTF)" \
			"$tmp/ours" "$tmp/core" | head -n 60 >&2 || true
		bad+=("$s")
	fi
	compared+=("$s")
done

for s in mddev md_cluster_operations; do
	[[ " ${compared[*]} " == *" $s "* ]] ||
		{ echo "$prog: struct $s not found in $ko's debug info: cannot check the layout" >&2; exit 1; }
done
if [ ${#bad[@]} -gt 0 ]; then
	echo "$prog: md layout mismatch for $kver (${bad[*]}): the module would corrupt md's state; not built" >&2
	exit 1
fi
echo "$prog: ${#compared[@]} md structs match md_mod of $kver: ${compared[*]}" >&2
