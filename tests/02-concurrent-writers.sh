#!/bin/bash
# Concurrent writers on disjoint regions from all nodes; every node reads
# back every node's data with O_DIRECT.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

start_clean_array 3
scenario_concurrent_writers 1 2 3
step "passed"
