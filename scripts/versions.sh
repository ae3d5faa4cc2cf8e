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
# kernel when it is a supported one with its headers installed; else the
# one the installed linux-image-6.12-amd64 (or linux-headers-6.12-amd64)
# metapackage points at; else the newest installed 6.12 +deb12 kernel with
# headers.  Prints nothing when there is none.
mdc_detect_kver() {
	local v m
	if [ -n "${KVER:-}" ]; then
		echo "$KVER"
		return
	fi
	v=$(uname -r)
	if [[ $v =~ $MDC_DEFAULT_KVER_RE ]] && [ -e "/lib/modules/$v/build/include" ]; then
		echo "$v"
		return
	fi
	for m in linux-image-6.12-amd64 linux-headers-6.12-amd64; do
		v=$(dpkg-query -W -f '${Depends}' "$m" 2>/dev/null |
		    grep -Eo 'linux-(image|headers)-6\.12\.[0-9]*\+deb12-amd64' | head -n1)
		if [ -n "$v" ]; then
			v=${v#linux-image-}
			echo "${v#linux-headers-}"
			return
		fi
	done
	# A fresh machine has no /lib/modules yet: that is "none", not an error.
	[ -d /lib/modules ] || return 0
	find /lib/modules -maxdepth 1 -name '6.12.*+deb12-amd64' -printf '%f\n' |
		sort -V | tail -n1
}

mdc_pkgver() {
	dpkg-query -W -f '${Version}' "$1" 2>/dev/null
}
