#!/bin/bash
# A killed node boots again and re-assembles; then every node goes through
# a stop/assemble cycle, and data written before stays readable everywhere.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

start_clean_array 3
must 1 "mdc-io fill $MD r1 0 100" >/dev/null

step "kill node3, boot it again, re-assemble"
"$CLUSTER" kill 3
for n in 1 2; do
	wait_until 120 "node$n idle after node3's death" md_idle $n
done
"$CLUSTER" start 3 >/dev/null || fail "node3 did not boot again"
"$CLUSTER" wait-members >/dev/null || fail "node3 did not rejoin the membership"
assemble_array 3 >/dev/null
wait_until 60 "node3 clean" md_clean 3
must 3 "mdc-io verify $MD r1 0 100" >/dev/null
must 3 "mdc-io fill $MD r3 200 50" >/dev/null
note "node3 back: reads node1's data, writes its own"

step "stop/assemble cycle on every node"
for n in 1 2 3; do
	must $n "mdadm --stop $MD" >/dev/null
	assemble_array $n >/dev/null
	wait_until 60 "node$n clean after re-assembly" md_clean $n
done
for n in 1 2 3; do
	must $n "mdc-io verify $MD r1 0 100 && mdc-io verify $MD r3 200 50" >/dev/null
done
wait_until 30 "equal event counts" same_events 1 2 3
note "all nodes cycled; data intact; events $(md_events 1)"
step "passed"
