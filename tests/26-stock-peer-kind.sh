#!/bin/bash
# A stock 6.12 node beside nodes of ours, no parameter set anywhere.
#  1. stock node 1 creates, ours 2 and 3 assemble: node 2 cannot tell the
#     stock node from 6.1 yet, so it sees its slot as unknown and withholds
#     the start of a sync ("auto legacy");
#  2. the stock node runs a repair, whose RESYNCING_START shows it knows
#     message 8: node 2 marks its slot "stock" and turns "auto current";
#     extensions stay off (capability bits 0 on a stock node's array);
#  3. node 2's next sync announces its start, the stock node and node 3
#     receive it, writes from all nodes complete, and a --fail on node 2
#     during a sync reaches the others within seconds;
#  4. the deprecated legacy_peers=1 on node 2 means peers=legacy: its next
#     sync is withheld; cleared, node 2 is back in "auto current".
# Suite: full
set -euo pipefail
. "$(dirname "$0")/lib.sh"

export MDCLUSTER=stock,ours,ours
start_cluster 3
scenario_create_assemble 1 2 3

s1=$(node_slot 1 2 3)
[ -n "$s1" ] || fail "node2 lists no alive slot for node1"
step "node2 sees slot $s1 (stock, silent so far) as unknown"
wait_until 30 "node2 in auto legacy" peers_mode_is 2 "auto legacy"
peer_kind_is 2 "$s1" unknown || fail "node2: slot $s1 is not unknown"

step "node1 (stock) runs a repair"
on 1 'echo 1000 >/proc/sys/dev/raid/speed_limit_max'
must 1 'echo repair >/sys/block/md0/md/sync_action'
wait_until 30 "a sync running on node1" md_syncing 1
wait_until 30 "node2 to see slot $s1 as stock" peer_kind_is 2 "$s1" stock
wait_until 30 "node2 in auto current" peers_mode_is 2 "auto current"
on 1 'echo idle >/sys/block/md0/md/sync_action'
on 1 'echo 200000 >/proc/sys/dev/raid/speed_limit_max'
wait_until 60 "the sync on node1 to stop" md_not_syncing 1
peer_kind_is 3 "$s1" stock || fail "node3: slot $s1 is not stock"
cluster_log 2 | grep "the start of a sync is announced (extensions 0x0)" >/dev/null ||
	fail "node2 did not log auto current with extensions off"
note "slot $s1 known as stock 6.12+; node2 in auto current"

scenario_concurrent_writers 1 2 3
expect_start_announced 2 3 scenario_sync_then_fail 2 1 3
note "node2 announced its sync start ($(cluster_stat 2 tx_resyncing_start) sent) to a stock peer"

step "node2: the deprecated legacy_peers=1 still means peers=legacy"
legacy_peers_on 2
peers_mode_is 2 "legacy legacy" || fail "node2 shows $(peers_mode 2) with legacy_peers=1"
expect_start_withheld 2 short_repair 2
legacy_peers_off 2
peers_mode_is 2 "auto current" || fail "node2 shows $(peers_mode 2) after legacy_peers=0"
step "passed"
