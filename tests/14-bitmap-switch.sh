#!/bin/bash
# mdadm --grow --bitmap=none on a clustered array: refused while other
# nodes run the array (lock_all_bitmaps finds their slots busy; nothing
# changes), accepted once node1 is alone (node1 leaves the cluster, the
# array keeps running without a bitmap).  The way back (--bitmap=clustered)
# is not exercised: Debian 12's mdadm 4.2 refuses it ("disks marked
# write-mostly are not supported"), fixed upstream by mdadm commit d07e5618.
# Suite: full
set -euo pipefail
. "$(dirname "$0")/lib.sh"

bitmap_line() {	# node: the "Intent Bitmap" value of mdadm -D
	on "$1" "mdadm -D $MD" | sed -n 's/^ *Intent Bitmap : //p'
}

start_clean_array 3
[ "$(bitmap_line 1)" = "Internal(Clustered)" ] || fail "node1: bitmap is '$(bitmap_line 1)'"

step "node1: --grow --bitmap=none while nodes 2 and 3 run the array"
if out=$(on 1 "mdadm --grow $MD --bitmap=none" 2>&1); then
	fail "bitmap removed although two peers use the array: $out"
fi
note "refused: $out"
on 1 dmesg | grep -q 'md-cluster md0: slot 1 is in use' || fail "node1 did not find slot 1 busy"
on 1 dmesg | grep -q 'md-cluster md0: slot 2 is in use' || fail "node1 did not find slot 2 busy"
for n in 1 2 3; do
	[ "$(bitmap_line $n)" = "Internal(Clustered)" ] || fail "node$n: bitmap is now '$(bitmap_line $n)'"
done
must 2 "mdc-io fill $MD b2 0 50" >/dev/null
must 3 "mdc-io verify $MD b2 0 50" >/dev/null
note "bitmap still clustered on every node; node2's writes read back on node3"

step "nodes 2 and 3 stop the array; node1: --grow --bitmap=none"
must 2 "mdadm --stop $MD" >/dev/null
must 3 "mdadm --stop $MD" >/dev/null
must 1 "mdadm --grow $MD --bitmap=none"
[ -z "$(bitmap_line 1)" ] || fail "node1: bitmap still '$(bitmap_line 1)'"
on 1 dmesg | grep -q 'md-cluster md0: left the cluster' || fail "node1 did not leave the cluster"
must 1 "mdc-io verify $MD b2 0 50" >/dev/null
on 1 'cat /proc/mdstat' | grep -q '\[UU\]' || fail "node1: array not [UU]"
note "node1 runs md0 without a bitmap, outside the cluster; data intact"
step "passed"
