#!/bin/bash
# DKMS's steps for md-cluster (dkms.conf's PRE_BUILD, MAKE and CLEAN), run
# in DKMS's copy of the source tree, where this file is dkms/build.sh.
#
#   build.sh pre KVER            get md's private headers for KVER into the
#                                cache: from the cache, from an installed
#                                linux-source of exactly the headers'
#                                version, else (unless disabled) fetched
#                                with apt-get download.  DKMS ignores the
#                                status of PRE_BUILD: the message is for
#                                the administrator; `build` fails after it.
#   build.sh build KVER VERSION  compile against KVER's headers and the
#                                cached md headers (never fetches), then
#                                compare the md structs' layouts with
#                                md_mod's BTF; a mismatch fails the build
#   build.sh clean KVER
#
# /etc/default/md-cluster-dkms (optional, shell syntax):
#   MDC_FETCH_SOURCE=no    never download linux-source; a missing version
#                          then fails the build with the apt-get command
#                          that installs it
#   MDC_HEADERS_CACHE=DIR  cache (default /var/lib/md-cluster-dkms/md-headers)
# The same variables in the environment win over the file.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
env_fetch=${MDC_FETCH_SOURCE:-}
env_cache=${MDC_HEADERS_CACHE:-}
# shellcheck disable=SC1091
[ -r /etc/default/md-cluster-dkms ] && . /etc/default/md-cluster-dkms
fetch=${env_fetch:-${MDC_FETCH_SOURCE:-yes}}
cache=${env_cache:-${MDC_HEADERS_CACHE:-/var/lib/md-cluster-dkms/md-headers}}

mode=${1:-}
kver=${2:-}
[ -n "$kver" ] || { echo "usage: $0 pre|build|clean KVER [VERSION]" >&2; exit 2; }
kdir=/lib/modules/$kver/build

case $mode in
pre)
	args=(-k "$kver" -c "$cache")
	[ "$fetch" = no ] || args+=(--fetch)
	"$here/dkms/md-headers.sh" "${args[@]}" >/dev/null || true
	;;
build)
	version=${3:?version}
	mdinc=$("$here/dkms/md-headers.sh" -k "$kver" -c "$cache")
	make -j"$(nproc)" -C "$kdir" M="$here/module" MDC_MD_INCLUDE="$mdinc" \
		MDC_VERSION="$version" modules
	if ! "$here/dkms/md-layout-check.sh" -k "$kver" -m "$mdinc" "$here/module/md-cluster.ko"; then
		rm -f "$here/module/md-cluster.ko"
		exit 1
	fi
	;;
clean)
	make -C "$kdir" M="$here/module" clean >/dev/null 2>&1 || true
	;;
*)
	echo "usage: $0 pre|build|clean KVER [VERSION]" >&2
	exit 2
	;;
esac
