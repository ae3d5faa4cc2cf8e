#!/bin/bash
# 3 nodes: create on node 1 (resync) and assemble on 2 and 3: one node
# resyncs, the others see it remote/pending, all end [UU] with equal events.
# Then a second array created with --assume-clean by node 2: no resync.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

start_cluster 3
# mdadm's own cluster tests drive node 2 as `ssh <ip> -l root -o ... cmd`.
[ "$(on 1 'ssh node2 -l root -o StrictHostKeyChecking=no -o ConnectTimeout=9 hostname')" = node2 ] ||
	fail "node1 cannot run commands on node2 over ssh"
scenario_create_assemble 1 2 3

step "second array md1 on vdc+vdd, created by node2 with --assume-clean"
for n in 2 1 3; do
	if [ $n = 2 ]; then
		must 2 "mdadm --create /dev/md1 --bitmap=clustered --nodes=4 --level=1 \
			--raid-devices=2 --metadata=1.2 --run --force --assume-clean /dev/vdc /dev/vdd" >/dev/null
	else
		must $n "mdadm --assemble /dev/md1 /dev/vdc /dev/vdd" >/dev/null
	fi
done
for n in 1 2 3; do
	on $n 'cat /proc/mdstat' | sed -n '/^md1/,/^$/p' | grep -Eq 'resync|PENDING|REMOTE' &&
		fail "node$n resyncs an --assume-clean array"
	on $n "mdadm -D /dev/md1" | grep -Eq 'State : (clean|active) *$' ||
		fail "node$n: md1 not clean: $(on $n "mdadm -D /dev/md1" | grep 'State :')"
done
note "md1 clean on all nodes without resync"
step "passed"
