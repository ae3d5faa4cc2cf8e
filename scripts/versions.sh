# shellcheck shell=bash
# Versions and paths shared by every script: sourced, never run.
#
# The target is Debian 12's "6.12" kernel series.  KVER is a uname -r
# (6.12.117+deb12-amd64); its Debian package version (6.12.117-1~deb12u1)
# is the one linux-headers and linux-source must both carry.

MDC_TOP=${MDC_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
MDC_BUILD=${MDC_BUILD:-$MDC_TOP/build}

# The project's version: the VERSION file, the one source of truth
# (MODULE_VERSION, the .deb, DKMS's PACKAGE_VERSION; debian/changelog must
# agree, scripts/deb.sh checks).
MDC_VERSION=$(cat "$MDC_TOP/VERSION")

# Kernels this project builds for: Debian 12's 6.12 series, any flavour.
MDC_KVER_RE='^6\.12\.[0-9]+\+deb12-'

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
	if [[ $v =~ $MDC_KVER_RE ]] && [ -e "/lib/modules/$v/build/include" ]; then
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
