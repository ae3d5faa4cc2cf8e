#!/bin/bash
# A Debian 13 (trixie) build root for the kernels a Debian 12 host cannot
# build for: trixie's 6.12 and trixie-backports' 7.x are built with
# trixie's gcc-14 and their kbuild tools link against trixie's libc.  The
# root is a debootstrap of trixie in build/roots/trixie, with trixie,
# trixie-updates, trixie-security and trixie-backports as its only apt
# sources; the host's own apt sources are never touched.
#
#   buildroot.sh ensure [PKG...]   create the root if needed, install PKGs
#   buildroot.sh run CMD [ARG...]  run CMD in the root, this checkout
#                                  bind-mounted at the same path
#   buildroot.sh apt-get ARG...    apt-get (apt-cache) on the host with
#   buildroot.sh apt-cache ARG...  trixie's sources and lists kept in build/:
#                                  for `update`, `download`, queries only
#   buildroot.sh remove            delete the root
#
# Mounts live in a private mount namespace (unshare -m): nothing is left
# mounted when a command ends or is killed.
set -euo pipefail
. "$(dirname "$0")/versions.sh"

suite=trixie
root=$MDC_BUILD/roots/$suite
mirror=http://deb.debian.org/debian
security=http://deb.debian.org/debian-security
# What every kernel build needs besides the kernel's own headers package.
base_pkgs=(make gcc kmod xz-utils sparse dwarves bc python3 perl
	   ca-certificates dpkg-dev)

sources() {
	cat <<EOF
Types: deb
URIs: $mirror
Suites: $suite $suite-updates $suite-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
}

run() {
	unshare -m --propagation private bash -c '
		root=$1 top=$2 build=$3; shift 3
		mount -t proc proc "$root/proc"
		mount --rbind /dev "$root/dev"
		mkdir -p "$root$top" "$root$build"
		mount --bind "$top" "$root$top"
		mount --bind "$build" "$root$build"
		cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
		exec chroot "$root" env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
	' mdc-buildroot "$root" "$MDC_TOP" "$MDC_BUILD" "$@"
}

ensure() {
	mkdir -p "$MDC_BUILD/roots"
	exec 9>"$MDC_BUILD/roots/.lock"
	flock 9
	if [ ! -f "$root/.ready" ]; then
		command -v debootstrap >/dev/null ||
			apt-get install -y -q debootstrap >/dev/null
		rm -rf "$root"
		echo "buildroot: debootstrap $suite into $root" >&2
		debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$MDC_BUILD/roots/$suite.log" 2>&1 ||
			{ tail -n 5 "$MDC_BUILD/roots/$suite.log" >&2; exit 1; }
		rm -f "$root/etc/apt/sources.list"
		sources >"$root/etc/apt/sources.list.d/debian.sources"
		# Packages are for building only: no services, no docs.
		printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
		chmod 755 "$root/usr/sbin/policy-rc.d"
		run apt-get -q update >/dev/null
		run apt-get install -y -q --no-install-recommends "${base_pkgs[@]}" >/dev/null
		touch "$root/.ready"
	fi
	local want=() p
	for p in "$@"; do
		run dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			want+=("$p")
	done
	if [ ${#want[@]} -gt 0 ]; then
		echo "buildroot: installing ${want[*]} in $suite" >&2
		run apt-get -q update >/dev/null
		run apt-get install -y -q --no-install-recommends "${want[@]}" >/dev/null
	fi
}

# apt-get or apt-cache on the host with the root's sources and lists, for
# downloading trixie's packages (guest kernels) without entering the root.
host_apt() {
	local tool=$1 lists=$MDC_BUILD/roots/$suite-lists
	shift
	mkdir -p "$lists/partial"
	[ -f "$lists/.sources" ] || sources >"$lists/.sources"
	"$tool" -o Dir::Etc::sourcelist="$lists/.sources" -o Dir::Etc::sourceparts=/dev/null \
		-o Dir::State::Lists="$lists" -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache= \
		"$@"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case $cmd in
ensure) ensure "$@" ;;
run) ensure; run "$@" ;;
apt-get | apt-cache) host_apt "$cmd" "$@" ;;
remove) rm -rf "$root" "$MDC_BUILD/roots/$suite-lists" ;;
*) echo "usage: buildroot.sh ensure [PKG...] | run CMD... | apt-get|apt-cache ARG... | remove" >&2; exit 2 ;;
esac
