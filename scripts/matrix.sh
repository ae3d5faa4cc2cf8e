#!/bin/bash
# make matrix: the module on every Debian kernel a clustered-md user runs,
# one row per kernel, then the rolling-upgrade scenario across them.
#
#   build     W=1 + sparse (C=2) clean build, production and test variants
#   dkms      the md-cluster-dkms package builds the module for that kernel
#             (Debian 12's kernels on this host, installed then purged;
#             Debian 13's in the trixie build root)
#   kunit     the KUnit suites in a UML kernel of that series (6.12, 7.3)
#   01 03 06 07 11   those scenarios with every guest on that kernel
#             (06: mixed with that kernel's own stock md-cluster)
#   mdadm     mdadm 4.4's clustermd_tests on that kernel, ours and stock
#             (7.3 only: make conformance covers 6.12)
# then tests/matrix/rolling-upgrade.sh and tests/30-dkms-package.sh with
# its kernel-upgrade step (MDC_DKMS_UPGRADE=1).
#
#   MDC_MATRIX_KERNELS="6.1 7.3"   a subset (default: scripts/kernels.sh list)
#   MDC_MATRIX_SKIP="kunit mdadm"  columns not to run ("-" in the table):
#                                  build dkms kunit 01 03 06 07 11 mdadm
#                                  rolling dkms-upgrade
#
# Output: build/matrix/table.md (also printed), each cell's log in
# build/matrix/.  Ends with "matrix: N passed, N failed".  Takes over an
# hour on two cores: not part of make check.
set -uo pipefail
. "$(dirname "$0")/versions.sh"

out=$MDC_BUILD/matrix
rm -rf "$out"
mkdir -p "$out"
names=${MDC_MATRIX_KERNELS:-6.1 6.12 6.12-deb13 7.3}
skip=" ${MDC_MATRIX_SKIP:-} "
scenarios=(01 03 06 07 11)
passed=0 failed=0
declare -A cell=()
rows=()
# One qemu cluster at a time on this machine, whoever starts it; the
# scenarios and conformance.sh stop their own clusters before the lock goes.
qemu=(flock /tmp/mdc-qemu.lock)

run_cell() {	# row column cmd...: run, log, remember "PASS 12s" / "FAIL 12s"
	local row=$1 col=$2 t=$SECONDS rc log
	shift 2
	log=$out/$row.$col.log
	if [[ $skip == *" $col "* ]]; then
		cell[$row,$col]=-
		return 0
	fi
	"$@" >"$log" 2>&1
	rc=$?
	if [ $rc = 0 ]; then
		cell[$row,$col]="pass $((SECONDS - t))s"
		passed=$((passed + 1))
	else
		cell[$row,$col]="FAIL $((SECONDS - t))s"
		failed=$((failed + 1))
	fi
	printf '%-22s %-8s %s\n' "$row" "$col" "${cell[$row,$col]}"
}

# The package, built once from this checkout.
"$MDC_TOP/scripts/deb.sh" >"$out/deb.log" 2>&1 || { cat "$out/deb.log"; exit 1; }
deb=$MDC_BUILD/md-cluster-dkms_${MDC_VERSION}_all.deb

dkms_cell() {	# kver: install the package where that kernel's headers are
	local kver=$1 root
	root=$(mdc_kernel_root "$kver")
	"$MDC_TOP/scripts/kernels.sh" headers "$kver" || return 1
	if [ -n "$root" ]; then
		cp "$deb" "$MDC_BUILD/roots/"
		"$MDC_TOP/scripts/buildroot.sh" ensure dkms || return 1
		"$MDC_TOP/scripts/buildroot.sh" run sh -c "
			apt-get install -y -q '$MDC_BUILD/roots/$(basename "$deb")' >/dev/null &&
			dkms status -m md-cluster -k '$kver' | tee /dev/stderr | grep -q ': installed' &&
			apt-get purge -y -q md-cluster-dkms >/dev/null"
	else
		dpkg-query -W -f '${Status}' md-cluster-dkms 2>/dev/null | grep -q installed &&
			{ echo "md-cluster-dkms is already installed on this host: not touching it"; return 1; }
		apt-get install -y -q "$deb" >/dev/null || return 1
		local rc=0
		dkms status -m md-cluster -k "$kver" | tee /dev/stderr | grep -q ': installed' || rc=1
		apt-get purge -y -q md-cluster-dkms >/dev/null || rc=1
		return $rc
	fi
}

for name in $names; do
	kver=$("$MDC_TOP/scripts/kernels.sh" resolve "$name") || { failed=$((failed + 1)); continue; }
	row="$name ($kver)"
	run_cell "$row" build sh -c "KVER='$kver' '$MDC_TOP/scripts/build-module.sh' --check &&
		KVER='$kver' MDC_TEST=1 '$MDC_TOP/scripts/build-module.sh'"
	run_cell "$row" dkms dkms_cell "$kver"
	case $name in
	6.12 | 7.*) run_cell "$row" kunit "$MDC_TOP/scripts/kunit.sh" "${name%%-*}" ;;
	*) cell[$row,kunit]="n/a" ;;
	esac
	MDC_IMAGE_KERNELS="$kver" "$MDC_TOP/scripts/mkimage.sh" >"$out/$name.image.log" 2>&1
	for s in "${scenarios[@]}"; do
		run_cell "$row" "$s" "${qemu[@]}" env MDC_KERNEL="$kver" "$MDC_TOP"/tests/"$s"-*.sh
	done
	case $name in
	7.*) run_cell "$row" mdadm "${qemu[@]}" "$MDC_TOP/scripts/conformance.sh" --mdadm 4.4 --kernel "$kver" ;;
	*) cell[$row,mdadm]="n/a" ;;
	esac
	rows+=("$row")
done

run_cell rolling-upgrade rolling "${qemu[@]}" "$MDC_TOP/tests/matrix/rolling-upgrade.sh"
# The package through a kernel upgrade on this host (tests/30's long form).
run_cell dkms-upgrade dkms-upgrade "${qemu[@]}" env MDC_DKMS_UPGRADE=1 "$MDC_TOP/tests/30-dkms-package.sh"

{
	printf '| kernel | build | dkms | kunit |'
	printf ' %s |' "${scenarios[@]}"
	printf ' mdadm 4.4 |\n|---|---|---|---|'
	printf -- '---|%.0s' "${scenarios[@]}"
	printf -- '---|\n'
	for row in "${rows[@]}"; do
		printf '| %s | %s | %s | %s |' "$row" "${cell[$row,build]}" "${cell[$row,dkms]}" "${cell[$row,kunit]}"
		for s in "${scenarios[@]}"; do
			printf ' %s |' "${cell[$row,$s]}"
		done
		printf ' %s |\n' "${cell[$row,mdadm]}"
	done
	echo
	echo "rolling upgrade (6.1 stock + 6.12 ours + 7.3 ours, then 6.1 -> 7.3): ${cell[rolling-upgrade,rolling]}"
	echo "DKMS package through a kernel upgrade (tests/30, MDC_DKMS_UPGRADE=1): ${cell[dkms-upgrade,dkms-upgrade]}"
} | tee "$out/table.md"
echo "matrix: $passed passed, $failed failed"
[ "$failed" = 0 ]
