#!/bin/bash
# A node that cannot say no to a new disk must not let it through.  A
# node declines a disk by holding CR on "no-new-dev"; after confirming an
# add that was then withdrawn it holds nothing and takes CR back when the
# next NEWDISK comes.  When that fails (test build: fail_newdisk_cr), its
# silence would read as "yes": the adder would activate a disk that node
# never bound, and that node's writes would skip the new leg.  Here node3
# hides vdd, so node1's first add of vdd is withdrawn and node2, which
# confirmed it, is left without CR; then node2 cannot retake CR: node1's
# add must fail on every node and leave each unchanged.  With the fault
# gone, the same add succeeds everywhere.  Then node3 confirms 22 s late
# (accepted) and not at all (declined when its wait ends).
# Suite: full
set -euo pipefail
. "$(dirname "$0")/lib.sh"

dbg=/sys/kernel/debug/md-cluster/md0
no_vdd() {	# node: md does not hold vdd, not even as a candidate
	md_layout "$1" 2 0 && on "$1" '[ ! -e /sys/block/md0/md/dev-vdd ]'
}

start_clean_array --test 3
wait_until 30 "equal event counts" same_events 1 2 3

step "node3 hides vdd: node1's add is withdrawn, node2 confirmed it"
must 3 'touch /run/mdc-hide-vdd'
if out=$(on 1 "mdadm --manage $MD --add /dev/vdd" 2>&1); then
	fail "adding vdd succeeded although node3 cannot see it: $out"
fi
on 2 'cat /var/log/uevent.log' | grep -- '-> /dev/vdd' >/dev/null ||
	fail "node2 did not confirm vdd: $(on 2 'cat /var/log/uevent.log')"
for n in 1 2 3; do
	wait_until 30 "node$n to let go of vdd" no_vdd $n
done
must 3 'rm /run/mdc-hide-vdd'
ev=$(md_events 1)
note "add withdrawn; node3 sees vdd again"

step "node2 cannot take no-new-dev back to CR; node1 adds vdd again"
must 2 "echo 1000 >$dbg/fail_newdisk_cr"
t=$SECONDS
if out=$(on 1 "timeout 300 mdadm --manage $MD --add /dev/vdd" 2>&1); then
	fail "adding vdd succeeded although node2 could not decline it: $out"
fi
note "node1's add failed after $((SECONDS - t))s: $(echo "$out" | tail -n 1)"
on 2 dmesg | grep 'cannot retake CR on no-new-dev' >/dev/null ||
	fail "node2 did not log its failed retake"
for n in 1 2 3; do
	wait_until 90 "node$n to hold no vdd" no_vdd $n
done
wait_until 30 "equal event counts" same_events 1 2 3
[ "$(md_events 1)" = "$ev" ] || note "events $ev -> $(md_events 1)"
must 1 "mdc-io fill $MD n1 0 50" >/dev/null
must 2 "mdc-io verify $MD n1 0 50" >/dev/null
must 3 "mdc-io verify $MD n1 0 50" >/dev/null
note "no node holds vdd; vda vdb on every node; writes from node1 read back on 2 and 3"

step "the fault is gone: the same add succeeds everywhere"
must 2 "echo 0 >$dbg/fail_newdisk_cr"
out=$(on 1 "mdadm --manage $MD --add /dev/vdd" 2>&1) ||
	fail "third add of vdd: $out"
for n in 1 2 3; do
	wait_until 60 "node$n to list vdd as a spare" md_layout $n 3 1
done
wait_until 30 "equal event counts" same_events 1 2 3
note "vdd a spare everywhere, events $(md_events 1)"

# A busy udev is slow, not silent: an answer inside the wait is taken,
# one that never comes is a "no" once the wait is over, and the adder
# gives up with it rather than hanging.
step "node3 answers 22 s late, past the stock module's 20 s: the add succeeds"
must 3 'echo 22 >/run/mdc-confirm-delay'
t=$SECONDS
out=$(on 1 "timeout 300 mdadm --manage $MD --add /dev/vdc" 2>&1) ||
	fail "adding vdc with a late answer from node3: $out; node3: $(on 3 'dmesg | tail -n 3')"
late=$((SECONDS - t))
[ "$late" -ge 22 ] || fail "the add returned after ${late}s, before node3 answered"
must 3 'rm /run/mdc-confirm-delay'
for n in 1 2 3; do
	wait_until 60 "node$n to list vdc as a spare" md_layout $n 4 2
done
wait_until 30 "equal event counts" same_events 1 2 3
note "vdc a spare everywhere after ${late}s"

step "node3 never answers: it declines when its wait ends, the add fails everywhere"
ev=$(md_events 1)
must 3 'touch /run/mdc-confirm-never'
t=$SECONDS
if out=$(on 1 "timeout 300 mdadm --manage $MD --add /dev/vde" 2>&1); then
	fail "adding vde succeeded although node3 never confirmed it: $out"
fi
took=$((SECONDS - t))
must 3 'rm /run/mdc-confirm-never'
on 3 dmesg | grep 'no confirmation for device .* in time; declined' >/dev/null ||
	fail "node3 did not say it declined for lack of an answer: $(on 3 'dmesg | tail -n 3')"
[ "$took" -ge 30 ] && [ "$took" -lt 90 ] ||
	fail "node1's add failed after ${took}s: not at the end of node3's 30 s wait"
for n in 1 2 3; do
	wait_until 30 "node$n to hold no vde" on $n '[ ! -e /sys/block/md0/md/dev-vde ]'
	md_layout $n 4 2 || fail "node$n: devices changed: $(md_detail $n 'Total Devices') total"
done
wait_until 30 "equal event counts" same_events 1 2 3
must 1 "mdc-io fill $MD n1b 0 50" >/dev/null
must 3 "mdc-io verify $MD n1b 0 50" >/dev/null
note "add failed after ${took}s; events $ev -> $(md_events 1); writes from node1 read back on node3"
step "passed"
