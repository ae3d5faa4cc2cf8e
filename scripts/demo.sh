#!/bin/bash
# make demo: a whole md-cluster in qemu, end to end.  Boots 3 nodes, creates
# a clustered RAID1, checks data across nodes, kills a node in the middle of
# its writes and shows the survivors recover its bitmap slot, verifies every
# acknowledged write, then tears everything down.
set -euo pipefail
. "$(dirname "$0")/../tests/lib.sh"

work=$MDC_BUILD/demo
mkdir -p "$work"
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

step "node2 writes records from 1000 on; node2 loses power mid-write"
"$CLUSTER" exec 2 "mdc-io write $MD n2 1000 3000" </dev/null >"$work/n2.acked" 2>&1 &
writer=$!
deadline=$((SECONDS + 120))
while [ "$(grep -c '^ok' "$work/n2.acked" 2>/dev/null || true)" -lt 40 ]; do
	[ $SECONDS -lt $deadline ] || fail "node2 acknowledged too few writes: $(tail -n 3 "$work/n2.acked")"
	kill -0 "$writer" 2>/dev/null || fail "node2 writer ended early: $(tail -n 3 "$work/n2.acked")"
	sleep 0.5
done
"$CLUSTER" kill 2
wait "$writer" 2>/dev/null || true
acked=$(grep -c '^ok' "$work/n2.acked" || true)
note "node2 killed after $acked acknowledged writes"

step "survivors: membership change and recovery of node2's bitmap slot"
recovered() {
	local n
	for n in 1 3; do
		cluster_log "$n" | grep -Eqi 'recover|down' && return 0
	done
	return 1
}
wait_until 120 "a survivor to log recovery of node2" recovered
for n in 1 3; do
	wait_until 300 "node$n to finish recovery resync" md_idle "$n"
done
for n in 1 3; do
	cluster_log "$n" | tail -n 6 | sed "s/^/         node$n: /"
	on "$n" 'cat /proc/mdstat' | sed -n '/^md0/,/^$/p' | sed "s/^/         node$n: /"
done

step "verify every acknowledged write on nodes 1 and 3; members identical"
grep '^ok' "$work/n2.acked" | awk '{print $2}' >"$work/n2.list"
for n in 1 3; do
	out=$("$CLUSTER" exec "$n" "mdc-io verify-list $MD n2" <"$work/n2.list" 2>&1) ||
		fail "node$n: acknowledged writes lost: $out"
	note "node$n: $out"
	must "$n" "mdc-io verify $MD n1 0 200"
done
must 1 "mdc-io members-equal /dev/vda /dev/vdb"

step "stop the array on the survivors and tear down"
must 3 "mdadm --stop $MD"
must 1 "mdadm --stop $MD"
"$CLUSTER" down
trap - EXIT
step "demo passed"
