#!/bin/bash
# Re-adding a failed member on 3 nodes.
#  1. node1 fails vdb; node2 writes while vdb is out (only node2's bitmap
#     slot records those writes); node1 re-adds vdb through sysfs
#     (RE_ADD + gather_bitmaps): every node sees [UU] again and the members
#     are identical, so node2's dirty regions were merged and recovered.
#  2. node1 fails and removes vdb (REMOVE): no node lists it; node1
#     mdadm --re-add's it (a clustered add confirmed by nodes 2 and 3):
#     every node is back to [UU] with equal events.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

vdb_state() {	# node: vdb's line in mdadm -D ("active sync", "faulty", ...)
	on "$1" "mdadm -D $MD" | awk '$NF == "/dev/vdb" {
		s = ""; for (i = 5; i < NF; i++) s = s (s ? " " : "") $i; print s }'
}

state_is() {	# node state: vdb's state on that node
	[ "$(vdb_state "$1")" = "$2" ]
}

all_clean() {
	local n
	for n in 1 2 3; do
		md_clean $n && state_is $n "active sync" || return 1
	done
}

start_clean_array 3

step "node1 fails vdb; node2 writes 400 records while it is out"
must 1 "mdadm --manage $MD --fail /dev/vdb" >/dev/null
for n in 1 2 3; do
	wait_until 30 "node$n to see vdb faulty" state_is $n faulty
done
wait_until 30 "vdb out of its slot on node1" on 1 \
	'[ "$(cat /sys/block/md0/md/dev-vdb/slot)" = none ]'
must 2 "mdc-io fill $MD d2 100 400" >/dev/null

step "node1: echo re-add > dev-vdb/state"
must 1 'echo re-add > /sys/block/md0/md/dev-vdb/state'
wait_until 300 "vdb active and in sync on every node" all_clean
wait_until 30 "equal event counts" same_events 1 2 3
for n in 1 3; do
	must $n "mdc-io verify $MD d2 100 400" >/dev/null
done
must 1 "mdc-io members-equal /dev/vda /dev/vdb" >/dev/null
note "vdb back everywhere; node2's writes while it was out are on both members"

step "node1 fails and removes vdb"
must 1 "mdadm --manage $MD --fail /dev/vdb" >/dev/null
for n in 1 2 3; do
	wait_until 30 "node$n to see vdb faulty" state_is $n faulty
done
must 1 "mdadm --manage $MD --remove /dev/vdb" >/dev/null
for n in 1 2 3; do
	wait_until 30 "node$n to drop vdb" state_is $n ""
	wait_until 30 "node$n to let go of vdb" on $n '[ ! -e /sys/block/md0/md/dev-vdb ]'
done
note "vdb gone from every node"
must 3 "mdc-io fill $MD d3 600 200" >/dev/null

step "node1: mdadm --re-add /dev/vdb"
must 1 "mdadm --manage $MD --re-add /dev/vdb"
wait_until 300 "vdb active and in sync on every node" all_clean
wait_until 30 "equal event counts" same_events 1 2 3
must 2 "mdc-io verify $MD d3 600 200" >/dev/null
must 1 "mdc-io members-equal /dev/vda /dev/vdb" >/dev/null
note "vdb re-added on every node, events $(md_events 1), members identical"
step "passed"
