#!/bin/bash
# A cluster half-way through a rolling upgrade from Debian 12's default
# kernel: node 1 runs 6.1 with its own md-cluster, which knows message
# types 0-7 only; nodes 2 and 3 run 6.12 with ours, legacy_peers set.
#  1. node 1 creates, 2 and 3 assemble, all three write;
#  2. a sync started on node 2 is not announced (RESYNCING_START counted
#     as withheld, none sent), and a --fail on node 2 during that sync
#     reaches nodes 1 and 3 within seconds; the member is re-added and
#     every node is clean again;
#  3. node 2 is killed while writing; the 6.1 node and node 3 recover its
#     slot; every acknowledged write is intact, the members are identical.
# Without legacy_peers, step 2 wedges node 1: the --fail never reaches it.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

export MDC_KERNEL=6.1,6.12,6.12 MDCLUSTER=stock,ours,ours
start_cluster 3
legacy_peers_on 2 3
scenario_create_assemble 1 2 3
scenario_concurrent_writers 1 2 3
scenario_sync_then_fail 2 1 3
withheld=$(cluster_stat 2 tx_resyncing_start_withheld)
sent=$(cluster_stat 2 tx_resyncing_start)
[ "$withheld" -ge 1 ] || fail "node2 withheld no RESYNCING_START: md started no sync there"
[ "$sent" = 0 ] || fail "node2 sent $sent RESYNCING_START to a 6.1 peer"
note "node2: $withheld RESYNCING_START withheld, none sent"
scenario_kill_recover 2 1 3
step "passed"
