#!/bin/bash
# A rolling upgrade across kernels: one array shared by node 1 on Debian
# 12's 6.1 with its own md-cluster, node 2 on 6.12 with ours and node 3 on
# trixie-backports' 7.3 with ours; no parameter set anywhere (peers=auto).
#  1. create on node 1, assemble on 2 and 3, writes from all (the oldest
#     kernel creates: md 7.x records a logical block size in arrays it
#     creates, which md 6.x refuses to assemble);
#  2. a sync started on the 6.12 node, then a --fail there: it reaches the
#     6.1 node and the 7.3 node within seconds; re-add, clean;
#  3. each node killed once while writing (6.1/stock, 6.12/ours,
#     7.3/ours): recovery by the other two, every acknowledged write
#     intact, members identical; the node boots again and reassembles;
#  4. node 1 "upgrades": it stops its array, reboots into 7.3 with ours
#     and reassembles; its writes are read on the others; with no 6.1 node
#     left every node is in "auto current", and a sync started on node 3
#     is announced (RESYNCING_START sent and received) and is followed by
#     a --fail that reaches both peers.
# `make matrix` runs it; it is not part of `make check`.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

export MDC_KERNEL=6.1,6.12,7.3 MDCLUSTER=stock,ours,ours
start_cluster 3
scenario_create_assemble 1 2 3
scenario_concurrent_writers 1 2 3
scenario_sync_then_fail 2 1 3
[ "$(cluster_stat 2 tx_resyncing_start_withheld)" -ge 1 ] ||
	fail "node2 withheld no RESYNCING_START: md started no sync there"
[ "$(cluster_stat 2 tx_resyncing_start)" = 0 ] || fail "node2 sent RESYNCING_START to a 6.1 peer"

kill_and_return() {	# victim survivors...
	local v=$1
	shift
	scenario_kill_recover "$v" "$@"
	step "node$v boots again ($(cat "$MDC_CLUSTER_DIR/node$v.kernel"), $(cat "$MDC_CLUSTER_DIR/node$v.module")) and reassembles"
	restart_node "$v"
	assemble_array "$v" >/dev/null
	for n in 1 2 3; do
		wait_until 300 "node$n clean" md_clean "$n"
	done
	wait_until 30 "equal event counts" same_events 1 2 3
}
kill_and_return 1 2 3
kill_and_return 2 1 3
kill_and_return 3 1 2

step "node1 upgrades: stops md0, reboots into 7.3 with ours"
must 1 "mdadm --stop $MD" >/dev/null
"$CLUSTER" kill 1	# the array is stopped: a reboot, as far as md is concerned
restart_node 1 --kernel 7.3 --module ours
note "node1 now runs $(on 1 'uname -r'), md-cluster $(on 1 'modinfo -F version md_cluster')"
assemble_array 1 >/dev/null
for n in 1 2 3; do
	wait_until 300 "node$n clean" md_clean "$n"
done
must 1 "mdc-io fill $MD up1 3600 200" >/dev/null
for n in 2 3; do
	on "$n" "mdc-io verify $MD up1 3600 200" >/dev/null 2>&1 ||
		fail "node$n reads wrong data written by the upgraded node1"
done
note "node1's 200 records read back on nodes 2 and 3"
for n in 1 2 3; do
	wait_until 30 "node$n in auto current" peers_mode_is "$n" "auto current"
done
scenario_sync_then_fail 3 1 2
[ "$(cluster_stat 3 tx_resyncing_start)" -ge 1 ] || fail "node3 announced no sync start"
[ "$(cluster_stat 1 rx_resyncing_start)" -ge 1 ] || fail "node1 received no RESYNCING_START"
note "node3 sent $(cluster_stat 3 tx_resyncing_start) RESYNCING_START; node1 received $(cluster_stat 1 rx_resyncing_start)"
must 1 "mdc-io members-equal /dev/vda /dev/vdb" >/dev/null
step "passed"
