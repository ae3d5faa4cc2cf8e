#!/bin/bash
# Install, with apt-get, what one kind of work needs; several sets may be
# named at once (default: build test).
#
#   build   compile the module and run its gates: compiler, linux-source
#           of exactly the headers' version (md's private headers,
#           checkpatch), sparse, docutils.  The kernel's headers are
#           unpacked into build/kernels/headers/, never installed (their
#           package depends on the kernel image).  No qemu, no cluster.
#   test    the qemu testbed and the scenarios: qemu, vde2, dropbear's
#           client, mmdebstrap.  What runs inside the guests (busybox,
#           corosync, dlm_controld, mdadm) is never installed here:
#           scripts/guestroot.sh builds it into build/, and the guests'
#           kernels are unpacked from their packages into build/kernels/
#           (scripts/kernels.sh), so the host's services and boot kernels
#           stay as they are.
#   deb     build and lint the Debian package: debhelper, dh-dkms, lintian.
#   root    build the "debian" guest flavour (scripts/mkroot.sh):
#           mmdebstrap, qemu-utils (qemu-img), e2fsprogs.
#   bench   `make bench`'s pictures: gnuplot-nox (its SVG terminal needs
#           no X); the probe is built with the build set's compiler.
#
# Idempotent: when every package of the sets is present it changes nothing
# and asks no mirror.  The kernel is the running one when it is a supported
# Debian 12 6.12 kernel with headers, else the newest one the archive has
# (scripts/versions.sh, mdc_detect_kver).
set -euo pipefail
. "$(dirname "$0")/versions.sh"

build_pkgs=(
	build-essential bc bison flex libelf-dev libssl-dev xz-utils cpio
	sparse python3 python3-docutils git rsync kmod perl dwarves
)
test_pkgs=(
	qemu-system-x86 kmod vde2 dropbear-bin util-linux procps e2fsprogs
	mmdebstrap cpio gzip xz-utils
)
deb_pkgs=(debhelper dh-dkms lintian dpkg-dev)
root_pkgs=(mmdebstrap qemu-utils e2fsprogs)
bench_pkgs=(gnuplot-nox)

sets=("$@")
[ ${#sets[@]} -gt 0 ] || sets=(build test)

installed() {
	dpkg-query -W -f '${Status}' "$1" 2>/dev/null | grep -q 'ok installed'
}

updated=
apt_install() {	# packages...: install what is missing
	local p missing=()
	for p in "$@"; do
		installed "$p" || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "deps: installing: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	if [ -z "$updated" ]; then
		apt-get update -q
		updated=1
	fi
	apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# The kernel: headers for the build, unpacked into build/ unless this
# host has them installed (scripts/kernels.sh headers: Debian 12's 6.12
# headers package depends on its kernel image, which would become a boot
# kernel here); the guests boot an unpacked image (scripts/kernels.sh
# tree).  Without a supported kernel at all, take the archive's newest
# 6.12.
kernel_build() {
	local kver pkgver
	kver=$(mdc_detect_kver)
	if [ -z "$kver" ]; then
		[ -n "$updated" ] || { apt-get update -q; updated=1; }
		kver=$(mdc_archive_kver)
		[ -n "$kver" ] || { echo "deps: the archive names no Debian 12 6.12 kernel" >&2; exit 1; }
	fi
	"$MDC_TOP/scripts/kernels.sh" headers "$kver"
	pkgver=$(mdc_pkgver "linux-headers-$kver")
	# linux-source-6.12 is one package for every 6.12 upload: pin the
	# version that matches the headers, or md's headers would not match.
	# (A tarball under /usr/src: no boot kernel, no service.)
	if [ "$(mdc_pkgver linux-source-6.12)" != "$pkgver" ]; then
		echo "deps: linux-source-6.12=$pkgver for $kver"
		export DEBIAN_FRONTEND=noninteractive
		[ -n "$updated" ] || { apt-get update -q; updated=1; }
		apt-get install -y -q --no-install-recommends "linux-source-6.12=$pkgver"
	fi
}

for s in "${sets[@]}"; do
	case $s in
	build) apt_install "${build_pkgs[@]}"; kernel_build ;;
	test) apt_install "${test_pkgs[@]}" ;;
	deb) apt_install "${deb_pkgs[@]}" ;;
	root) apt_install "${root_pkgs[@]}" ;;
	bench) apt_install "${bench_pkgs[@]}" ;;
	*) echo "deps: unknown set '$s' (build, test, deb, root, bench)" >&2; exit 2 ;;
	esac
done
