#!/bin/bash
# A cluster half-way through a rolling upgrade from Debian 12's default
# kernel, with no parameter set anywhere: node 1 runs 6.1 with its own
# md-cluster, which knows message types 0-7 only; nodes 2 and 3 run 6.12
# with ours, peers=auto (the default).
#  1. node 1 creates, 2 and 3 assemble, all three write; node 2 sees node
#     1's slot as unknown, node 3's as ours, and is in "auto legacy";
#  2. a sync started on node 2 is not announced (RESYNCING_START counted
#     as withheld, none sent), and a --fail on node 2 during that sync
#     reaches nodes 1 and 3 within seconds; the member is re-added and
#     every node is clean again;
#  3. the 6.1 node stops its array: node 2 turns "auto current" and its
#     next sync announces its start, which node 3 receives;
#  4. the 6.1 node assembles again (a GRUB fallback): node 2 is back in
#     "auto legacy", and its next sync is withheld again;
#  5. node 2 is killed while writing; the 6.1 node and node 3 recover its
#     slot; every acknowledged write is intact, the members are identical.
# Before peers=auto, step 2 wedged node 1: the --fail never reached it.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

export MDC_KERNEL=6.1,6.12,6.12 MDCLUSTER=stock,ours,ours
start_cluster 3
scenario_create_assemble 1 2 3

s1=$(node_slot 1 2 3)
s3=$(node_slot 3)
[ -n "$s1" ] || fail "node2 lists no alive slot for node1"
step "node2 sees slot $s1 (6.1) as unknown and slot $s3 as ours"
wait_until 30 "node2 in auto legacy" peers_mode_is 2 "auto legacy"
peer_kind_is 2 "$s1" unknown || fail "node2: slot $s1 is not unknown"
peer_kind_is 2 "$s3" ours || fail "node2: slot $s3 is not ours"
cluster_log 2 | grep "slot $s1 may run Linux 6.1" >/dev/null ||
	fail "node2 did not log why it withholds RESYNCING_START"

scenario_concurrent_writers 1 2 3
scenario_sync_then_fail 2 1 3
withheld=$(cluster_stat 2 tx_resyncing_start_withheld)
sent=$(cluster_stat 2 tx_resyncing_start)
[ "$withheld" -ge 1 ] || fail "node2 withheld no RESYNCING_START: md started no sync there"
[ "$sent" = 0 ] || fail "node2 sent $sent RESYNCING_START to a 6.1 peer"
note "node2: $withheld RESYNCING_START withheld, none sent"

step "node1 (6.1) stops the array"
must 1 "mdadm --stop $MD" >/dev/null
wait_until 30 "node2 in auto current" peers_mode_is 2 "auto current"
cluster_log 2 | grep "every alive node knows RESYNCING_START" >/dev/null ||
	fail "node2 did not log the change to auto current"
expect_start_announced 2 3 short_repair 2
note "node2 announced its sync start ($(cluster_stat 2 tx_resyncing_start) sent); node3 received it"

step "node1 (6.1) assembles again"
assemble_array 1
wait_until 60 "node1 clean" md_clean 1
wait_until 30 "node2 back in auto legacy" peers_mode_is 2 "auto legacy"
s1=$(node_slot 1 2 3)
peer_kind_is 2 "$s1" unknown || fail "node2: returning slot $s1 is not unknown"
expect_start_withheld 2 short_repair 2
for n in 1 2 3; do
	wait_until 120 "node$n clean" md_clean "$n"
done
note "the returning 6.1 node is taken for 6.1 again; the start is withheld"

scenario_kill_recover 2 1 3
step "passed"
