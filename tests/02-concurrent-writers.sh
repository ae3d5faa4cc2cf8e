#!/bin/bash
# Concurrent writers on disjoint regions from all nodes; every node reads
# back every node's data with O_DIRECT.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

start_cluster 3
create_array 1 --assume-clean >/dev/null
assemble_array 2 >/dev/null
assemble_array 3 >/dev/null
scenario_concurrent_writers 1 2 3
step "passed"
