#!/bin/bash
# The busybox flavour's userspace: a Debian 12 root built with mmdebstrap
# under build/guestroot/ from the packages in guest/packages (and their
# dependencies), out of which scripts/mkimage.sh copies the programs the
# guests run and the libraries they load.  The host never installs them:
# no corosync or dlm service enabled there, no mdadm initramfs hook or
# monthly array check, nothing for the host's boot.
#
#   scripts/guestroot.sh [--force]
#
# Rebuilt when the package list or this script changes (build/guestroot/
# key); --force rebuilds anyway.  Needs root (mmdebstrap --mode=root) and
# mmdebstrap (scripts/deps.sh test).  Prints the root's path last.
set -euo pipefail
. "$(dirname "$0")/versions.sh"

out=$MDC_BUILD/guestroot
root=$out/root
list=$MDC_TOP/guest/packages
key=$(cat "$list" "$0" | sha256sum | cut -d' ' -f1)
if [ "${1:-}" != --force ] && [ -x "$root/bin/busybox" ] &&
   [ "$(cat "$out/key" 2>/dev/null)" = "$key" ]; then
	echo "$root"
	exit 0
fi

pkgs=$(grep -v '^#' "$list" | paste -sd, -)
rm -rf "$root" "$out/key"
mkdir -p "$out"
echo "guestroot: mmdebstrap bookworm into $root ($(grep -vc '^#' "$list") packages and their dependencies)" >&2
# The security suite too: the guests run what a maintained Debian 12 runs.
mmdebstrap --mode=root --variant=essential --include="$pkgs" \
	--dpkgopt='path-exclude=/usr/share/man/*' \
	--dpkgopt='path-exclude=/usr/share/doc/*' \
	--dpkgopt='path-exclude=/usr/share/locale/*' \
	bookworm "$root" \
	"deb http://deb.debian.org/debian bookworm main" \
	"deb http://deb.debian.org/debian bookworm-updates main" \
	"deb http://deb.debian.org/debian-security bookworm-security main" \
	>"$out/mmdebstrap.log" 2>&1 ||
	{ tail -n 20 "$out/mmdebstrap.log" >&2; echo "guestroot: mmdebstrap failed ($out/mmdebstrap.log)" >&2; exit 1; }
echo "$key" >"$out/key"
echo "guestroot: $(du -sh "$root" | cut -f1) in $root" >&2
echo "$root"
