#!/bin/bash
# A clustered RAID1 created with a spare (-x 1): node1 fails vda, the spare
# vdc takes its place and is recovered on one node; every node ends with
# vdb and vdc active and in sync, vda faulty, equal events; data written
# before the failure reads back everywhere and vdb/vdc are identical.
# Suite: full
set -euo pipefail
MEMBERS="/dev/vda /dev/vdb /dev/vdc"
RAID_ARGS="--level=1 --raid-devices=2 --spare-devices=1"
. "$(dirname "$0")/lib.sh"

dev_state() {	# node dev: the device's state words in mdadm -D
	on "$1" "mdadm -D $MD" | awk -v d="$2" '$NF == d {
		s = ""; for (i = 5; i < NF; i++) s = s (s ? " " : "") $i; print s }'
}

failed_over() {	# node: vdc took over from vda
	[ "$(dev_state "$1" /dev/vdc)" = "active sync" ] &&
		[ "$(dev_state "$1" /dev/vdb)" = "active sync" ] &&
		[ "$(dev_state "$1" /dev/vda)" = faulty ] && md_clean "$1"
}

start_clean_array 3
for n in 1 2 3; do
	[ "$(dev_state $n /dev/vdc)" = spare ] || fail "node$n: vdc is '$(dev_state $n /dev/vdc)', not spare"
done
must 2 "mdc-io fill $MD s2 0 300" >/dev/null
note "vdc is the spare on every node; node2 wrote 300 records"

step "node1 fails vda: the spare vdc must take over on every node"
must 1 "mdadm --manage $MD --fail /dev/vda" >/dev/null
for n in 1 2 3; do
	wait_until 300 "node$n: vdb+vdc active, vda faulty, idle" failed_over $n
done
wait_until 30 "equal event counts" same_events 1 2 3
for n in 1 3; do
	must $n "mdc-io verify $MD s2 0 300" >/dev/null
done
must 1 "mdc-io members-equal /dev/vdb /dev/vdc" >/dev/null
note "vdc active everywhere, events $(md_events 1); data intact; vdb and vdc identical"
step "passed"
