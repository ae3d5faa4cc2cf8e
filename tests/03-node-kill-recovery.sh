#!/bin/bash
# Kill a node while it writes: a survivor recovers its slot, resyncs the
# dirty regions; acknowledged writes survive and the members are identical.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

start_cluster 3
create_array 1 --assume-clean >/dev/null
assemble_array 2 >/dev/null
assemble_array 3 >/dev/null
scenario_kill_recover 2 1 3
step "passed"
