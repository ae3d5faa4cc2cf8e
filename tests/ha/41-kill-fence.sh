#!/bin/bash
# Under pacemaker with SBD (MDC_GUEST=debian): node 3 is powered off (qemu
# SIGKILL) while it writes.  Pacemaker fences it through SBD (poison pill,
# then msgwait); DLM recovery waits for that fence, and only then does our
# recovery take node 3's bitmap slot over, on a survivor whose array is
# still auto-read-only (pacemaker assembled it; it never wrote).  Every
# acknowledged write reads back on the survivors and the legs are
# identical.  Node 3 boots again,
# pacemaker starts the array there and it re-joins: clean everywhere,
# the same event count.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
ha_start_cluster 3
step "pacemaker: fencing, DLM clone, the array as an mdraid clone"
ha_array_up 1 2 3
wait_until 300 "the initial resync" md_clean 1
for n in 1 2; do
	on "$n" 'cat /proc/mdstat' | grep 'auto-read-only' >/dev/null ||
		fail "node$n: md0 is not auto-read-only after pacemaker assembled it"
done
note "nodes 1 and 2 have not written: md0 is auto-read-only there"
t_kill=$(date +%s)
# Without leaving auto-read-only, the survivor that takes node 3's slot
# over would keep its resync PENDING for good and md_idle below would
# time out.
scenario_kill_recover 3 1 2
left=$(for n in 1 2; do on "$n" dmesg | grep 'now read-write, to resync slot' >/dev/null && echo "node$n"; done || true)
[ -n "$left" ] || fail "no survivor left auto-read-only to resync node3's slot"
note "$left left auto-read-only to resync node3's slot"

wait_until 180 "pacemaker to fence node3" ha_fenced 3
note "fence history: $(on 1 'stonith_admin --history node3' | head -n1 | sed 's/^ *//')"
# When fencing and our recovery finished, in node 1's clock.
t_fence=$(ha_fence_done_at 3)
t_rec=$(on 1 "journalctl -k -o short-unix --no-pager" |
	awk '/md-cluster.*(recover|slot 2)/ {t = int($1)} END {print t + 0}')
[ "$t_fence" -gt 0 ] || fail "node1's journal has no completed fence of node3"
note "node3 killed at $t_kill; fence done at +$((t_fence - t_kill)) s; md-cluster's last recovery line at +$((t_rec - t_kill)) s"
[ "$t_rec" -ge "$t_fence" ] || fail "md-cluster recovered node3's slot before pacemaker had fenced it"

step "node3 boots again; pacemaker starts the array there"
ha_rejoin 3 md_clean
"$CLUSTER" exec 3 "mdc-io verify-list $MD k3" <"$MDC_CLUSTER_DIR/k3.list" >/dev/null 2>&1 ||
	fail "node3 reads wrong data after re-joining"
note "$(on 1 'crm_mon -1 -r -n' | grep -E 'cl-md0|Started' | head -n 4 | sed 's/^ *//' | paste -sd';' -)"
step "passed"
