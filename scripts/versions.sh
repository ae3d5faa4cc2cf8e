# shellcheck shell=bash
# Versions and paths shared by every script: sourced, never run.
#
# Kernels: Debian 12's 6.1 (6.1.0-57-amd64) and 6.12 (6.12.117+deb12-amd64),
# Debian 13's 6.12 (6.12.118+deb13-amd64) and trixie-backports' 7.x
# (7.3.4+deb13-amd64).  KVER is such a uname -r; its Debian package version
# (6.12.117-1~deb12u1) is the one linux-headers and linux-source must both
# carry.  The developer's kernel, when KVER is unset, is Debian 12's 6.12.

MDC_TOP=${MDC_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
MDC_BUILD=${MDC_BUILD:-$MDC_TOP/build}

# The project's version: the VERSION file, the one source of truth
# (MODULE_VERSION, the .deb, DKMS's PACKAGE_VERSION; debian/changelog must
# agree, scripts/deb.sh checks).
MDC_VERSION=$(cat "$MDC_TOP/VERSION")

# Kernels this project builds for, any flavour.
MDC_KVER_RE='^(6\.1\.0-[0-9]+|6\.12\.[0-9]+\+deb1[23]|7\.[0-9]+\.[0-9]+\+deb13)-'
# The developer's default: Debian 12's 6.12.
MDC_DEFAULT_KVER_RE='^6\.12\.[0-9]+\+deb12-'

# Where a kernel's modules are built: "" on this (Debian 12) host, or
# "trixie" for Debian 13's kernels, whose headers need trixie's compiler
# and libc (scripts/buildroot.sh).
mdc_kernel_root() {
	case $1 in
	*+deb13-*) echo trixie ;;
	*) echo "" ;;
	esac
}

# Build products per kernel: build/ko/KVER/md-cluster.ko (and test/).
mdc_ko_dir() {
	echo "$MDC_BUILD/ko/$1"
}

# The kernel the module is built for.  KVER if set; else the running
# kernel when it is a supported one with its headers; else the one the
# installed linux-image-6.12-amd64 (or linux-headers-6.12-amd64)
# metapackage points at; else the newest 6.12 +deb12 kernel whose headers
# are unpacked in build/ or that is installed.  Prints nothing when there
# is none.
mdc_detect_kver() {
	local v m
	if [ -n "${KVER:-}" ]; then
		echo "$KVER"
		return
	fi
	v=$(uname -r)
	if [[ $v =~ $MDC_DEFAULT_KVER_RE ]] && [ -e "$(mdc_kdir "$v")/include" ]; then
		echo "$v"
		return
	fi
	for m in linux-image-6.12-amd64 linux-headers-6.12-amd64; do
		v=$(dpkg-query -W -f '${Depends}' "$m" 2>/dev/null |
		    grep -Eo 'linux-(image|headers)-6\.12\.[0-9]*\+deb12-amd64' | head -n1 || true)
		if [ -n "$v" ]; then
			v=${v#linux-image-}
			echo "${v#linux-headers-}"
			return
		fi
	done
	# Headers unpacked here, or installed kernels; a fresh machine has
	# neither: that is "none", not an error.
	{
		[ ! -d "$MDC_BUILD/kernels/headers" ] ||
			find "$MDC_BUILD/kernels/headers" -mindepth 2 -maxdepth 2 -name version \
				-path '*/6.12.*+deb12-amd64/*' -printf '%h\n' | sed 's|.*/||'
		[ ! -d /lib/modules ] ||
			find /lib/modules -maxdepth 1 -name '6.12.*+deb12-amd64' -printf '%f\n'
	} | sort -V | tail -n1
}

# The newest Debian 12 6.12 kernel the archive has headers for (apt lists).
mdc_archive_kver() {
	apt-cache show --no-all-versions linux-headers-6.12-amd64 2>/dev/null |
		sed -n 's/^Depends: .*linux-headers-\(6\.12\.[0-9]*+deb12-amd64\).*/\1/p' | head -n1
}

# The version of a package on this host: installed, or for linux-headers-
# KVER unpacked into build/ by `scripts/kernels.sh headers`.
mdc_pkgver() {
	local v
	v=$(dpkg-query -W -f '${Version}' "$1" 2>/dev/null) || v=
	if [ -z "$v" ] && [[ $1 == linux-headers-* ]] &&
	   [ -f "$MDC_BUILD/kernels/headers/${1#linux-headers-}/version" ]; then
		v=$(cat "$MDC_BUILD/kernels/headers/${1#linux-headers-}/version")
	fi
	[ -n "$v" ] && echo "$v"
}

# A kernel's build tree: the installed headers package's, else the one
# `scripts/kernels.sh headers` unpacked into build/ (a Debian 12 6.12
# headers package depends on its linux-image: installing it would add a
# boot kernel to a host that only builds for it).
mdc_kdir() {
	if [ -e "/lib/modules/$1/build/Makefile" ]; then
		echo "/lib/modules/$1/build"
	else
		echo "$MDC_BUILD/kernels/headers/$1/root/usr/src/linux-headers-$1"
	fi
}
