#!/bin/bash
# Under pacemaker (MDC_GUEST=debian), the resource operations an
# administrator uses, handled as ocf:heartbeat:mdraid documents them:
#  1. `crm resource stop cl-md0`: the array stops on every node, md-cluster
#     leaves its lockspace everywhere, the DLM clone keeps running;
#  2. `crm resource start cl-md0`: it runs on all three again, clean;
#  3. a monitor failure: the array is stopped on node 2 behind pacemaker's
#     back; the next monitor sees it gone, pacemaker records a failure and
#     recovers it (stop, start) on node 2, which re-joins; nodes 1 and 3 keep
#     writing meanwhile, and reads what they wrote; it may stay
#     auto-read-only with a resync pending until its first write, which
#     ends both; `crm resource cleanup` clears the failure.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

md_gone() {	# node: no md0 and no md-cluster lockspace there
	! on "$1" 'cat /proc/mdstat' | grep '^md0' >/dev/null &&
		! on "$1" 'dlm_tool ls' | grep '^name  *[0-9a-f-]\{36\}' >/dev/null
}

ha_start_cluster 3
step "pacemaker: fencing, DLM clone, the array as an mdraid clone"
ha_array_up 1 2 3
wait_until 300 "the initial resync" md_clean 1

step "crm resource stop cl-md0"
must 1 'crm resource stop cl-md0' >/dev/null
for n in 1 2 3; do
	wait_until 120 "md0 and its lockspace gone on node$n" md_gone "$n"
done
ha_clone_on cl-dlm 1 2 3 || fail "the DLM clone stopped with the array"
note "md0 stopped on all three; cl-dlm still runs everywhere"

step "crm resource start cl-md0"
must 1 'crm resource start cl-md0' >/dev/null
wait_until 300 "cl-md0 on nodes 1 2 3" ha_clone_on cl-md0 1 2 3
for n in 1 2 3; do
	wait_until 300 "node$n clean" md_clean "$n"
done
scenario_concurrent_writers 1 2 3

step "monitor failure: md0 stopped on node2 behind pacemaker's back"
must 2 "mdadm --stop $MD" >/dev/null
on 1 "mdc-io fill $MD m1 3000 100" >/dev/null || fail "node1's writes failed while node2 was out"
on 3 "mdc-io fill $MD m3 3200 100" >/dev/null || fail "node3's writes failed while node2 was out"
failcount() {	# node 2's fail count of md0 is at least 1
	on 1 'crm_failcount --query --resource md0 --node node2' | grep -Eq 'value=([1-9]|INFINITY)'
}
wait_until 180 "pacemaker to record md0's monitor failure on node2" failcount
wait_until 300 "cl-md0 recovered on node2" ha_clone_on cl-md0 1 2 3
wait_until 300 "node2 in sync" md_settled 2
note "node2 after pacemaker's recovery: $(on 2 'cat /proc/mdstat' | grep -E '^md0|resync=' | tr -s ' \t' ' ' | paste -sd';' -)"
for tag in m1:3000 m3:3200; do
	on 2 "mdc-io verify $MD ${tag%%:*} ${tag#*:} 100" >/dev/null ||
		fail "node2 reads wrong data written while it was out"
done
# Its first write ends auto-read-only and any pending resync.
on 2 "mdc-io fill $MD m2 3400 20" >/dev/null || fail "node2 cannot write after its recovery"
wait_until 120 "node2 clean after its first write" md_clean 2
note "$(on 1 'crm_failcount --query --resource md0 --node node2')"
must 1 'crm resource cleanup cl-md0' >/dev/null
wait_until 120 "no failed action after cleanup" ha_settled 1 2 3
wait_until 60 "equal event counts" same_events 1 2 3
step "passed"
