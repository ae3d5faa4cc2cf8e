#!/bin/bash
# Under pacemaker on a real Debian system (MDC_GUEST=debian): a disk added
# on node 1 is confirmed on nodes 2 and 3 by mdadm's own udev rule
# (69-md-clustered-confirm-device.rules, run by systemd-udevd), not by the
# busybox flavour's uevent handler: every node lists the new disk as a
# spare, udev logged running the confirmation, the event counts agree.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
ha_start_cluster 3
for n in 1 2 3; do
	on "$n" 'ls /lib/udev/rules.d/69-md-clustered-confirm-device.rules' >/dev/null ||
		fail "node$n: mdadm's clustered-confirm udev rule is not installed"
	on "$n" '[ ! -e /etc/mdc/uevent-handler ] && systemctl is-active systemd-udevd' >/dev/null ||
		fail "node$n: not the udev flavour"
done
step "pacemaker: fencing, DLM clone, the array as an mdraid clone"
ha_array_up 1 2 3
wait_until 300 "the initial resync" md_clean 1
for n in 2 3; do
	must "$n" 'udevadm control --log-priority=debug'
done
step "node1: mdadm --add /dev/vdc"
out=$(on 1 "mdadm --manage $MD --add /dev/vdc" 2>&1) || fail "adding vdc: $out"
for n in 1 2 3; do
	wait_until 60 "node$n to list vdc as a spare" md_layout "$n" 3 1
done
for n in 2 3; do
	on "$n" 'journalctl -b -u systemd-udevd --no-pager' | grep -q -- '--cluster-confirm' ||
		fail "node$n: udev did not run mdadm --cluster-confirm: $(on "$n" 'journalctl -b -u systemd-udevd --no-pager | tail -n 5')"
done
wait_until 60 "equal event counts" same_events 1 2 3
note "vdc is a spare on every node, confirmed by udev on nodes 2 and 3; events $(md_events 1)"
step "passed"
