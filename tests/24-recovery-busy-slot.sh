#!/bin/bash
# The recovery thread never waits for a slot whose owner is alive: node1
# is asked (BITMAP_NEEDS_SYNC, injected by node3) to recover node2's slot
# while node2 runs the array and holds that slot's bitmap lock for life,
# as after a node that asked for a sync assembled again before our thread
# got to it.  node3 is then killed: node1 must still recover node3's slot,
# and node1's recovery queue must empty.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

start_clean_array --test 3
slot2=$(on 2 'cat /sys/block/md0/md/cluster/slot')
slot3=$(on 3 'cat /sys/block/md0/md/cluster/slot')
before=$(cluster_stat 1 recoveries)

step "node3 asks the others to recover node2's slot ($slot2) while node2 runs"
must 3 "timeout 60 sh -c 'echo 5 $slot2 0 0 0 >/sys/kernel/debug/md-cluster/md0/inject'"
busy_seen() {
	on 1 dmesg | grep -q "slot $slot2 is in use again"
}
wait_until 30 "node1 to see that node2 owns its slot" busy_seen

step "node3 is killed; node1 recovers its slot ($slot3)"
"$CLUSTER" kill 3
recovered3() {
	on 1 dmesg | grep -q "recovered slot $slot3:"
}
wait_until 120 "node1 to recover node3's slot" recovered3
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
