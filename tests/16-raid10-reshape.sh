#!/bin/bash
# RAID10 --grow --raid-devices on 2 nodes: node1 adds two disks (node2
# confirms them) and reshapes 4 -> 6 devices.  The bitmaps of both slots
# are resized together (resize_bitmaps, BITMAP_RESIZE), node2 follows the
# reshape, both end with 6 devices, the same size and the same bitmap
# geometry in every slot; old data is intact and the new space usable from
# both nodes.
# Suite: full
set -euo pipefail
MEMBERS="/dev/vda /dev/vdb /dev/vdc /dev/vdd"
RAID_ARGS="--level=10 --layout=n2 --raid-devices=4"
. "$(dirname "$0")/lib.sh"

spares_are() {	# node count
	[ "$(md_detail "$1" 'Spare Devices')" = "$2" ]
}

reshaped() {	# node: six devices, no reshape left to do
	! on "$1" 'cat /proc/mdstat' | grep -Eq 'reshape|resync|recovery|PENDING|REMOTE' &&
		[ "$(md_detail "$1" 'Raid Devices')" = 6 ] &&
		[ "$(on "$1" 'cat /sys/block/md0/md/reshape_position')" = none ]
}

slot_bits() {	# node: "bits" of every slot's bitmap on vda, one a line
	on "$1" 'mdadm -X /dev/vda' | sed -n 's/^ *Bitmap : \([0-9]*\) bits.*/\1/p'
}

start_clean_array 2 --size=64M
old=$(md_sectors 1)
[ "$old" = 262144 ] || fail "node1: md0 has $old sectors, not 262144 (4 x 64 MiB, near=2)"
[ "$(md_sectors 2)" = "$old" ] || fail "node2: md0 has $(md_sectors 2) sectors, node1 $old"
note "RAID10 n2 over 4 disks, $old sectors on both nodes"

step "node1 writes 1000 records (62.5 MiB) before the reshape"
must 1 "mdc-io fill $MD r 0 1000" >/dev/null

step "node1 adds vde and vdf; node2 confirms both"
must 1 "mdadm --manage $MD --add /dev/vde /dev/vdf" >/dev/null
for n in 1 2; do
	wait_until 30 "node$n to list two spares" spares_are $n 2
done

step "node1: mdadm --grow $MD --raid-devices=6"
bits_before=$(slot_bits 1 | sort -u | tr '\n' ' ' | sed 's/ $//')
must 1 "mdadm --grow $MD --raid-devices=6" >/dev/null
for n in 1 2; do
	wait_until 600 "node$n: reshape to 6 devices done" reshaped "$n"
done
new=$(md_sectors 1)
[ "$new" = 393216 ] || fail "node1: md0 has $new sectors after the reshape, not 393216"
wait_until 30 "node2 at $new sectors" md_all_sized "$new" 2
[ "$(md_detail 2 'Array Size')" = "$(md_detail 1 'Array Size')" ] ||
	fail "Array Size differs: node1 $(md_detail 1 'Array Size'), node2 $(md_detail 2 'Array Size')"
wait_until 30 "equal event counts" same_events 1 2
note "both nodes: 6 devices, $new sectors, events $(md_events 1)"

[ "$(slot_bits 1 | wc -l)" = 4 ] ||
	fail "mdadm -X shows $(slot_bits 1 | wc -l) slot bitmaps, not 4: $(on 1 'mdadm -X /dev/vda')"
bits=$(slot_bits 1 | sort -u)
[ "$(echo "$bits" | wc -l)" = 1 ] ||
	fail "the slots' bitmaps differ in size: $(slot_bits 1 | tr '\n' ' ')"
[ "$(echo "$bits" | tr -d ' ')" != "$(echo "$bits_before" | tr -d ' ')" ] ||
	fail "the bitmaps kept $bits bits: not resized with the array"
for n in 1 2; do
	on $n dmesg | grep -q 'bitmap resize to .* failed' &&
		fail "node$n logged a failed bitmap resize"
done
note "every slot's bitmap: $bits bits (was $bits_before)"

step "old data on both nodes; node2 writes past the old end, node1 reads it"
for n in 1 2; do
	must $n "mdc-io verify $MD r 0 1000" >/dev/null
done
must 2 "mdc-io fill $MD s 2048 1024" >/dev/null
must 1 "mdc-io verify $MD s 2048 1024" >/dev/null
note "1000 old records intact on both; records 2048..3071 of node2 read back on node1"
step "passed"
