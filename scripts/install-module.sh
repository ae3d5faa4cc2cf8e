#!/bin/bash
# make install / make uninstall, without DKMS.
#   install     build for KVER (default: the running kernel when it is a
#               supported Debian 12 6.12 kernel, else the newest installed)
#               and install it as /lib/modules/KVER/updates/md-cluster.ko,
#               where modprobe prefers it to the distribution's; depmod
#   uninstall   remove that file; depmod: the distribution's module is the
#               one modprobe loads again
# A module loaded now stays loaded: stop the clustered arrays on this node
# and `rmmod md-cluster` to switch (Documentation/admin-guide.rst).
set -euo pipefail
. "$(dirname "$0")/versions.sh"

die() {
	echo "install-module: $*" >&2
	exit 1
}

kver=$(mdc_detect_kver)
[ -n "$kver" ] || die "no supported kernel (Debian 12 6.12) with headers; set KVER"
dest=/lib/modules/$kver/updates/md-cluster.ko
[ "$(id -u)" = 0 ] || die "must run as root (writes /lib/modules/$kver)"

case ${1:-} in
install)
	[[ $kver =~ $MDC_KVER_RE ]] || die "$kver is not a Debian 12 6.12 kernel"
	if compgen -G "/lib/modules/$kver/updates/dkms/md-cluster.ko*" >/dev/null; then
		die "the md-cluster-dkms package already provides the module for $kver; use it, or remove the package first (apt-get remove md-cluster-dkms)"
	fi
	KVER=$kver "$MDC_TOP/scripts/build-module.sh"
	install -D -m 644 "$MDC_BUILD/md-cluster.ko" "$dest"
	depmod -a "$kver"
	echo "install-module: $dest ($MDC_VERSION); modprobe md-cluster loads $(modinfo -k "$kver" -n md-cluster)"
	;;
uninstall)
	rm -f "$dest"
	rmdir --ignore-fail-on-non-empty "/lib/modules/$kver/updates" 2>/dev/null || true
	depmod -a "$kver"
	echo "install-module: removed $dest; modprobe md-cluster loads $(modinfo -k "$kver" -n md-cluster 2>/dev/null || echo nothing)"
	;;
*)
	echo "usage: $0 install|uninstall   (KVER=... picks the kernel)" >&2
	exit 2
	;;
esac
