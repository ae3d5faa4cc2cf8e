#!/bin/bash
# Joins that must be refused quickly, cleanly and without harm to the peers:
# a node without dlm_controld, and a third node on an array made for two.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

start_cluster 3
must 1 "mdadm --create $MD --bitmap=clustered --nodes=2 --level=1 --raid-devices=2 \
	--metadata=1.2 --run --force --assume-clean $MEMBERS" >/dev/null
assemble_array 2 >/dev/null
must 1 "mdc-io fill $MD j1 0 50" >/dev/null

step "node3 without dlm_controld: assemble is refused within seconds"
must 3 'kill $(pidof dlm_controld); for i in $(seq 50); do pidof dlm_controld || exit 0; sleep 0.2; done; exit 1' >/dev/null
took=$(expect_refused_assemble 3)
on 3 dmesg | grep -q 'md-cluster md0: dlm_controld is not running' ||
	fail "node3 did not log why the join failed"
note "refused in ${took}s: $(on 3 dmesg | grep -o 'md-cluster md0: dlm_controld.*' | tail -n 1)"

step "node3 with dlm_controld back, but the array has only 2 slots"
must 3 'setsid dlm_controld </dev/null >/dev/null 2>&1; sleep 2; pidof dlm_controld' >/dev/null
took=$(expect_refused_assemble 3)
note "refused in ${took}s: $(on 3 dmesg | grep 'md-cluster md0' | tail -n 1 | cut -c16-)"

step "nodes 1 and 2 are unharmed"
for n in 1 2; do
	md_clean $n || fail "node$n: array not clean"
	must $n "mdc-io verify $MD j1 0 50" >/dev/null
done
must 2 "mdc-io fill $MD j2 100 20" >/dev/null
must 1 "mdc-io verify $MD j2 100 20" >/dev/null
note "data written before and after crosses nodes 1 and 2"
step "passed"
