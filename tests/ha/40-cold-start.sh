#!/bin/bash
# Under pacemaker, as HA clusters run clustered md (MDC_GUEST=debian: a
# Debian 12 system with systemd, udev, corosync, pacemaker, sbd): from a
# cold cluster, fencing (SBD, softdog) and the DLM clone start, the array
# created on node 1 is handed to an ocf:heartbeat:mdraid clone with
# force_clones=true, and pacemaker starts it on all three nodes; crm_mon
# shows it started everywhere, md-cluster joined on each node, and writes
# from every node read back on every node.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
ha_start_cluster 3
step "pacemaker: fencing and the DLM clone, then the array as an mdraid clone"
ha_array_up 1 2 3
for n in 1 2 3; do
	on "$n" 'systemctl is-active sbd' >/dev/null || fail "node$n: sbd not active"
	on "$n" "cat /sys/block/md0/md/cluster/slot" >/dev/null 2>&1 ||
		fail "node$n: md0 is not a clustered array of this module"
	on "$n" "modinfo -n md-cluster" | grep updates/dkms >/dev/null ||
		fail "node$n: md-cluster is not the DKMS build"
done
must 1 "crm configure show" | grep 'force_clones=true' >/dev/null || fail "the clone is not forced"
note "stonith: $(on 1 'crm_mon -1 -r' | grep stonith-sbd | sed 's/^ *//')"
scenario_concurrent_writers 1 2 3
step "passed"
