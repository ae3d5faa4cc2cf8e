#!/bin/bash
# make demo: a whole md-cluster in qemu, end to end.  Boots 3 nodes, creates
# a clustered RAID1, checks data across nodes, kills a node in the middle of
# its writes and shows the survivors recover its bitmap slot, verifies every
# acknowledged write, then tears everything down.
set -euo pipefail
. "$(dirname "$0")/../tests/lib.sh"

trap '"$CLUSTER" down' EXIT

step "boot 3 nodes (md-cluster: ${MDCLUSTER:-ours})"
"$CLUSTER" up 3 || fail "cluster did not come up"
for n in 1 2 3; do
	note "node$n: $(on "$n" 'modinfo -n md-cluster')"
done

step "node1: mdadm --create $MD --bitmap=clustered --nodes=4 --level=1 --raid-devices=2 $MEMBERS"
create_array 1
step "nodes 2 and 3: mdadm --assemble $MD $MEMBERS"
assemble_array 2
assemble_array 3
on 2 'cat /proc/mdstat' | sed -n '/^md0/,/^$/p' | sed 's/^/         node2: /'
step "initial resync runs on one node; waiting for it on all three"
for n in 1 2 3; do
	wait_until 300 "initial resync seen done on node$n" md_clean "$n"
done
e1=$(md_events 1)
note "all three [UU], events $e1 $(md_events 2) $(md_events 3)"

step "node1 writes 200 records (12.5 MiB, O_DIRECT), nodes 2 and 3 verify them"
must 1 "mdc-io fill $MD n1 0 200"
must 2 "mdc-io verify $MD n1 0 200"
must 3 "mdc-io verify $MD n1 0 200"

scenario_kill_recover 2 1 3
step "survivors: what they logged about node2's slot, /proc/mdstat; node1's 200 records read back"
for n in 1 3; do
	cluster_log "$n" | tail -n 6 | sed "s/^/         node$n: /"
	on "$n" 'cat /proc/mdstat' | sed -n '/^md0/,/^$/p' | sed "s/^/         node$n: /"
	must "$n" "mdc-io verify $MD n1 0 200"
done

step "stop the array on the survivors and tear down"
must 3 "mdadm --stop $MD"
must 1 "mdadm --stop $MD"
"$CLUSTER" down
trap - EXIT
step "demo passed"
