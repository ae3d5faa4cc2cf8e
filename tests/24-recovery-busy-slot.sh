#!/bin/bash
# The recovery thread waits a bounded time for a slot whose owner is alive.
# A member that sends BITMAP_NEEDS_SYNC holds its bitmap lock until it has
# left, so the others wait for it to go (MDC_LEAVING_GRACE, 60 s); one
# that stays is left its bits.  First node2 asks for its own slot to be
# taken over, then stops and assembles again at once: node1 must either
# merge the slot in the gap or see node2 back, never wait out the grace.
# Then node1 is asked (injected by node3) to recover node2's slot while
# node2 stays: node1 gives up after the grace, and meanwhile, node3 being
# killed, still recovers node3's slot; its recovery queue must empty.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

start_clean_array --test 3
slot2=$(on 2 'cat /sys/block/md0/md/cluster/slot')
slot3=$(on 3 'cat /sys/block/md0/md/cluster/slot')
before=$(cluster_stat 1 recoveries)

step "node2 asks for its slot ($slot2) to be taken over, leaves and comes back"
on 1 'dmesg -c >/dev/null'
must 2 "timeout 60 sh -c 'echo 5 $slot2 0 0 0 >/sys/kernel/debug/md-cluster/md0/inject'"
must 2 "mdadm --stop $MD" >/dev/null
assemble_array 2 >/dev/null
settled2() {
	on 1 dmesg | grep -E "slot $slot2 is in use again|recovered slot $slot2:"
}
wait_until 30 "node1 to merge node2's slot or see node2 back" settled2 >/dev/null
note "node1: $(settled2 | tail -n 1 | sed 's/^\[[^]]*\] //')"
if on 1 dmesg | grep "slot $slot2 asked for its bits"; then
	fail "node1 waited out the grace for a node that had left"
fi

step "node3 asks the others to recover node2's slot ($slot2) while node2 stays"
on 1 'dmesg -c >/dev/null'
t0=$SECONDS
must 3 "timeout 60 sh -c 'echo 5 $slot2 0 0 0 >/sys/kernel/debug/md-cluster/md0/inject'"

step "node3 is killed; node1 recovers its slot ($slot3)"
"$CLUSTER" kill 3
recovered3() {
	on 1 dmesg | grep "recovered slot $slot3:" >/dev/null
}
wait_until 120 "node1 to recover node3's slot" recovered3
late_seen() {
	on 1 dmesg | grep "slot $slot2 asked for its bits to be taken over but has not left in 60 s" >/dev/null
}
wait_until 120 "node1 to leave node2's slot to node2" late_seen
took=$((SECONDS - t0))
[ $took -ge 55 ] || fail "node1 gave up on node2's slot after ${took}s, before the grace"
note "node1 left node2's slot to it after ${took}s"
if on 1 dmesg | grep "recovered slot $slot2:"; then
	fail "node1 merged the slot of a node that runs the array"
fi
wait_until 30 "node1's recovery queue to empty" \
	on 1 '[ -z "$(cat /sys/block/md0/md/cluster/recovery_pending)" ] &&
		[ "$(cat /sys/block/md0/md/cluster/recovery_active)" = none ]'
after=$(cluster_stat 1 recoveries)
[ "$after" -gt "$before" ] || fail "node1 counted no recovery ($before -> $after)"

step "node2 still runs the array; both nodes write and stay equal"
must 2 "timeout 60 mdc-io fill $MD b2 100 20" >/dev/null
must 1 "timeout 60 mdc-io fill $MD b1 200 20" >/dev/null
must 1 "mdc-io verify $MD b2 100 20" >/dev/null
must 2 "mdc-io verify $MD b1 200 20" >/dev/null
wait_until 120 "node1 idle" md_idle 1
must 1 "mdc-io members-equal /dev/vda /dev/vdb" >/dev/null
step "passed"
