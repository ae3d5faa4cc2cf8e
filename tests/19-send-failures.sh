#!/bin/bash
# The resyncing node fails to announce a window, then fails to announce the
# end of its resync (test build: debugfs fail_windows, fail_lifts make those
# sends fail with -ETIMEDOUT, as a token or acknowledgment timeout would).
# The window that went out unannounced is redone: the sync stops, marks it
# dirty again and restarts there.  The end is retried until the peer has
# heard it: the peer's suspended window goes away by itself and its writes
# into the last window complete.  Then node1's "message" lock fails to go
# back to NL five times in a row (fail_message_puts): node1 retries, hands
# the lock to its receive thread, which drops it, and node2's next send
# goes through within seconds instead of waiting behind it.  The members
# end identical.  Last, node2 cannot read node1's next message five times
# (fail_message_reads): it withholds its acknowledgment, reads the message
# on a retry and acts on it (the window node1 announced is suspended on
# node2) before node1's send returns.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

start_test_cluster 2
for n in 1 2; do
	on $n 'echo 10000 >/proc/sys/dev/raid/speed_limit_max'
done
array_up 2
dbg=/sys/kernel/debug/md-cluster/md0
synced() {	# node: sectors the running resync has completed
	on "$1" 'cat /sys/block/md0/md/sync_completed' | awk '$1 ~ /^[0-9]+$/ {print $1}'
}
past_first_window() {
	local s
	s=$(synced 1)
	[ -n "$s" ] && [ "$s" -gt 70000 ]
}
wait_until 120 "node1's resync to pass its first window" past_first_window
[ -z "$(resyncing_nodes 2)" ] || fail "node2 resyncs too"

step "node1: the next window announcement fails"
on 1 "echo 1 >$dbg/fail_windows"
redone() {
	on 1 dmesg | grep -q 'not announced (-110); sync restarts there'
}
wait_until 60 "node1 to redo the unannounced window" redone
note "$(on 1 dmesg | grep -o 'sync window .* sync restarts there' | tail -n 1)"
restarted() {
	on 1 'cat /proc/mdstat' | grep -q 'resync = '
}
wait_until 60 "node1's resync to restart" restarted

step "node1: the announcement of the resync's end fails"
on 1 "echo 1 >$dbg/fail_lifts"
for n in 1 2; do
	on $n 'echo 200000 >/proc/sys/dev/raid/speed_limit_max'
done
lift_failed() {
	on 1 dmesg | grep -q 'test: failing RESYNCING 0\.\.0'
}
wait_until 300 "node1 to finish its resync" lift_failed
t=$SECONDS
lifted() {
	[ "$(on 2 'cat /sys/block/md0/md/cluster/suspended')" = none ]
}
wait_until 60 "node2's suspended window to go" lifted
on 1 dmesg | grep -q 'peers told that our resync ended (retried)' ||
	fail "node1 did not retry the end of its resync"
note "node2 lifted node1's last window $((SECONDS - t))s after the failed end"

step "node2 writes into the last window; the members are identical"
must 2 "timeout 30 mdc-io fill $MD e2 3900 20" >/dev/null
must 1 "mdc-io verify $MD e2 3900 20" >/dev/null
for n in 1 2; do
	wait_until 120 "node$n clean" md_clean $n
done
must 1 "mdc-io members-equal /dev/vda /dev/vdb" >/dev/null
note "writes complete and read back; members identical"

step "node1: its message lock fails to drop to NL five times"
on 1 "echo 5 >$dbg/fail_message_puts"
on 1 "timeout 60 sh -c 'echo 8 0 0 0 0 >$dbg/inject'" ||
	fail "node1's send did not return"
unstuck() {
	on 1 dmesg | grep -q 'message lock dropped'
}
wait_until 30 "node1's receive thread to drop the message lock" unstuck
on 1 dmesg | grep -q 'cannot drop the message lock (-110); retrying from the receive thread' ||
	fail "node1 did not hand the stuck lock to its receive thread"
t=$SECONDS
on 2 "timeout 20 sh -c 'echo 8 1 0 0 0 >$dbg/inject'" ||
	fail "node2's send blocked behind node1's message lock"
note "node2's send went through in $((SECONDS - t))s"
must 2 "mdc-io fill $MD m2 100 10" >/dev/null
must 1 "mdc-io verify $MD m2 100 10" >/dev/null

step "node2 cannot read node1's next message five times"
slot1=$(on 1 'cat /sys/block/md0/md/cluster/slot')
on 2 "echo 5 >$dbg/fail_message_reads"
t=$SECONDS
on 1 "timeout 60 sh -c 'echo 1 $slot1 4096 8192 0 >$dbg/inject'" ||
	fail "node1's window announcement did not return"
took=$((SECONDS - t))
w=$(on 2 'cat /sys/block/md0/md/cluster/suspended')
[ "$w" = "4096 8192 $slot1" ] ||
	fail "node2 acknowledged a window it never read: suspended '$w' (${took}s)"
on 2 dmesg | grep 'cannot read a message: -110; withholding the acknowledgment and retrying' >/dev/null ||
	fail "node2 did not say it withheld its acknowledgment"
on 2 dmesg | grep 'message read after a retry; acting on it' >/dev/null ||
	fail "node2 did not read the message on a retry"
[ "$took" -ge 4 ] || fail "node1's send returned after ${took}s, before node2 could read it"
note "node2 read the message on its sixth try; node1's send took ${took}s"
must 1 "timeout 30 sh -c 'echo 1 $slot1 0 0 0 >$dbg/inject'"
wait_until 30 "node2 to lift the window node1 ended" lifted
step "passed"
