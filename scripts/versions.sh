# shellcheck shell=bash
# Versions and paths shared by every script: sourced, never run.
#
# The target is the newest Debian 12 "6.12" kernel the archive serves.  KVER is
# its uname -r (6.12.117+deb12-amd64); PKGVER is the Debian package version
# (6.12.117-1~deb12u1) that linux-headers and linux-source must both carry.

MDC_TOP=${MDC_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
MDC_BUILD=${MDC_BUILD:-$MDC_TOP/build}

# The kernel the module is built for.  Overridable, but by default the one
# the installed linux-image-6.12-amd64 metapackage points at, else the newest
# installed 6.12 +deb12 image.
mdc_detect_kver() {
	local v
	if [ -n "${KVER:-}" ]; then
		echo "$KVER"
		return
	fi
	v=$(dpkg-query -W -f '${Depends}' linux-image-6.12-amd64 2>/dev/null |
	    grep -o 'linux-image-6\.12\.[0-9]*+deb12-amd64' | head -n1)
	if [ -n "$v" ]; then
		echo "${v#linux-image-}"
		return
	fi
	# A fresh machine has no /lib/modules yet: that is "none", not an error.
	[ -d /lib/modules ] || return 0
	find /lib/modules -maxdepth 1 -name '6.12.*+deb12-amd64' -printf '%f\n' |
		sort -V | tail -n1
}

mdc_pkgver() {
	dpkg-query -W -f '${Version}' "$1" 2>/dev/null
}
