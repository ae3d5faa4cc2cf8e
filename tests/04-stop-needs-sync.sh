#!/bin/bash
# Stop the array on the node that is resyncing (its bitmap slot is dirty):
# BITMAP_NEEDS_SYNC makes another node take over the resync.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

start_cluster 3
for n in 1 2 3; do
	on $n 'echo 1000 >/proc/sys/dev/raid/speed_limit_min; echo 2000 >/proc/sys/dev/raid/speed_limit_max'
done
array_up 3
slot1=$(on 1 'cat /sys/block/md0/md/cluster/slot')
step "node1 resyncs slowly; node1 stops the array mid-resync"
wait_until 30 "node1 to resync" on 1 'grep -q "resync = " /proc/mdstat'
must 1 "mdadm --stop $MD" >/dev/null
step "another node takes the resync over"
taken() {
	[ -n "$(resyncing_nodes 2 3)" ]
}
wait_until 60 "node2 or node3 to resync node1's slot" taken
note "resyncing now: node$(resyncing_nodes 2 3 | tr '\n' ' ')"
# node1's dirty bits are in its own slot: a taker must merge it
merged_by() {
	local n
	for n in 2 3; do
		on $n dmesg | grep "recovered slot $slot1: sectors" >/dev/null && echo "$n"
	done
	return 0
}
merged() {
	[ -n "$(merged_by)" ]
}
wait_until 60 "node2 or node3 to merge node1's slot ($slot1)" merged
for n in 2 3; do
	if on $n dmesg | grep "slot $slot1 is in use again"; then
		fail "node$n left node1's bits to node1, which was leaving"
	fi
done
note "node1's slot merged by node$(merged_by | tr '\n' ' ')"
for n in 2 3; do
	on $n 'echo 200000 >/proc/sys/dev/raid/speed_limit_max'
done
for n in 2 3; do
	wait_until 300 "resync done on node$n" md_clean $n
done
must 2 "mdc-io members-equal /dev/vda /dev/vdb" >/dev/null
note "resync finished by the survivors; members identical"
step "passed"
