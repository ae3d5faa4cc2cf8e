#!/bin/bash
# Clustered --add, 3 nodes.  node1 adds vdc: nodes 2 and 3 confirm it
# through their uevent handler and every node lists vdc as a spare with
# equal event counts.  Then node1 adds vdd while node3 answers that it
# cannot see vdd: the add fails on node1 and no node lists vdd; node2,
# which had confirmed it, drops its candidate again.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

members() {	# node: the member lines of mdadm -D as "state dev", one a line
	on "$1" "mdadm -D $MD" | awk '$NF ~ /^\/dev\/vd/ {
		s = ""; for (i = 5; i < NF; i++) s = s (s ? " " : "") $i; print s, $NF }'
}

start_clean_array 3
wait_until 30 "equal event counts" same_events 1 2 3

uevents() {	# the last lines each peer's uevent handler logged
	local n
	for n in 2 3; do
		echo "node$n:"
		on $n 'tail -n 3 /var/log/uevent.log'
	done
}

step "node1: mdadm --add /dev/vdc"
out=$(on 1 "mdadm --manage $MD --add /dev/vdc" 2>&1) || fail "adding vdc: $out; $(uevents)"
for n in 1 2 3; do
	wait_until 30 "node$n to list vdc as a spare" md_layout $n 3 1
	members $n | grep -qx 'spare /dev/vdc' ||
		fail "node$n: vdc is not a spare: $(members $n | tr '\n' ';')"
done
for n in 2 3; do
	on $n 'cat /var/log/uevent.log' | grep -q -- '-> /dev/vdc' ||
		fail "node$n: uevent handler did not confirm vdc: $(on $n 'cat /var/log/uevent.log')"
done
wait_until 30 "equal event counts" same_events 1 2 3
note "vdc is a spare on every node, events $(md_events 1) everywhere"
on 1 dmesg | grep -q 'no superblock write followed' &&
	fail "node1: the disk add's channel handover expired"

step "node3 hides vdd; node1: mdadm --add /dev/vdd must fail"
must 3 'touch /run/mdc-hide-vdd'
ev=$(md_events 1)
if out=$(on 1 "mdadm --manage $MD --add /dev/vdd" 2>&1); then
	fail "adding vdd succeeded although node3 cannot see it: $out"
fi
note "node1: $(echo "$out" | tail -n 1)"
on 3 'cat /var/log/uevent.log' | grep -q -- '-> missing' ||
	fail "node3 did not answer missing: $(on 3 'cat /var/log/uevent.log')"
on 2 'cat /var/log/uevent.log' | grep -q -- '-> /dev/vdd' ||
	fail "node2 did not confirm vdd: $(on 2 'cat /var/log/uevent.log')"
on 1 dmesg | grep -q 'not visible on every node' ||
	fail "node1 did not log the refusal"
for n in 1 2 3; do
	wait_until 30 "node$n to list exactly vda vdb vdc" md_layout $n 3 1
	members $n | grep -q vdd && fail "node$n lists vdd: $(members $n | tr '\n' ';')"
	wait_until 30 "node$n to let go of vdd" on $n '[ ! -e /sys/block/md0/md/dev-vdd ]'
done
for n in 2 3; do
	[ "$(md_events $n)" = "$(md_events 1)" ] || fail "node$n events $(md_events $n) != $(md_events 1)"
done
note "add refused; every node still has vda vdb + spare vdc, events $ev -> $(md_events 1)"

step "node3 sees vdd again: the same add now succeeds"
must 3 'rm /run/mdc-hide-vdd'
out=$(on 1 "mdadm --manage $MD --add /dev/vdd" 2>&1) ||
	fail "second add of vdd: $out; $(uevents)"
for n in 1 2 3; do
	wait_until 30 "node$n to list vdc and vdd as spares" md_layout $n 4 2
done
wait_until 30 "equal event counts" same_events 1 2 3
note "vdc and vdd spares everywhere, events $(md_events 1)"
step "passed"
