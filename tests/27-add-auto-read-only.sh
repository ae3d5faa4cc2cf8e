#!/bin/bash
# A clustered --add while the peers' arrays are read-only until their
# first write.  Debian's initramfs assembles arrays so (md_mod.start_ro=1)
# and under pacemaker nothing may write for a long time.  There md's
# confirming ioctl switches the array to read-write and first waits for a
# superblock write, which must not wait behind the channel the adder
# holds until this node answers: with the stock module the add fails
# after its 20 s confirmation wait.  node1 creates and writes; nodes 2
# and 3 assemble with start_ro=1 and stay auto-read-only; node1 adds vdc:
# the add returns well inside the wait, every node lists vdc as a spare,
# both peers logged the skipped write, event counts agree.  Then a peer
# writes: read-write and clean, and every node reads what the others wrote.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

if [ "${MDCLUSTER:-ours}" = stock ]; then
	echo "skip: the stock module fails this add (its peers' confirmation waits behind the adder for 20 s)"
	exit 77
fi
start_auto_read_peers

step "node1: mdadm --add /dev/vdc while the peers are auto-read-only"
t=$SECONDS
out=$(on 1 "timeout 120 mdadm --manage $MD --add /dev/vdc" 2>&1) ||
	fail "adding vdc: $out; node2: $(on 2 'dmesg | grep md-cluster | tail -n 3')"
took=$((SECONDS - t))
[ "$took" -lt 15 ] || fail "the add took ${took}s: a peer's confirmation waited"
for n in 1 2 3; do
	wait_until 30 "node$n to list vdc as a spare" md_layout $n 3 1
done
for n in 2 3; do
	on "$n" dmesg | grep "device 2 confirmed here" >/dev/null ||
		fail "node$n did not confirm vdc: $(on "$n" 'dmesg | grep md-cluster | tail -n 3')"
	on "$n" dmesg | grep "not waiting for the channel its adder holds" >/dev/null ||
		fail "node$n did not skip the superblock write behind the adder"
done
wait_until 30 "equal event counts" same_events 1 2 3
note "vdc a spare everywhere after ${took}s; events $(md_events 1)"

step "node2 writes: read-write, clean; every node reads every write"
must 2 "mdc-io fill $MD r2 100 50" >/dev/null
wait_until 60 "node2 clean" md_clean 2
for n in 1 2 3; do
	must "$n" "mdc-io verify $MD r1 0 50" >/dev/null
	must "$n" "mdc-io verify $MD r2 100 50" >/dev/null
done
step "passed"
