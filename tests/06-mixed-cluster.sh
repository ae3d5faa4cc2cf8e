#!/bin/bash
# Mixed clusters: the distribution's md-cluster and ours share one array.
# Round A: stock node1 creates, our node2 is killed mid-write.
# Round B: our node1 creates, stock node2 is killed mid-write.
# Each round runs create/assemble, concurrent writers and kill/recovery.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

round() {	# label module-list
	step "round $1: MDCLUSTER=$2"
	MDCLUSTER=$2 start_cluster 3
	scenario_create_assemble 1 2 3
	scenario_concurrent_writers 1 2 3
	scenario_kill_recover 2 1 3
	"$CLUSTER" down
}

round A stock,ours,ours
round B ours,stock,ours
step "passed"
