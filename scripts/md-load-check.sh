#!/bin/sh
# Before modprobe loads md_cluster: when the module it would load is ours
# (it has a version; the distribution's has none), compare the md structs
# compiled into it (its own BTF) with those of the md_mod running now
# (/sys/kernel/btf/md_mod); refuse the load on any difference, with one
# line in the kernel log.  Installed by the package as
# /usr/lib/md-cluster-dkms/load-check and run from the install command of
# /lib/modprobe.d/md-cluster-dkms.conf; MDC_KO=FILE checks FILE instead of
# what modprobe resolves.  Needs pahole (dwarves).
set -eu

structs="mddev md_rdev md_cluster_operations bitmap_operations md_bitmap_stats md_thread serial_in_rdev"
ko=${MDC_KO:-$(modinfo -n md_cluster 2>/dev/null || true)}
[ -f "$ko" ] || exit 0
ver=$(modinfo -F version "$ko" 2>/dev/null || true)
[ -n "$ver" ] || exit 0

say() {
	echo "md-cluster-dkms: $*" >&2
	echo "md-cluster-dkms: $*" >/dev/kmsg 2>/dev/null || true
}

modprobe md_mod 2>/dev/null || true
base=/sys/kernel/btf/vmlinux
core=/sys/kernel/btf/md_mod
if [ ! -r "$base" ] || [ ! -r "$core" ] || ! command -v pahole >/dev/null; then
	say "md_cluster $ver loaded without a layout check: no BTF for md_mod or no pahole"
	exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
case $ko in
*.xz) xz -dc "$ko" >"$tmp/m.ko" ;;
*.zst) zstd -q -dc "$ko" >"$tmp/m.ko" ;;
*) cp "$ko" "$tmp/m.ko" ;;
esac

n=0 bad=""
for s in $structs; do
	pahole -F btf --btf_base "$base" -C "$s" "$tmp/m.ko" >"$tmp/ours" 2>/dev/null || true
	[ -s "$tmp/ours" ] || continue
	pahole -F btf --btf_base "$base" -C "$s" "$core" >"$tmp/core" 2>/dev/null || true
	cmp -s "$tmp/ours" "$tmp/core" || bad="$bad $s"
	n=$((n + 1))
done
if [ "$n" = 0 ]; then
	say "refusing to load md_cluster $ver: its BTF has no md structs to check against md_mod"
	exit 1
fi
if [ -n "$bad" ]; then
	say "refusing to load md_cluster $ver: struct$bad differs from the running md_mod's (BTF); rebuild it for $(uname -r)"
	exit 1
fi
echo "md-cluster-dkms: md_cluster $ver: $n md structs match the running md_mod (BTF)" >/dev/kmsg 2>/dev/null || true
exit 0
