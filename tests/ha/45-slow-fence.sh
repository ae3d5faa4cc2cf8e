#!/bin/bash
# Under pacemaker (MDC_GUEST=debian), fencing slower than md-cluster's own
# waits: the SBD fence device gets pcmk_delay_base=70s, so fencing node 3
# takes 105 s or more (delay, poison pill, msgwait; 144 s measured under
# TCG), longer than the 60 s a sender waits for its peers'
# acknowledgment.  Node 3 is killed and node 1
# fails vdb at once: md's superblock update sends METADATA_UPDATED while
# node 3 still holds its "ack" CR, which DLM drops only once node 3 is
# fenced and the lockspace recovered.  The send must wait for that, say
# so, and go through: vdb is faulty on node 2 too, nothing gave up.  Then
# vdb is wiped and added back, which node 2 (read-only until its first
# write) lets go of and confirms; node 3 boots again and every node is
# clean with the same event count.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

ha_start_cluster 3
step "pacemaker: fencing, DLM clone, the array as an mdraid clone"
ha_array_up 1 2 3
wait_until 300 "the initial resync" md_clean 1
must 1 "mdc-io fill $MD f1 0 50" >/dev/null

# pcmk_delay_max caps the whole delay (base plus its random part): it
# goes up with the base, or the base would be cut to ha/base.crm's 5 s.
step "fencing made slow: pcmk_delay_base=70s (max 75s), stonith-timeout=240s"
must 1 'crm configure property stonith-timeout=240s' >/dev/null
must 1 'crm resource param stonith-sbd set pcmk_delay_max 75s' >/dev/null
must 1 'crm resource param stonith-sbd set pcmk_delay_base 70s' >/dev/null
wait_until 120 "pacemaker settled" ha_settled 1 2 3

step "node3 killed; node1 fails vdb at once"
"$CLUSTER" kill 3
t_kill=$(on 1 'date +%s')
# Through sysfs: mdadm --fail would first wait in userspace, since its
# cluster lock (a lockspace of its own) is not granted before the fence.
must 1 'echo faulty >/sys/block/md0/md/dev-vdb/state' >/dev/null
wait_until 300 "pacemaker to fence node3" ha_fenced 3
t_fence=$(ha_fence_done_at 3)
[ "$t_fence" -gt 0 ] || fail "node1's journal has no completed fence of node3"
note "fence of node3 done $((t_fence - t_kill)) s after the kill"
[ $((t_fence - t_kill)) -gt 60 ] ||
	fail "fencing took $((t_fence - t_kill)) s: not longer than the 60 s acknowledgment wait, nothing tested"

vdb_faulty() {	# node: md lists vdb as faulty
	on "$1" "mdadm -D $MD" | grep -E 'faulty +/dev/vdb' >/dev/null
}
for n in 1 2; do
	wait_until 60 "node$n to list vdb as faulty" vdb_faulty "$n"
done
log1=$(on 1 'dmesg | grep md-cluster')
echo "$log1" | grep 'DLM is recovering the lockspace' >/dev/null ||
	fail "node1 did not say it waited for the lockspace's recovery: $(echo "$log1" | tail -n 5)"
granted=$(echo "$log1" | grep "granted after the lockspace's recovery" | tail -n 1) ||
	fail "node1 did not say its request was granted after the recovery: $(echo "$log1" | tail -n 5)"
if echo "$log1" | grep -E 'giving up|failed: -110|cannot take' >/dev/null; then
	fail "node1 gave up during the fence: $(echo "$log1" | grep -E 'giving up|failed: -110|cannot take' | head -n 3)"
fi
note "node1: ${granted#*md-cluster }"

# mdadm refuses --re-add here ("not possible"): vdb comes back as a new
# disk, which node 2's udev confirms.  Node 2 never wrote: its array is
# read-only until its first write, and md there lets go of vdb only once
# md-cluster has it leave that state on the REMOVE (else node 2's blkid
# reads vdb's old superblock from its page cache and declines the add).
step "vdb back: removed, wiped and added again on node1"
must 1 "mdadm --manage $MD --remove /dev/vdb" >/dev/null
wait_until 30 "node2 to let go of vdb" md_released 2 vdb
note "node2: $(on 2 'dmesg | grep -E "to let go of device|auto-read-only" | tail -n 1' | sed 's/^.*md-cluster //')"
must 1 "mdadm --zero-superblock /dev/vdb" >/dev/null
must 1 "mdadm --manage $MD --add /dev/vdb" >/dev/null
for n in 1 2; do
	wait_until 300 "node$n in sync" md_settled "$n"
done
must 2 "mdc-io verify $MD f1 0 50" >/dev/null

step "node3 boots again; pacemaker starts the array there"
ha_rejoin 3 md_settled
must 3 "mdc-io verify $MD f1 0 50" >/dev/null
step "passed"
