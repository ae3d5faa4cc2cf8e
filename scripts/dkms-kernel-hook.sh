#!/bin/sh
# md-cluster-dkms: build and install the module for kernel KVER with DKMS.
# Installed as /usr/lib/md-cluster-dkms/kernel-hook and run from
# /etc/kernel/header_postinst.d/ and /etc/kernel/postinst.d/ (a new kernel
# or its headers were installed) and from the package's postinst (every
# installed kernel).
#
# The DKMS configuration does not set AUTOINSTALL: dkms 3.0.10's
# autoinstall counts a module that BUILD_EXCLUSIVE_KERNEL excludes as a
# failure, which would make the installation of any other kernel's
# headers fail.  This hook takes its place, for the supported kernels
# only (dkms.conf's BUILD_EXCLUSIVE_KERNEL: Debian's 6.1, 6.12 and 7.x).
#
# A kernel outside the supported series, or without its headers, is left
# alone.  A failed build keeps the in-tree md-cluster module for that
# kernel; the failure is reported (DKMS's make.log has the details) but
# never fails the kernel's installation.
set -e

kver=${1:-}
[ -n "$kver" ] || { echo "usage: $0 KVER" >&2; exit 2; }
case $kver in
6.1.0-*-* | 6.12.*+deb12-* | 6.12.*+deb13-* | 7.*+deb13-*) ;;
*) exit 0 ;;
esac
[ -e "/lib/modules/$kver/build/include" ] || exit 0
command -v dkms >/dev/null || exit 0
version=$(dpkg-query -W -f '${Version}' md-cluster-dkms 2>/dev/null) || exit 0
[ -d "/usr/src/md-cluster-$version" ] || exit 0

if dkms status -m md-cluster -v "$version" -k "$kver" 2>/dev/null | grep -q ': installed'; then
	exit 0
fi
echo "md-cluster-dkms: building md-cluster $version for $kver"
if dkms install -m md-cluster -v "$version" -k "$kver" >/dev/null; then
	echo "md-cluster-dkms: installed for $kver: $(modinfo -k "$kver" -n md-cluster)"
else
	echo "md-cluster-dkms: md-cluster $version NOT built for $kver; that kernel keeps the in-tree md-cluster (log: /var/lib/dkms/md-cluster/$version/build/make.log)" >&2
fi
exit 0
