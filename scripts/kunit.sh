#!/bin/bash
# Run md-cluster's KUnit suites under UML in a linux-source-6.12 tree.
#
# The tree is extracted once into build/kunit/linux-source-6.12 and kept; our
# src/ is linked in as drivers/md/md-cluster/ (replacing the stock
# md-cluster.c in drivers/md/Makefile, with src/Kconfig sourced after
# MD_CLUSTER), so this also proves the in-tree Kconfig + Kbuild work.
# Objects are kept in build/kunit/out: a rebuild takes seconds.
#
# Prints kunit.py's results, then "kunit: N passed, N failed"; exits non-zero
# when a test fails or the kernel does not build or boot.
set -euo pipefail
. "$(dirname "$0")/versions.sh"

tarball=/usr/src/linux-source-6.12.tar.xz
top=$MDC_BUILD/kunit
tree=$top/linux-source-6.12
out=$top/out
kconf=$top/kunitconfig
log=$top/kunit.log
md=$tree/drivers/md

[ -f "$tarball" ] || { echo "kunit: $tarball missing (linux-source-6.12)" >&2; exit 1; }
mkdir -p "$top"

if [ ! -f "$tree/.mdc-extracted" ]; then
	echo "kunit: extracting $tarball (once)"
	rm -rf "$tree"
	tar -C "$top" -xJf "$tarball"
	touch "$tree/.mdc-extracted"
fi

# Our sources replace the stock md-cluster.c.
ln -sfn "$MDC_TOP/src" "$md/md-cluster"
if [ -f "$md/md-cluster.c" ]; then
	mv "$md/md-cluster.c" "$md/md-cluster.c.stock"
fi
sed -i 's|^obj-$(CONFIG_MD_CLUSTER)[[:space:]]*+= md-cluster\.o$|obj-$(CONFIG_MD_CLUSTER) += md-cluster/|' \
	"$md/Makefile"
grep -q '^obj-$(CONFIG_MD_CLUSTER) += md-cluster/$' "$md/Makefile" ||
	{ echo "kunit: cannot place md-cluster/ in $md/Makefile" >&2; exit 1; }
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
	' "$md/Kconfig" >"$md/Kconfig.mdc" ||
		{ echo "kunit: no MD_CLUSTER block in $md/Kconfig" >&2; exit 1; }
	mv "$md/Kconfig.mdc" "$md/Kconfig"
fi

cat >"$kconf" <<'EOF'
CONFIG_KUNIT=y
CONFIG_NET=y
CONFIG_INET=y
CONFIG_SYSFS=y
CONFIG_CONFIGFS_FS=y
CONFIG_DLM=y
CONFIG_BLOCK=y
CONFIG_MD=y
CONFIG_BLK_DEV_MD=y
CONFIG_MD_RAID1=y
CONFIG_MD_CLUSTER=y
CONFIG_MD_CLUSTER_KUNIT_TEST=y
EOF

rc=0
(cd "$tree" && nice -n 19 python3 tools/testing/kunit/kunit.py run \
	--build_dir="$out" --kunitconfig="$kconf" --jobs=2) 2>&1 | tee "$log" ||
	rc=$?

# kunit.py ends with "Testing complete. Ran N tests: passed: P[, failed: F]..."
summary=$(grep -E 'Testing complete\. Ran [0-9]+ tests' "$log" | tail -n1 || true)
if [ -z "$summary" ]; then
	echo "kunit: no test results (build or boot failed, see $log)" >&2
	echo "kunit: 0 passed, 1 failed"
	exit 1
fi
passed=$(echo "$summary" | sed -n 's/.*passed: \([0-9]*\).*/\1/p')
failed=$(echo "$summary" | sed -n 's/.*failed: \([0-9]*\).*/\1/p')
crashed=$(echo "$summary" | sed -n 's/.*crashed: \([0-9]*\).*/\1/p')
failed=$(( ${failed:-0} + ${crashed:-0} ))
echo "kunit: ${passed:-0} passed, $failed failed"
[ "$failed" = 0 ] && [ "$rc" = 0 ]
