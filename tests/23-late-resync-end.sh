#!/bin/bash
# A retried end of a resync must not lift the window of the node resyncing
# now.  node1 checks the array; node2's check waits for the resync lock.
# node1's closing RESYNCING (0, 0) fails (test build: fail_lifts), node1
# drops the resync lock, node2 takes it and announces its windows, slowly.
# node1 retries its end every 5 s: node3 must keep node2's window all the
# while, and a write from node3 into it must wait.  Once node2 is done,
# node1's retried end gets through and every node ends idle and equal.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

start_clean_array --test 3
dbg=/sys/kernel/debug/md-cluster/md0
slot2=$(on 2 'cat /sys/block/md0/md/cluster/slot')

step "node1 checks the array; node2's check queues behind it"
on 1 'echo 1000 >/proc/sys/dev/raid/speed_limit_min; echo 2000 >/proc/sys/dev/raid/speed_limit_max'
on 2 'echo 500 >/proc/sys/dev/raid/speed_limit_min; echo 1000 >/proc/sys/dev/raid/speed_limit_max'
must 1 'echo check >/sys/block/md0/md/sync_action'
wait_until 30 "node1 to check" on 1 'grep -q "check = " /proc/mdstat'
must 1 "echo 1 >$dbg/fail_lifts"
must 2 'echo check >/sys/block/md0/md/sync_action'
sleep 2
[ "$(on 2 'cat /sys/block/md0/md/cluster/resync_lock_held')" = 0 ] ||
	fail "node2 holds the resync lock while node1 checks"

step "node1 finishes; its end fails; node2 takes over"
on 1 'echo 200000 >/proc/sys/dev/raid/speed_limit_max'
lift_failed() {
	on 1 dmesg | grep -q 'test: failing RESYNCING 0\.\.0'
}
wait_until 120 "node1's end to fail" lift_failed
node2_window() {	# prints node3's window when node2 owns it
	local w
	w=$(on 3 'cat /sys/block/md0/md/cluster/suspended')
	[ "$(echo "$w" | awk '{print $3}')" = "$slot2" ] && echo "$w"
}
wait_until 60 "node3 to keep out of node2's window" node2_window

step "for 15 s (three retries of node1's end) node3 keeps node2's window"
t=$SECONDS
while [ $((SECONDS - t)) -lt 15 ]; do
	w=$(on 3 'cat /sys/block/md0/md/cluster/suspended')
	[ "$(echo "$w" | awk '{print $3}')" = "$slot2" ] ||
		fail "node3's window is '$w' while node2 checks ($(on 2 'cat /sys/block/md0/md/sync_completed'))"
	sleep 0.5
done
on 2 'grep -q "check = " /proc/mdstat' || fail "node2 no longer checks"

step "a write from node3 into node2's window waits"
# the last record of the window, once node2 has a full window ahead
ahead() {
	local w done
	w=$(node2_window) || return 1
	done=$(on 2 'cat /sys/block/md0/md/sync_completed' | awk '{print $1}')
	[ $(( $(echo "$w" | awk '{print $2}') - done )) -gt 16000 ]
}
wait_until 60 "node2 to start a fresh window" ahead
w=$(node2_window)
rec=$(( $(echo "$w" | awk '{print $2}') / 128 - 1 ))
out=$MDC_CLUSTER_DIR/late-end.write
: >"$out"
"$CLUSTER" exec 3 "mdc-io write $MD w3 $rec 1" </dev/null >>"$out" 2>&1 &
writer=$!
sleep 4
! grep -q '^ok' "$out" || fail "node3's write into node2's window $w completed"
note "node3's write to record $rec in window '$w' still waits after 4 s"

step "node2 finishes; node1's end gets through; all idle and equal"
for n in 1 2 3; do
	on $n 'echo 200000 >/proc/sys/dev/raid/speed_limit_max'
done
wait $writer || fail "node3's write failed: $(cat "$out")"
wait_until 120 "node1's retried end" on 1 \
	"dmesg | grep -q 'peers told that our resync ended (retried)'"
for n in 1 2 3; do
	wait_until 120 "node$n idle" md_idle $n
	[ "$(on $n 'cat /sys/block/md0/md/cluster/suspended')" = none ] ||
		fail "node$n still keeps out of a window"
done
must 1 "mdc-io verify $MD w3 $rec 1" >/dev/null
must 1 "mdc-io members-equal /dev/vda /dev/vdb" >/dev/null
step "passed"
