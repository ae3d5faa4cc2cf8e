#!/bin/bash
# Fetch the mdadm whose cluster tests `make conformance` runs, at test time:
# nothing of mdadm is kept in the repository.
#
#   scripts/mdadm-src.sh 4.4   Debian 13's mdadm: its source, built here
#                              (the binary needs only bookworm's libc and
#                              libudev); tree in build/mdadm/4.4/
#   scripts/mdadm-src.sh 4.2   Debian 12's mdadm: its source package with
#                              Debian's patches, for the tests; the binary
#                              is the package's own /usr/sbin/mdadm, which
#                              the guests already carry
#
# Source packages come through a sources file of our own, used only through
# apt-get -o options, so the host's sources stay as they are.  Prints the
# tree's path on its last line.
set -euo pipefail
. "$(dirname "$0")/versions.sh"

version=${1:?usage: mdadm-src.sh 4.4|4.2}
case $version in
4.4) suite=trixie ;;
4.2) suite=bookworm ;;
*) echo "mdadm-src: unknown version $version (4.4 or 4.2)" >&2; exit 2 ;;
esac

top=$MDC_BUILD/mdadm
tree=$top/$version/tree
if [ -x "$tree/test" ] && [ -f "$top/$version/.done" ]; then
	echo "$tree"
	exit 0
fi

aptdir=$top/apt
mkdir -p "$aptdir/lists/partial"
cat >"$aptdir/src.sources" <<EOF
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
apt_opts=(-o "Dir::Etc::sourcelist=$aptdir/src.sources" -o Dir::Etc::sourceparts=/dev/null
	  -o "Dir::State::Lists=$aptdir/lists")
if [ ! -f "$aptdir/.updated" ]; then
	apt-get -q "${apt_opts[@]}" update >&2
	touch "$aptdir/.updated"
fi

export DEBIAN_FRONTEND=noninteractive
need=(dpkg-dev xz-utils)
[ "$version" = 4.4 ] && need+=(libudev-dev pkg-config)
missing=()
for p in "${need[@]}"; do
	dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] || apt-get install -y -q --no-install-recommends "${missing[@]}" >&2

dl=$top/$version/dl
rm -rf "$dl" "$tree"
mkdir -p "$dl"
# The archive may list a Debian revision whose .dsc is gone while the
# upstream tarball is still served: that tarball is enough for 4.4.
(cd "$dl" && apt-get -q "${apt_opts[@]}" source --download-only "mdadm/$suite" >&2) || true

if dsc=$(ls "$dl"/mdadm_"$version"-*.dsc 2>/dev/null | head -n 1) && [ -n "$dsc" ] &&
   [ -f "${dsc%.dsc}.debian.tar.xz" ]; then
	dpkg-source --no-check -x "$dsc" "$tree" >&2
elif [ -f "$dl/mdadm_$version.orig.tar.xz" ] && [ "$version" = 4.4 ]; then
	mkdir -p "$tree"
	tar -xJf "$dl/mdadm_$version.orig.tar.xz" -C "$tree" --strip-components=1
else
	echo "mdadm-src: could not fetch the source of mdadm $version from $suite" >&2
	exit 1
fi
[ -x "$tree/test" ] && [ -d "$tree/clustermd_tests" ] ||
	{ echo "mdadm-src: $tree has no test or clustermd_tests/" >&2; exit 1; }

if [ "$version" = 4.4 ]; then
	make -C "$tree" -j2 mdadm >&2
	"$tree/mdadm" --version >&2
fi
touch "$top/$version/.done"
echo "$tree"
