#!/bin/bash
# make ha: the scenarios of tests/ha/ on the "debian" guest flavour
# (systemd, udev, pacemaker, SBD fencing; scripts/mkroot.sh builds and
# caches the image).  Not part of make check: building the image takes
# about 2.5 min and each scenario boots three full Debian systems under
# TCG.  Ends with "N passed, N failed".
#
#   TESTS="40 41" make ha    only the scenarios whose names start so
set -uo pipefail
. "$(dirname "$0")/versions.sh"
. "$MDC_TOP/scripts/runner.sh"

logdir=$MDC_BUILD/ha
mkdir -p "$logdir"
"$MDC_TOP/scripts/deb.sh" >"$logdir/deb.log" 2>&1 || { tail -n 20 "$logdir/deb.log"; exit 1; }
"$MDC_TOP/scripts/mkroot.sh" || exit 1
passed=0 failed=0
for t in "$MDC_TOP"/tests/ha/[0-9]*.sh; do
	name=$(basename "$t" .sh)
	selected "$name" || continue
	t0=$SECONDS
	flock /tmp/mdc-qemu.lock "$t" >"$logdir/$name.log" 2>&1
	rc=$?
	"$MDC_TOP/scripts/cluster" down >/dev/null 2>&1
	if [ $rc = 0 ]; then
		passed=$((passed + 1))
		printf 'PASS  %-32s %4ss\n' "$name" $((SECONDS - t0))
	else
		failed=$((failed + 1))
		printf 'FAIL  %-32s %4ss  (%s)\n' "$name" $((SECONDS - t0)) "$logdir/$name.log"
		grep -m1 '^FAILED' "$logdir/$name.log" | sed 's/^/      /'
	fi
done
echo "$passed passed, $failed failed"
[ $failed = 0 ]
