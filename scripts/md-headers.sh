#!/bin/bash
# Find the md core's private headers (drivers/md/*.h: md.h, md-bitmap.h,
# md-cluster.h) for one exact Debian kernel and print their directory.
# Nothing of the kernel is stored in this repo: the headers come from the
# linux-source-<series> package of exactly the version of the installed
# linux-headers-<kver> package, and are kept in a cache, one directory per
# Debian package version.
#
#   md-headers.sh [-k KVER] [-c CACHE] [--fetch]
#
#   -k KVER   the kernel release (uname -r style), e.g. 6.12.117+deb12-amd64;
#             default: $KVER, else the developer's kernel (scripts/versions.sh)
#   -c CACHE  cache directory; default build/md-headers of this checkout
#   --fetch   when neither the cache nor an installed linux-source package
#             has this version, download exactly that linux-source package
#             with `apt-get download` (from the machine's own apt sources)
#             into a temporary directory and extract the headers from it
#
# Sources tried, in order:
#   1. CACHE/<debian-version>/ from an earlier run;
#   2. /usr/src/linux-source-<series>.tar.xz, if the linux-source-<series>
#      package on disk has exactly the version of linux-headers-<kver>;
#   3. with --fetch: linux-source-<series>=<that version>, downloaded.
# The series (6.12) comes from the kernel release, so other series (6.1,
# 7.3) work the same way.  Whatever the source, the extracted Makefile's
# VERSION.PATCHLEVEL.SUBLEVEL must equal the headers package's upstream
# version, and the SUBLEVEL in the release name when it carries one.
#
# Exits 0 with the directory on stdout, or 1 with one line on stderr that
# names what is missing and how to install it.  Standalone: the DKMS
# package ships this file as it is.
set -euo pipefail

prog=md-headers
kver=${KVER:-}
cache=
fetch=0

while [ $# -gt 0 ]; do
	case $1 in
	-k) kver=$2; shift 2 ;;
	-c) cache=$2; shift 2 ;;
	--fetch) fetch=1; shift ;;
	*) echo "$prog: unknown argument '$1'" >&2; exit 2 ;;
	esac
done

here=$(cd "$(dirname "$0")" && pwd)
if [ -z "$kver" ] || [ -z "$cache" ]; then
	# A developer's checkout: its kernel choice and build directory.
	[ -f "$here/versions.sh" ] || { echo "$prog: -k and -c are required" >&2; exit 2; }
	. "$here/versions.sh"
	[ -n "$kver" ] || kver=$(mdc_detect_kver)
	[ -n "$cache" ] || cache=$MDC_BUILD/md-headers
fi
[ -n "$kver" ] || { echo "$prog: no supported Debian kernel installed (run scripts/deps.sh build)" >&2; exit 1; }

die() {
	echo "$prog: $*" >&2
	exit 1
}

# package -> its version on disk: installed, or (linux-headers-KVER in a
# checkout) unpacked by scripts/kernels.sh headers into build/
pkgver() {
	local v f
	v=$(dpkg-query -W -f '${Version}' "$1" 2>/dev/null) || v=
	f=${MDC_BUILD:-$here/../build}/kernels/headers/${1#linux-headers-}/version
	if [ -z "$v" ] && [[ $1 == linux-headers-* ]] && [ -f "$f" ]; then
		v=$(cat "$f")
	fi
	echo "$v"
}

series=$(echo "$kver" | cut -d. -f1,2)
[[ $series =~ ^[0-9]+\.[0-9]+$ ]] || die "cannot read a kernel series from '$kver'"
srcpkg=linux-source-$series
hdrpkg=linux-headers-$kver
hdrver=$(pkgver "$hdrpkg")
[ -n "$hdrver" ] || die "$hdrpkg is not installed: md-cluster builds only for Debian kernels with their headers package (apt-get install $hdrpkg)"
# 6.12.117-1~deb12u1 -> 6.12.117; 1:... epochs do not occur in linux.
upstream=${hdrver#*:}
upstream=${upstream%%-*}
case $upstream in
"$series".*) ;;
*) die "$hdrpkg is version $hdrver, not of the $series series" ;;
esac
# Release names like 6.12.117+deb12-amd64 carry the sublevel too.
relsub=$(echo "$kver" | sed -n "s/^${series//./\\.}\.\([0-9]*\)[+-].*/\1/p")

out=$cache/$(echo "$hdrver" | tr '~:' '__')
stamp="$srcpkg $hdrver $upstream"

verify() {	# dir: its Makefile is the kernel we build for; else remove it
	local v p s h why=
	v=$(sed -n 's/^VERSION = //p' "$1/Makefile" 2>/dev/null)
	p=$(sed -n 's/^PATCHLEVEL = //p' "$1/Makefile" 2>/dev/null)
	s=$(sed -n 's/^SUBLEVEL = //p' "$1/Makefile" 2>/dev/null)
	if [ "$v.$p.$s" != "$upstream" ]; then
		why="holds kernel $v.$p.$s, but $hdrpkg is $upstream"
	elif [ -n "$relsub" ] && [ "$relsub" != "0" ] && [ "$relsub" != "$s" ]; then
		why="holds sublevel $s, kernel release is $kver"
	fi
	for h in md.h md-bitmap.h md-cluster.h; do
		[ -n "$why" ] || [ -f "$1/drivers/md/$h" ] || why="has no drivers/md/$h"
	done
	[ -z "$why" ] && return 0
	rm -rf "$1"
	die "$srcpkg $hdrver $why"
}

if [ -f "$out/.done" ] && [ "$(cat "$out/.done")" = "$stamp" ]; then
	verify "$out"
	echo "$out/drivers/md"
	exit 0
fi

extract() {	# reads the source tarball (xz) on stdin into $out
	local tmp=$out.tmp.$$
	rm -rf "$tmp"
	mkdir -p "$tmp"
	if ! tar -C "$tmp" --strip-components=1 -xJf - --wildcards \
			"$srcpkg/drivers/md/*.h" "$srcpkg/Makefile"; then
		rm -rf "$tmp"
		return 1
	fi
	echo "$stamp" >"$tmp/.done"
	rm -rf "$out"
	mv "$tmp" "$out"
}

mkdir -p "$cache"
exec 8>"$cache/.lock"
flock 8
tarball=/usr/src/$srcpkg.tar.xz
srcver=$(pkgver "$srcpkg")
how=
if [ "$srcver" = "$hdrver" ] && [ -f "$tarball" ]; then
	extract <"$tarball" || die "cannot extract $tarball"
	how="from $tarball"
elif [ "$fetch" = 1 ]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	# apt drops to the _apt user to download: let it write here.
	id _apt >/dev/null 2>&1 && chown _apt "$tmp"
	echo "$prog: downloading $srcpkg=$hdrver for $kver (apt-get download)" >&2
	if ! (cd "$tmp" && apt-get -q download "$srcpkg=$hdrver") >"$tmp/apt.log" 2>&1; then
		die "md's private headers for $kver are missing: $srcpkg=$hdrver is not installed and apt-get download of it failed ($(grep -m1 '^E:' "$tmp/apt.log" || tail -n1 "$tmp/apt.log")); install it with: apt-get install $srcpkg=$hdrver"
	fi
	deb=$(ls "$tmp"/*.deb)
	dpkg-deb --fsys-tarfile "$deb" | tar -xOf - "./usr/src/$srcpkg.tar.xz" | extract ||
		die "cannot extract the headers from $deb"
	how="from $(basename "$deb"), downloaded"
else
	if [ -n "$srcver" ]; then
		have="$srcpkg is $srcver"
	else
		have="$srcpkg is not installed"
	fi
	die "md's private headers for $kver are missing: $have, need exactly $hdrver; install it with: apt-get install $srcpkg=$hdrver"
fi
verify "$out"
echo "$prog: md headers for $kver ($srcpkg $hdrver) $how into $out" >&2
echo "$out/drivers/md"
