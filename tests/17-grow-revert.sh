#!/bin/bash
# A grow that one node cannot follow is undone everywhere.  3 nodes, RAID1
# created with --size=100M; node3 (test build) is told to ignore superblock
# changes for the length of the grow (mdadm's --size=max makes several), as
# a node that cannot use the new size would.  node1's
# mdadm --grow --size=max: node1 finds node3's bitmap still at the old size,
# logs it, shrinks back and announces the old size; every node ends at 100
# MiB with equal events, data intact and I/O working.  A second grow, with
# node3 following again, succeeds on every node.
# Suite: full
set -euo pipefail
. "$(dirname "$0")/lib.sh"

start_clean_array --test 3 --size=100M
md_all_sized 204800 1 2 3 || fail "not every node at 204800 sectors: $(for n in 1 2 3; do md_sectors $n; done | tr '\n' ' ')"
must 1 "mdc-io fill $MD a 0 800" >/dev/null
note "md0 is 204800 sectors on every node; node1 wrote 800 records"

step "node3 ignores superblock changes; node1: mdadm --grow --size=max"
must 3 'echo 100 >/sys/kernel/debug/md-cluster/md0/skip_reloads'
ev=$(md_events 1)
out=$(on 1 "mdadm --grow $MD --size=max" 2>&1) || true
note "mdadm: ${out:-(no output)}"
left=$(on 3 'cat /sys/kernel/debug/md-cluster/md0/skip_reloads; echo 0 >/sys/kernel/debug/md-cluster/md0/skip_reloads')
[ "$left" -lt 100 ] || fail "node3 was sent no superblock change"
note "node3 ignored $((100 - left)) superblock changes"
on 1 dmesg | grep -q 'not every node can use device size' ||
	fail "node1 did not log the refused size: $(on 1 dmesg | grep md-cluster | tail -n 5)"
on 1 dmesg | grep -q 'array size now' &&
	fail "node1 logged the new size as applied everywhere"
wait_until 30 "every node back at 204800 sectors" md_all_sized 204800 1 2 3
for n in 1 2 3; do
	wait_until 120 "node$n idle" md_idle "$n"
done
# node3 catches up with the superblock at the next change (below)
wait_until 30 "equal event counts on nodes 1 and 2" same_events 1 2
note "every node at 204800 sectors again; events $ev -> $(md_events 1)"

step "the array still works from every node"
for n in 1 2 3; do
	must $n "mdc-io verify $MD a 0 800" >/dev/null
done
must 3 "mdc-io fill $MD c 1000 200" >/dev/null
must 2 "mdc-io verify $MD c 1000 200" >/dev/null
note "old records intact everywhere; node3's new records read back on node2"

step "node3 follows again: the same grow succeeds on every node"
must 1 "mdadm --grow $MD --size=max"
new=$(md_sectors 1)
[ "$new" -gt 204800 ] || fail "node1: size $new did not grow"
wait_until 30 "every node at $new sectors" md_all_sized "$new" 1 2 3
on 1 dmesg | grep -q 'array size now' || fail "node1 did not log the cluster-wide size"
for n in 1 2 3; do
	wait_until 300 "node$n idle after the grow" md_idle "$n"
done
wait_until 30 "equal event counts" same_events 1 2 3
must 2 "mdc-io verify $MD a 0 800" >/dev/null
must 1 "mdc-io members-equal /dev/vda /dev/vdb" >/dev/null
note "every node at $new sectors; data intact; members identical"
step "passed"
