#!/bin/bash
# mdadm --grow --size=max on a 3-node RAID1 created with --size=100M: every
# node sees the new size (mdadm -D Array Size, /sys/block/md0/size), data
# written before the grow is intact everywhere, and the new space is usable
# from every node.
# Suite: full
set -euo pipefail
. "$(dirname "$0")/lib.sh"

array_size() {	# node: "Array Size" of mdadm -D, in KiB
	on "$1" "mdadm -D $MD" | awk '/Array Size :/ {print $4}'
}

start_clean_array 3 --size=100M
for n in 1 2 3; do
	[ "$(md_sectors $n)" = 204800 ] || fail "node$n: md0 has $(md_sectors $n) sectors, not 204800"
	[ "$(array_size $n)" = 102400 ] || fail "node$n: Array Size $(array_size $n) KiB, not 102400"
done
note "md0 is 204800 sectors (100 MiB) on every node"

step "node1 writes 800 records (50 MiB) before the grow"
must 1 "mdc-io fill $MD g 0 800" >/dev/null

step "node1: mdadm --grow $MD --size=max"
must 1 "mdadm --grow $MD --size=max"
new=$(md_sectors 1)
[ "$new" -gt 204800 ] || fail "node1: size $new did not grow"
wait_until 30 "every node at $new sectors" md_all_sized "$new" 1 2 3
kib=$(array_size 1)
[ $((kib * 2)) = "$new" ] || fail "node1: Array Size $kib KiB does not match $new sectors"
for n in 2 3; do
	[ "$(array_size $n)" = "$kib" ] || fail "node$n: Array Size $(array_size $n) KiB, node1 $kib"
done
note "every node: $new sectors, Array Size $kib KiB"
on 1 dmesg | grep -q 'array size now' || fail "node1 did not log the cluster-wide size change"

for n in 1 2 3; do
	wait_until 300 "node$n idle after the grow" md_idle "$n"
done
wait_until 30 "equal event counts" same_events 1 2 3

step "data from before the grow, on every node; new space written by node2"
for n in 1 2 3; do
	must $n "mdc-io verify $MD g 0 800" >/dev/null
done
last=$((new / 128 - 1))	# the last whole 64 KiB record
[ "$last" -ge 1600 ] || fail "new size leaves no room past the old end"
must 2 "mdc-io fill $MD n2 1600 $((last - 1600 + 1))" >/dev/null
for n in 1 3; do
	must $n "mdc-io verify $MD n2 1600 $((last - 1600 + 1))" >/dev/null
done
note "800 old records intact on 3 nodes; records 1600..$last written by node2 read back on 1 and 3"
must 1 "mdc-io members-equal /dev/vda /dev/vdb" >/dev/null
note "members identical"
step "passed"
