#!/bin/bash
# Kill a node while it writes: a survivor recovers its slot, resyncs the
# dirty regions; acknowledged writes survive and the members are identical.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

start_clean_array 3
scenario_kill_recover 2 1 3
step "passed"
