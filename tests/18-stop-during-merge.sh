#!/bin/bash
# Stop the array on every survivor while they merge a dead node's bitmap.
# node3 dirties chunks all over the array and is killed; nodes 1 and 2 (test
# build) hold each merge for 8 s once it keeps their bitmap attached
# (debugfs merge_delay_ms), and both run mdadm --stop meanwhile.  Both stops
# return, no node oopses or warns, the dead slot's bits are left for the next
# assembly, and reassembling on nodes 1 and 2 settles with every
# acknowledged write intact and identical members.
# Suite: full
set -euo pipefail
. "$(dirname "$0")/lib.sh"

start_clean_array --test 3 --bitmap-chunk=1M
for n in 1 2; do
	on $n 'echo 8000 >/sys/kernel/debug/md-cluster/md0/merge_delay_ms'
done

step "node3 writes records spread over the whole array; power cut after 40"
acked=$MDC_CLUSTER_DIR/spread.acked
: >"$acked"
"$CLUSTER" exec 3 "while :; do for r in \$(seq 0 61 3900); do
	mdc-io write $MD s3 \$r 1 || exit 1; done; done" </dev/null >>"$acked" 2>&1 &
writer=$!
deadline=$((SECONDS + 120))
while [ "$(grep -c '^ok' "$acked" || true)" -lt 40 ]; do
	[ $SECONDS -lt $deadline ] || fail "node3 acknowledged too few writes"
	kill -0 $writer 2>/dev/null || fail "writer on node3 ended early: $(tail -n 3 "$acked")"
	sleep 0.5
done
"$CLUSTER" kill 3
wait $writer 2>/dev/null || true
note "node3 killed after $(grep -c '^ok' "$acked") acknowledged writes"

step "a survivor holds the merge of node3's slot; both survivors stop the array"
holding() {
	local n
	for n in 1 2; do
		on $n dmesg | grep -q 'test: holding the merge of slot' && { echo $n; return 0; }
	done
	return 1
}
wait_until 90 "a survivor to start merging node3's slot" holding
holder=$(holding)
slot=$(on "$holder" dmesg | sed -n 's/.*holding the merge of slot \([0-9]*\).*/\1/p' | head -n 1)
note "node$holder is merging slot $slot"
t=$SECONDS
on 1 "timeout 120 mdadm --stop $MD" >"$MDC_CLUSTER_DIR/stop1.out" 2>&1 &
stop1=$!
on 2 "timeout 120 mdadm --stop $MD" >"$MDC_CLUSTER_DIR/stop2.out" 2>&1 &
stop2=$!
wait $stop1 || fail "node1: mdadm --stop failed: $(cat "$MDC_CLUSTER_DIR/stop1.out")"
wait $stop2 || fail "node2: mdadm --stop failed: $(cat "$MDC_CLUSTER_DIR/stop2.out")"
note "both stops returned in $((SECONDS - t))s"
for n in 1 2; do
	if on $n dmesg | grep -Eq 'BUG:|Oops|WARNING:|general protection|Call Trace'; then
		fail "node$n: kernel oops or warning: $(on $n dmesg | grep -E -A3 'BUG:|Oops|WARNING:|general protection' | head -n 20)"
	fi
	on $n 'cat /proc/mdstat' | grep -q '^md0' && fail "md0 still runs on node$n"
done
on "$holder" dmesg | grep -q "dirty bits stay for the next assembly" ||
	fail "node$holder did not leave the dead slot's bits for the next assembly"
note "no oops or warning; node$holder left the dead slot's bits in place"

step "nodes 1 and 2 assemble again; the dead slot's regions resync"
for n in 1 2; do
	on $n 'echo 0 >/sys/kernel/debug/md-cluster/md0/merge_delay_ms' 2>/dev/null || true
	assemble_array $n >/dev/null
	on $n 'echo 0 >/sys/kernel/debug/md-cluster/md0/merge_delay_ms'
done
for n in 1 2; do
	wait_until 300 "node$n clean" md_clean $n
done
picked() {
	on 1 dmesg | grep -q "slot $slot was left dirty" ||
		on 2 dmesg | grep -q "slot $slot was left dirty"
}
picked || fail "no node found slot $slot's dirty bits at assembly"
grep '^ok' "$acked" | awk '{print $2}' | sort -nu >"$MDC_CLUSTER_DIR/spread.list"
for n in 1 2; do
	"$CLUSTER" exec $n "mdc-io verify-list $MD s3" <"$MDC_CLUSTER_DIR/spread.list" \
		>/dev/null 2>&1 || fail "node$n: acknowledged writes of node3 lost"
done
must 1 "mdc-io members-equal /dev/vda /dev/vdb" >/dev/null
note "every acknowledged write intact on nodes 1 and 2; members identical"
step "passed"
