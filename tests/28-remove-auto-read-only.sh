#!/bin/bash
# A disk failed, removed and added back (wiped: a new member) on node 1
# while the peers' arrays are read-only until their first write, as under
# pacemaker on nodes that never wrote.  md lets go of a disk a peer
# removed only on a read-write array: a read-auto peer would keep vdb
# open, so that its confirmation of the new vdb fails (the open is busy,
# and udev's blkid reads the old superblock from the peer's page cache)
# and the add fails with ENOENT.  Here the peers leave read-auto on the
# REMOVE, close vdb within seconds, confirm it; vdb is rebuilt and the
# legs end identical, with every acknowledged write intact everywhere.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

if [ "${MDCLUSTER:-ours}" = stock ]; then
	echo "skip: the stock module keeps a removed disk open on a read-auto peer, and its re-add fails"
	exit 77
fi
start_auto_read_peers

step "node1: vdb failed and removed"
must 1 "mdadm --manage $MD --fail /dev/vdb" >/dev/null
for n in 2 3; do
	wait_until 30 "node$n to list vdb as faulty" md_member_faulty "$n" vdb
done
must 1 "mdadm --manage $MD --remove /dev/vdb" >/dev/null
vdb_gone() {	# node: md there no longer lists vdb, nor holds it open
	[ -n "$(on "$1" 'ls /sys/block/md0/md/')" ] &&
		! on "$1" 'ls /sys/block/md0/md/' | grep -x dev-vdb >/dev/null &&
		md_released "$1" vdb
}
for n in 2 3; do
	wait_until 15 "node$n to let go of vdb" vdb_gone "$n"
	on "$n" dmesg | grep 'now read-write, to let go of device 1, which slot' >/dev/null ||
		fail "node$n did not log leaving read-auto for the REMOVE: $(on "$n" 'dmesg | grep md-cluster | tail -n 3')"
done
note "nodes 2 and 3 left read-auto and closed vdb"

step "node1: vdb wiped and added back"
must 1 "mdadm --zero-superblock /dev/vdb" >/dev/null
out=$(on 1 "timeout 120 mdadm --manage $MD --add /dev/vdb" 2>&1) ||
	fail "adding vdb back: $out; node2: $(on 2 'dmesg | grep md-cluster | tail -n 3')"
for n in 2 3; do
	on "$n" dmesg | grep -E 'device [0-9]+ confirmed here' >/dev/null ||
		fail "node$n did not confirm vdb: $(on "$n" 'dmesg | grep md-cluster | tail -n 3')"
done
wait_until 300 "node1 to rebuild vdb" md_clean 1
for n in 2 3; do
	wait_until 60 "node$n in sync" md_settled "$n"
done
wait_until 30 "equal event counts" same_events 1 2 3
must 1 "mdc-io members-equal /dev/vda /dev/vdb" >/dev/null
for n in 1 2 3; do
	must "$n" "mdc-io verify $MD r1 0 50" >/dev/null
done
note "vdb rebuilt, legs identical, events $(md_events 1)"
step "passed"
