#!/bin/bash
# Extract the md core's private headers (drivers/md/*.h) from the
# linux-source-6.12 package into build/, after checking that the package is
# exactly the version of the linux-headers package we build against.  The
# headers are never vendored: they are rebuilt from the tarball whenever the
# versions change.  Prints the include directory on stdout.
set -euo pipefail
. "$(dirname "$0")/versions.sh"

kver=$(mdc_detect_kver)
[ -n "$kver" ] || { echo "md-headers: no 6.12 +deb12 kernel installed (run scripts/deps.sh)" >&2; exit 1; }
hdrver=$(mdc_pkgver "linux-headers-$kver")
srcver=$(mdc_pkgver linux-source-6.12)
if [ -z "$hdrver" ]; then
	echo "md-headers: linux-headers-$kver is not installed" >&2
	exit 1
fi
if [ "$hdrver" != "$srcver" ]; then
	echo "md-headers: version mismatch: linux-headers-$kver is $hdrver but linux-source-6.12 is ${srcver:-not installed};" >&2
	echo "md-headers: install linux-source-6.12=$hdrver" >&2
	exit 1
fi

tarball=/usr/src/linux-source-6.12.tar.xz
out=$MDC_BUILD/md-headers/$(echo "$srcver" | tr "~:" "__")
if [ ! -f "$out/.done" ]; then
	rm -rf "$out"
	mkdir -p "$out"
	tar -C "$out" --strip-components=1 -xJf "$tarball" \
		--wildcards 'linux-source-6.12/drivers/md/*.h' linux-source-6.12/Makefile
	# The tarball's own SUBLEVEL must agree with the kernel release too.
	sub=$(sed -n 's/^SUBLEVEL = //p' "$out/Makefile")
	case "$kver" in
	6.12."$sub"+*) ;;
	*)
		echo "md-headers: linux-source-6.12 $srcver holds 6.12.$sub, kernel is $kver" >&2
		rm -rf "$out"
		exit 1
		;;
	esac
	touch "$out/.done"
fi
echo "$out/drivers/md"
