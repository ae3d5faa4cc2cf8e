#!/bin/bash
# Bad input on the wire: node1 (test build with the injector) sends an
# unknown message type, a RESYNCING with low > high, one from a slot that
# cannot exist, and RESYNCING windows past the array's end (one ending at
# 2^64 - 1, which a receiver walking its bitmap toward it would never
# finish).  Every receiver logs, counts and acknowledges each one,
# the sender returns, and the array keeps working: the initial resync (which
# needs every RESYNCING acknowledged) completes and data crosses nodes.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

start_test_cluster 3
for n in 1 2 3; do
	on $n 'echo 5000 >/proc/sys/dev/raid/speed_limit_max'
done
array_up 3

stat() {	# node field: a counter from the injector's stats file
	on "$1" "cat /sys/kernel/debug/md-cluster/md0/stats" | awk -v f="$2" '$1 == f {print $NF}'
}
before2=$(stat 2 rx_rejected)
before3=$(stat 3 rx_rejected)
[ -n "$before2" ] && [ -n "$before3" ] || fail "no stats file on the receivers"

step "node1 injects: unknown type 99, RESYNCING low > high, sender slot 70, windows past the end"
for msg in "99 0 0 0 0" "1 0 4096 2048 0" "1 70 0 2048 0" \
	"1 0 4096 18446744073709551615 0" "1 0 0 1073741824 0"; do
	t=$SECONDS
	on 1 "timeout 60 sh -c 'echo $msg >/sys/kernel/debug/md-cluster/md0/inject'" ||
		fail "injecting '$msg' did not return cleanly"
	note "'$msg' acknowledged by every peer in $((SECONDS - t))s"
done
after2=$(stat 2 rx_rejected)
after3=$(stat 3 rx_rejected)
[ $((after2 - before2)) -eq 5 ] || fail "node2 rejected $((after2 - before2)) messages, expected 5"
[ $((after3 - before3)) -eq 5 ] || fail "node3 rejected $((after3 - before3)) messages, expected 5"
for n in 2 3; do
	log=$(on $n dmesg | grep -c 'refused message')
	[ "$log" -ge 5 ] || fail "node$n logged $log refusals, expected 5"
	on $n dmesg | grep -q 'window beyond the array' ||
		fail "node$n did not name the window past the end"
done
note "nodes 2 and 3 each refused, logged and counted exactly 5"

step "the array still works"
for n in 1 2 3; do
	on $n 'echo 200000 >/proc/sys/dev/raid/speed_limit_max'
done
for n in 1 2 3; do
	wait_until 300 "resync done on node$n" md_clean $n
done
wait_until 30 "equal event counts" same_events 1 2 3
must 2 "mdc-io fill $MD b2 100 50" >/dev/null
must 3 "mdc-io verify $MD b2 100 50" >/dev/null
must 1 "mdc-io verify $MD b2 100 50" >/dev/null
[ "$(stat 1 rx_rejected)" -eq 0 ] || fail "node1 rejected a message it should not have"
note "resync completed through RESYNCING windows; data crosses nodes"
step "passed"
