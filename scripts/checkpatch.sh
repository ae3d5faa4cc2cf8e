#!/bin/bash
# checkpatch.pl --strict over every module source, taken from the matching
# linux-source package (the headers package does not ship it).
set -euo pipefail
. "$(dirname "$0")/versions.sh"
mdinc=$("$MDC_TOP/scripts/md-headers.sh")
root=${mdinc%/drivers/md}
if [ ! -f "$root/scripts/checkpatch.pl" ]; then
	tar -C "$root" --strip-components=1 -xJf /usr/src/linux-source-6.12.tar.xz \
		linux-source-6.12/scripts/checkpatch.pl linux-source-6.12/scripts/spelling.txt \
		linux-source-6.12/scripts/const_structs.checkpatch
fi
cd "$MDC_TOP/src"
rc=0
for f in *.c *.h probes/*.c; do
	case "$f" in *.mod.c) continue ;; esac
	[ -e "$f" ] || continue
	out=$(perl "$root/scripts/checkpatch.pl" --no-tree --strict --quiet \
		--ignore SPDX_LICENSE_TAG -f "$f" 2>&1) || { echo "$out"; rc=1; }
done
exit $rc
