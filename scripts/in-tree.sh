#!/bin/bash
# Carry md-cluster in a kernel tree instead of building it out of tree.
#
#   in-tree.sh place TREE [--link]   put src/ at TREE/drivers/md/md-cluster/
#                                    (a symlink with --link, else a copy),
#                                    build it instead of the stock
#                                    md-cluster.c (drivers/md/Makefile) and
#                                    source its Kconfig after MD_CLUSTER's
#   in-tree.sh patch SERIES          print a patch against Debian's
#                                    linux-source-SERIES (6.1, 6.12, 7.3)
#                                    that does the same: apply it with
#                                    `patch -p1` at the top of the tree
#
# In tree the md core's headers are one directory up and the Kconfig
# options (MD_CLUSTER_KUNIT_TEST, MD_CLUSTER_TEST_INJECT) are real; the
# feature probes run the same way as out of tree.  scripts/kunit.sh uses
# `place --link` for its UML trees.
set -euo pipefail
. "$(dirname "$0")/versions.sh"

die() {
	echo "in-tree: $*" >&2
	exit 1
}

place() {	# tree link(0/1)
	local tree=$1 link=$2 md=$1/drivers/md
	[ -f "$md/md.h" ] && [ -f "$md/Kconfig" ] || die "$tree has no drivers/md"
	rm -rf "$md/md-cluster"
	if [ "$link" = 1 ]; then
		ln -sfn "$MDC_TOP/src" "$md/md-cluster"
	else
		mkdir -p "$md/md-cluster/probes"
		(cd "$MDC_TOP/src" && find . -type f \( -name '*.[ch]' -o -name Kbuild \
			-o -name Kconfig -o -name '*.sh' \) ! -name '*.mod.c' ! -name mdc-features.h) |
			while read -r f; do
				mkdir -p "$md/md-cluster/$(dirname "$f")"
				cp -p "$MDC_TOP/src/$f" "$md/md-cluster/$f"
			done
	fi
	# The stock module's source goes: our directory builds md-cluster.ko.
	rm -f "$md/md-cluster.c"
	sed -i 's|^obj-$(CONFIG_MD_CLUSTER)[[:space:]]*+= md-cluster\.o$|obj-$(CONFIG_MD_CLUSTER) += md-cluster/|' \
		"$md/Makefile"
	grep -q '^obj-$(CONFIG_MD_CLUSTER) += md-cluster/$' "$md/Makefile" ||
		die "cannot place md-cluster/ in $md/Makefile"
	if ! grep -q 'drivers/md/md-cluster/Kconfig' "$md/Kconfig"; then
		# insert before the first entry that follows MD_CLUSTER's block
		awk '
			/^config MD_CLUSTER$/ { inblk = 1; print; next }
			inblk && /^(config|menuconfig|source|endif|endmenu|menu|comment|choice|if)[[:space:]]/ {
				print "source \"drivers/md/md-cluster/Kconfig\""
				print ""
				inblk = 0; done = 1
			}
			{ print }
			END { if (!done) exit 1 }
		' "$md/Kconfig" >"$md/Kconfig.mdc" || die "no MD_CLUSTER block in $md/Kconfig"
		mv "$md/Kconfig.mdc" "$md/Kconfig"
	fi
}

patch_for() {	# series
	local series=$1 tarball
	tarball=$("$MDC_TOP/scripts/kernels.sh" source "$series") || exit 1
	tmp=$(mktemp -d)
	trap 'rm -rf "${tmp:-}"' EXIT
	mkdir -p "$tmp/a" "$tmp/b"
	tar -C "$tmp/a" --strip-components=1 -xJf "$tarball" --wildcards \
		"linux-source-$series/drivers/md/*"
	cp -a "$tmp/a/." "$tmp/b/"
	place "$tmp/b" 0
	(cd "$tmp" && diff -urN a/drivers/md b/drivers/md) || [ $? = 1 ]
}

case ${1:-} in
place)
	[ -n "${2:-}" ] || die "usage: in-tree.sh place TREE [--link]"
	place "$2" "$([ "${3:-}" = --link ] && echo 1 || echo 0)"
	;;
patch) patch_for "${2:?series}" ;;
*) echo "usage: in-tree.sh place TREE [--link] | patch SERIES" >&2; exit 2 ;;
esac
