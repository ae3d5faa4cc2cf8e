#!/bin/bash
# The Debian kernels the project builds for and boots in its guests.
#
#   kernels.sh resolve NAME   print the kernel release (uname -r) NAME means:
#                             6.1         Debian 12's default kernel (the one
#                                         linux-image-amd64 points at)
#                             6.12        the developer's Debian 12 6.12
#                                         (scripts/versions.sh)
#                             6.12-deb13  Debian 13's kernel
#                             7.3 (7.x)   trixie-backports' 7.x kernel
#                             or a release itself, e.g. 6.1.0-57-amd64
#   kernels.sh headers KVER   linux-headers-KVER where the module is built
#                             for it: for Debian 12 kernels, unpacked into
#                             build/kernels/headers/KVER unless installed
#                             (never installed: it would pull in the
#                             kernel image); for trixie's, installed in the
#                             trixie build root (scripts/buildroot.sh)
#   kernels.sh tree KVER      print a directory holding boot/vmlinuz-KVER and
#                             lib/modules/KVER: / when this host has that
#                             kernel installed, else build/kernels/KVER, which
#                             is made from the linux-image package
#                             (apt-get download, dpkg -x; never installed)
#   kernels.sh source SERIES  print the path of linux-source-SERIES.tar.xz
#                             (6.1, 6.12, 7.3): the installed package's,
#                             else one downloaded once (bookworm, else
#                             trixie) into build/sources
#   kernels.sh list           the kernels `make matrix` covers, one per line
#
# Package names and versions come from Debian's archive at run time, so a
# security update of a kernel is followed without editing this file.
set -euo pipefail
. "$(dirname "$0")/versions.sh"

die() {
	echo "kernels: $*" >&2
	exit 1
}

# The names `make matrix` runs, in order.
matrix_names=(6.1 6.12 6.12-deb13 7.3)

# image metapackage's dependency -> the release it names
release_of_meta() {	# apt-cache-tool version
	local tool=$1 ver=$2
	$tool show "linux-image-amd64=$ver" 2>/dev/null |
		sed -n 's/^Depends: .*linux-image-\([0-9][^ ,]*-amd64\).*/\1/p' | head -n1
}

resolve() {
	local name=$1 v
	if [[ $name =~ $MDC_KVER_RE ]]; then
		echo "$name"
		return
	fi
	case $name in
	6.1)
		v=$(apt-cache policy linux-image-amd64 | sed -n 's/^  Candidate: //p')
		[[ $v == 6.1.* ]] || die "linux-image-amd64's candidate is $v, not 6.1 (is this Debian 12?)"
		release_of_meta apt-cache "$v"
		;;
	6.12)
		v=$(KVER='' mdc_detect_kver)
		[ -n "$v" ] || die "no Debian 12 6.12 kernel: scripts/deps.sh build installs one"
		echo "$v"
		;;
	6.12-deb13 | 7.*)
		"$MDC_TOP/scripts/buildroot.sh" apt-get -q update >/dev/null
		local want=${name%-deb13}
		v=$("$MDC_TOP/scripts/buildroot.sh" apt-cache madison linux-image-amd64 |
			awk -v s="$want" '{ print $3 }' | grep "^$want\." | sort -V | tail -n1)
		[ -n "$v" ] || die "trixie has no linux-image-amd64 of the $want series"
		release_of_meta "$MDC_TOP/scripts/buildroot.sh apt-cache" "$v"
		;;
	*) die "unknown kernel '$name' (6.1, 6.12, 6.12-deb13, 7.3 or a uname -r)" ;;
	esac
}

headers() {
	local kver=$1 root
	root=$(mdc_kernel_root "$kver")
	if [ -n "$root" ]; then
		"$MDC_TOP/scripts/buildroot.sh" ensure "linux-headers-$kver"
	elif [ ! -e "$(mdc_kdir "$kver")/Makefile" ]; then
		unpack_headers "$kver"
	fi
}

# linux-headers-KVER and the packages holding the rest of its build tree
# (its -common part and linux-kbuild), downloaded and unpacked into
# build/kernels/headers/KVER/root: never installed, so that no boot kernel
# comes with them.  The tree's Makefile names the -common part by its
# absolute path, which is made to point into the unpacked root.
# Download packages into DIR with APT (apt-get, or the trixie root's);
# its output is appended to DIR/apt.log.
download_debs() {	# dir apt pkg...
	local dir=$1 apt=$2
	shift 2
	mkdir -p "$dir"
	# apt drops to the _apt user to download: let it write here.
	id _apt >/dev/null 2>&1 && chown _apt "$dir"
	(cd "$dir" && $apt -q download "$@") >>"$dir/apt.log" 2>&1
}

unpack_debs() {	# dir out: every .deb in dir, unpacked into out
	local deb
	for deb in "$1"/*.deb; do
		echo "kernels: unpacking $(basename "$deb")" >&2
		dpkg-deb -x "$deb" "$2"
	done
}

headers_deps() {	# kver: the -common and kbuild packages its headers need
	apt-cache show --no-all-versions "linux-headers-$1" 2>/dev/null |
		sed -n 's/^Depends: //p' | tr ',' '\n' | sed 's/^ *//; s/ .*//' |
		grep -E '^linux-(headers-.*-common|kbuild-)' || true
}

unpack_headers() {
	local kver=$1 out tmp deps
	out=$MDC_BUILD/kernels/headers/$kver
	tmp=$out.tmp
	echo "kernels: linux-headers-$kver into ${out#"$MDC_TOP"/} (unpacked, not installed)" >&2
	deps=$(headers_deps "$kver")
	if [ -z "$deps" ]; then
		# apt's lists may never have been fetched on this host
		apt-get update -q >/dev/null 2>&1 || true
		deps=$(headers_deps "$kver")
	fi
	[ -n "$deps" ] || die "the archive has no linux-headers-$kver"
	rm -rf "$tmp" "$out"
	mkdir -p "$tmp/root"
	# shellcheck disable=SC2086 # one package name per word
	download_debs "$tmp/debs" apt-get "linux-headers-$kver" $deps ||
		die "cannot download linux-headers-$kver and its build tree: $(tail -n 3 "$tmp/debs/apt.log")"
	unpack_debs "$tmp/debs" "$tmp/root"
	dpkg-deb -f "$tmp"/debs/linux-headers-"$kver"_*.deb Version >"$tmp/version"
	rm -rf "$tmp/debs"
	mv "$tmp" "$out"
	sed -i "s|^include /usr/src/|include $out/root/usr/src/|" \
		"$out/root/usr/src/linux-headers-$kver/Makefile"
	[ -e "$out/root/usr/src/linux-headers-$kver/scripts/basic/fixdep" ] ||
		die "linux-headers-$kver unpacked without its kbuild tools"
}

tree() {
	local kver=$1 out tmp apt pkg
	if [ -f "/boot/vmlinuz-$kver" ] && [ -d "/lib/modules/$kver/kernel/drivers/md" ]; then
		echo /
		return
	fi
	out=$MDC_BUILD/kernels/$kver
	if [ -f "$out/.done" ]; then
		echo "$out"
		return
	fi
	apt=apt-get
	[ -n "$(mdc_kernel_root "$kver")" ] && apt="$MDC_TOP/scripts/buildroot.sh apt-get"
	tmp=$(mktemp -d)
	# Debian 12 ships the kernel in linux-image-KVER-unsigned; Debian 13's
	# 7.x splits it into linux-binary-KVER, linux-modules-KVER and
	# linux-base-KVER (modules.builtin, modules.order, config).
	if ! download_debs "$tmp" "$apt" "linux-image-$kver-unsigned"; then
		for pkg in "linux-binary-$kver" "linux-modules-$kver" "linux-base-$kver" "linux-image-$kver"; do
			download_debs "$tmp" "$apt" "$pkg" || true
		done
	fi
	ls "$tmp"/*.deb >/dev/null 2>&1 ||
		{ cat "$tmp/apt.log" >&2; rm -rf "$tmp"; die "cannot download the image of $kver"; }
	rm -rf "$out"
	mkdir -p "$out"
	unpack_debs "$tmp" "$out"
	rm -rf "$tmp"
	# Debian 13 may ship modules under /usr/lib: one place for the callers.
	if [ ! -d "$out/lib/modules/$kver" ] && [ -d "$out/usr/lib/modules/$kver" ]; then
		mkdir -p "$out/lib/modules"
		mv "$out/usr/lib/modules/$kver" "$out/lib/modules/$kver"
	fi
	# 7.x keeps the kernel beside its modules.
	if [ ! -f "$out/boot/vmlinuz-$kver" ] && [ -f "$out/lib/modules/$kver/vmlinuz" ]; then
		mkdir -p "$out/boot"
		cp "$out/lib/modules/$kver/vmlinuz" "$out/boot/vmlinuz-$kver"
	fi
	[ -f "$out/boot/vmlinuz-$kver" ] && [ -d "$out/lib/modules/$kver/kernel/drivers/md" ] ||
		die "the packages of $kver have no vmlinuz or md modules"
	depmod -b "$out" "$kver"
	touch "$out/.done"
	echo "$out"
}

source_tarball() {
	local series=$1 out tmp
	if [ -f "/usr/src/linux-source-$series.tar.xz" ]; then
		echo "/usr/src/linux-source-$series.tar.xz"
		return
	fi
	out=$MDC_BUILD/sources/linux-source-$series.tar.xz
	if [ ! -f "$out" ]; then
		mkdir -p "$MDC_BUILD/sources"
		tmp=$(mktemp -d)
		id _apt >/dev/null 2>&1 && chown _apt "$tmp"
		echo "kernels: downloading linux-source-$series (once)" >&2
		(cd "$tmp" && { apt-get -q download "linux-source-$series" ||
			"$MDC_TOP/scripts/buildroot.sh" apt-get -q download "linux-source-$series"; }) \
			>"$tmp/apt.log" 2>&1 ||
			{ cat "$tmp/apt.log" >&2; rm -rf "$tmp"; die "cannot download linux-source-$series"; }
		dpkg-deb --fsys-tarfile "$tmp"/*.deb |
			tar -xOf - "./usr/src/linux-source-$series.tar.xz" >"$out.tmp"
		mv "$out.tmp" "$out"
		rm -rf "$tmp"
	fi
	echo "$out"
}

case ${1:-} in
resolve) resolve "${2:?name}" ;;
source) source_tarball "${2:?series}" ;;
headers) headers "${2:?kver}" ;;
tree) tree "${2:?kver}" ;;
list) for n in "${matrix_names[@]}"; do resolve "$n"; done ;;
*) echo "usage: kernels.sh resolve NAME | headers KVER | tree KVER | source SERIES | list" >&2; exit 2 ;;
esac
