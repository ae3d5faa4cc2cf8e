#!/bin/bash
# Under pacemaker on a real Debian system (MDC_GUEST=debian): a disk added
# on node 1 is confirmed on nodes 2 and 3 by mdadm's own udev rule
# (69-md-clustered-confirm-device.rules, run by systemd-udevd), not by the
# busybox flavour's uevent handler: every node lists the new disk as a
# spare, udev handled the ADD_DEVICE event (measured: how long it took, the
# confirmation included), md-cluster took the answer, the event counts agree.
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
# udev's own record of the event: the kernel's uevent and udev's, which it
# sends once the rule's programs (the confirmation) have run.
for n in 2 3; do
	must "$n" "systemd-run --unit=mdc-udevmon sh -c 'exec udevadm monitor --kernel --udev --property >/run/udevmon.log'" >/dev/null
done
sleep 2
step "node1: mdadm --add /dev/vdc"
out=$(on 1 "mdadm --manage $MD --add /dev/vdc" 2>&1) || fail "adding vdc: $out"
for n in 1 2 3; do
	wait_until 60 "node$n to list vdc as a spare" md_layout "$n" 3 1
done
# How long each node's udev took: from the kernel's ADD_DEVICE event to
# udev's, i.e. to the end of mdadm --cluster-confirm.
udev_delay() {	# node
	on "$1" 'systemctl stop mdc-udevmon; cat /run/udevmon.log' | awk '
		/^(KERNEL|UDEV) *\[/ { src = substr($0, 1, 1) == "K" ? "KERNEL" : "UDEV"
			t = $0; sub(/^[A-Z]+ *\[/, "", t); sub(/\].*/, "", t) }
		/^EVENT=ADD_DEVICE/ { if (src == "KERNEL") k = t; else if (k != "") { printf "%.1f", t - k; exit } }'
}
delays=""
for n in 2 3; do
	on "$n" 'dmesg' | grep 'device [0-9]* confirmed here' >/dev/null ||
		fail "node$n: md-cluster did not log the confirmation: $(on "$n" 'dmesg | grep md-cluster | tail -n 3')"
	d=$(udev_delay "$n")
	[ -n "$d" ] || fail "node$n: udev handled no ADD_DEVICE event: $(on "$n" 'head -c 2000 /run/udevmon.log')"
	delays+=" node$n ${d}s"
done
wait_until 60 "equal event counts" same_events 1 2 3
note "vdc is a spare on every node, confirmed by udev's rule on nodes 2 and 3 (kernel event to udev's:$delays); events $(md_events 1)"
step "passed"
