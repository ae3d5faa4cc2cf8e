#!/bin/bash
# RAID10 (near=2) over vda..vdd on 3 nodes: a node killed mid-write is
# recovered by a survivor; every acknowledged write reads back and both
# mirror pairs (vda/vdb and vdc/vdd) hold identical data.
# Suite: full
set -euo pipefail
MEMBERS="/dev/vda /dev/vdb /dev/vdc /dev/vdd"
RAID_ARGS="--level=10 --layout=n2 --raid-devices=4"
MIRROR_PAIRS="/dev/vda /dev/vdb,/dev/vdc /dev/vdd"
. "$(dirname "$0")/lib.sh"

start_clean_array 3
for n in 1 2 3; do
	on $n "mdadm -D $MD" | grep -Eq 'Raid Level : raid10' || fail "node$n: md0 is not RAID10"
	[ "$(on $n "mdadm -D $MD" | awk '/Active Devices/ {print $4}')" = 4 ] ||
		fail "node$n: not 4 active devices"
done
note "RAID10 n2 over 4 disks on every node"
scenario_kill_recover 2 1 3
step "passed"
