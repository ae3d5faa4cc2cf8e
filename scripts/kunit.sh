#!/bin/bash
# Run md-cluster's KUnit suites under UML in a linux-source tree.
#
#   kunit.sh [SERIES]    6.12 (default) or 7.3, any series Debian ships as
#                        linux-source-SERIES (bookworm's, or trixie's and
#                        trixie-backports' through scripts/buildroot.sh)
#
# The tree is extracted once into build/kunit/linux-source-SERIES and kept;
# our src/ is linked in as drivers/md/md-cluster/ (replacing the stock
# md-cluster.c in drivers/md/Makefile, with src/Kconfig sourced after
# MD_CLUSTER), so this also proves the in-tree Kconfig + Kbuild work for
# that kernel.  Objects are kept in build/kunit/out-SERIES (out for 6.12):
# a rebuild takes seconds.
#
# Prints kunit.py's results, then "kunit: N passed, N failed"; exits non-zero
# when a test fails or the kernel does not build or boot.
set -euo pipefail
. "$(dirname "$0")/versions.sh"

series=${1:-6.12}
top=$MDC_BUILD/kunit
tree=$top/linux-source-$series
out=$top/out
[ "$series" = 6.12 ] || out=$top/out-$series
kconf=$top/kunitconfig
log=$top/kunit-$series.log
md=$tree/drivers/md
mkdir -p "$top"

if [ ! -f "$tree/.mdc-extracted" ]; then
	tarball=$("$MDC_TOP/scripts/kernels.sh" source "$series")
	echo "kunit: extracting $tarball (once)"
	rm -rf "$tree"
	tar -C "$top" -xJf "$tarball"
	touch "$tree/.mdc-extracted"
fi

# Our sources replace the stock md-cluster.c.
"$MDC_TOP/scripts/in-tree.sh" place "$tree" --link

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
# Off: what kunit.py's UML defaults build that no suite of ours needs.
# A fifth fewer objects; the cold build is most of make check's KUnit time.
CONFIG_EXPERT=y
# CONFIG_VIRTIO_UML is not set
# CONFIG_UML_PCI_OVER_VIRTIO is not set
# CONFIG_IPV6 is not set
# CONFIG_ETHTOOL_NETLINK is not set
# CONFIG_IO_URING is not set
# CONFIG_INPUT is not set
# CONFIG_HID is not set
# CONFIG_PTP_1588_CLOCK is not set
# CONFIG_BPF_SYSCALL is not set
EOF

# slub_debug: freed objects are poisoned (0x6b), so a test that reads
# state after it was freed sees garbage instead of the old values.
rc=0
(cd "$tree" && nice -n 19 python3 tools/testing/kunit/kunit.py run \
	--build_dir="$out" --kunitconfig="$kconf" --jobs=2 \
	--kernel_args=slub_debug=FZP) 2>&1 | tee "$log" ||
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
