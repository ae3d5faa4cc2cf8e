#!/bin/bash
# A recovery window that went out unannounced is redone, and the redo is
# durable before the sync goes on.  vda fails, the spare vdc is rebuilt on
# one node (R) at a throttled speed; R's announcement of its next window
# fails (test build: fail_windows).  Then, before anything else writes:
#  - the window's chunks are dirty in R's slot of the on-disk bitmap
#    (a crash of R now leaves them for the survivors to resync);
#  - no checkpoint is past the window's start: R's recovery_start, vdc's
#    on-disk Recovery Offset, and the peer's recovery_start;
# and the recovery then goes on from there (that a redo leaves identical
# legs is tests/19's; a whole 9 GiB rebuild and compare is too slow here).
set -euo pipefail
MEMBERS="/dev/vda /dev/vdb /dev/vdc"
RAID_ARGS="--level=1 --raid-devices=2 --spare-devices=1"
. "$(dirname "$0")/lib.sh"

dbg=/sys/kernel/debug/md-cluster/md0
# md writes the page that holds a slot's bitmap superblock with every
# superblock update, and the redone bits with it when they lie there.
# Only members over 8 GiB get more than a page of bits per slot from
# mdadm: 9 GiB sparse images, 64 KiB chunks, 147312 bits per slot.
export MDC_DISK_MB=9216
CHUNK_SECTORS=128
PAGE0_SECTORS=$(((4096 - 256) * 8 * CHUNK_SECTORS))
start_clean_array --test 2 --bitmap-chunk=64K
for n in 1 2; do
	on $n 'echo 1 >/proc/sys/dev/raid/speed_limit_min'
done

slot_dirty() {	# node slot: dirty chunks of that slot in vdb's on-disk bitmap
	on "$1" 'echo 3 >/proc/sys/vm/drop_caches; mdadm -X /dev/vdb' | awk -v s="$2" '
		/Node Slot/ { cur = $NF }
		/Bitmap :/ && cur == s { print $(NF - 2) ; exit }'
}
recovery_start() {	# node: vdc's recovery_start in that node's md
	on "$1" 'cat /sys/block/md0/md/dev-vdc/recovery_start'
}
disk_recovery_offset() {	# node: vdc's Recovery Offset in its superblock
	on "$1" 'echo 3 >/proc/sys/vm/drop_caches; mdadm -E /dev/vdc' |
		awk '/Recovery Offset/ {print $4}'
}

bitmap_clean() {	# node: no slot has a dirty chunk on disk
	on "$1" 'echo 3 >/proc/sys/vm/drop_caches; mdadm -X /dev/vdb' |
		awk '/Bitmap :/ && $(NF - 2) != 0 { d = 1 } END { exit d }'
}
wait_until 60 "the on-disk bitmap to be clean" bitmap_clean 1

step "vda fails; vdc is rebuilt"
must 1 "mdadm --manage $MD --fail /dev/vda" >/dev/null
recovering() {
	local n
	for n in 1 2; do
		on $n 'cat /proc/mdstat' | grep -E 'recovery *=' >/dev/null && { echo $n; return 0; }
	done
	return 1
}
wait_until 60 "a node to rebuild vdc" recovering
r=$(recovering)
p=$((3 - r))
slot=$(on "$r" 'cat /sys/block/md0/md/cluster/slot')
before=$(slot_dirty "$r" "$slot")
[ -n "$before" ] || fail "no bitmap slot $slot in mdadm -X /dev/vdb"
note "node$r rebuilds vdc; its slot $slot has $before dirty chunks on disk"
past_page0() {
	local s
	s=$(on "$r" 'cat /sys/block/md0/md/sync_completed' | awk '$1 ~ /^[0-9]+$/ {print $1}')
	[ -n "$s" ] && [ "$s" -gt "$PAGE0_SECTORS" ]
}
wait_until 300 "node$r's recovery to pass the bitmap's first page" past_page0
note "node$r's recovery is past sector $PAGE0_SECTORS, the bitmap's first page"

step "node$r: its next window announcement fails"
# 1 MB/s from here: the restarted recovery reaches its first checkpoint
# (1/16 of the array) only after the checks below
for n in 1 2; do
	on $n 'echo 1000 >/proc/sys/dev/raid/speed_limit_max'
done
on "$r" "echo 1 >$dbg/fail_windows"
redo_line() {
	on "$r" dmesg | grep -o 'sync window [0-9]*\.\.[0-9]* not announced (-110); sync restarts there' |
		tail -n 1
}
wait_until 120 "node$r to redo the unannounced window" redo_line
# hold the restarted recovery, on whichever node took it, where it began:
# the checks below read state that its progress would move on
for n in 1 2; do
	on $n 'echo 1 >/proc/sys/dev/raid/speed_limit_max'
done
line=$(redo_line)
lo=${line#sync window }
lo=${lo%%..*}
note "$line"
[ "$lo" -ge "$PAGE0_SECTORS" ] || fail "window $lo lies in the bitmap's first page"

after=$(slot_dirty "$r" "$slot")
note "slot $slot: $before dirty chunks on disk before, $after after the redo"
[ "$after" -gt "$before" ] ||
	fail "the redone window's chunks are not dirty in slot $slot on disk"

rs=$(recovery_start "$r")
ro=$(disk_recovery_offset "$r")
ps=$(recovery_start "$p")
note "window start $lo: node$r recovery_start $rs, vdc Recovery Offset ${ro:-absent}, node$p recovery_start $ps"
case $rs in '' | *[!0-9]*) fail "node$r: vdc's recovery_start is '$rs'" ;; esac
[ "$rs" -le "$lo" ] || fail "node$r resumes vdc at $rs, past the window's start $lo"
if [ -n "$ro" ]; then
	[ "$ro" -le "$lo" ] || fail "vdc's superblock says recovered up to $ro, past $lo"
fi
case $ps in
*[!0-9]*) ;;	# "none": the peer has not recorded vdc as rebuilding
*) [ "$ps" -le "$lo" ] || fail "node$p records vdc recovered up to $ps, past $lo" ;;
esac

step "the recovery goes on from the window's start"
for n in 1 2; do
	on $n 'echo 200000 >/proc/sys/dev/raid/speed_limit_max'
done
past_window() {
	local n s
	for n in 1 2; do
		s=$(on $n 'cat /sys/block/md0/md/sync_completed' | awk '$1 ~ /^[0-9]+$/ {print $1}')
		[ -n "$s" ] && [ "$s" -gt $((lo + 65536)) ] && return 0
	done
	return 1
}
wait_until 120 "the restarted recovery to pass the redone window" past_window
note "redone window passed; (identical legs after a redo: tests/19)"
step "passed"
