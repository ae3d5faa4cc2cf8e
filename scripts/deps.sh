#!/bin/bash
# Install, with apt-get, everything the build, the guests and the tests need.
# Idempotent: when every package is present it changes nothing and asks no
# mirror.  The kernel is the newest linux-image-6.12-amd64 of Debian 12; its
# headers and the linux-source package must carry the same version.
set -euo pipefail
. "$(dirname "$0")/versions.sh"

base_pkgs=(
	build-essential bc bison flex libelf-dev libssl-dev xz-utils cpio
	sparse python3 python3-docutils git rsync
	qemu-system-x86 busybox-static corosync dlm-controld mdadm kmod vde2
	dropbear-bin util-linux procps fio e2fsprogs
)

missing=()
for p in "${base_pkgs[@]}" linux-image-6.12-amd64 linux-source-6.12; do
	dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done

kver=$(mdc_detect_kver)
if [ -n "$kver" ]; then
	for p in "linux-image-$kver" "linux-headers-$kver"; do
		dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing+=("$p")
	done
fi

if [ ${#missing[@]} -eq 0 ] && [ -n "$kver" ] &&
   [ "$(mdc_pkgver "linux-headers-$kver")" = "$(mdc_pkgver linux-source-6.12)" ]; then
	exit 0
fi

export DEBIAN_FRONTEND=noninteractive
echo "deps: installing: ${missing[*]:-(version alignment)}"
apt-get update -q
apt-get install -y -q --no-install-recommends "${base_pkgs[@]}" linux-image-6.12-amd64

kver=$(KVER='' mdc_detect_kver)
pkgver=$(mdc_pkgver "linux-image-$kver")
# linux-source-6.12 is one package for every 6.12 upload: pin the version
# that matches the image, or the md headers would not match the binary.
apt-get install -y -q --no-install-recommends "linux-headers-$kver" \
	"linux-source-6.12=$pkgver"
echo "deps: kernel $kver ($pkgver)"
