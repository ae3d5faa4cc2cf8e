#!/bin/bash
# A write torn between the legs in a dead node's dirty chunk is resynced,
# in chunk 0 as in any other chunk.  With 64 MiB bitmap chunks, node2
# writes acknowledged records in one chunk; meanwhile one record of that
# chunk is changed on one leg only (what a power cut between the two leg
# writes leaves), and node2 is killed.  The survivors must merge the slot,
# resync the chunk and end with identical legs over the whole data area.
# Chunk 0 first (md reports its dirty range there as "0..0"), then chunk 1
# after node2 came back.  Last, in chunk 2, the survivors cannot read
# node2's bitmap (fail_merges): not knowing what was dirty, they resync the
# whole array, and the legs end identical all the same.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

CHUNK_RECORDS=1024	# 64 MiB chunk / 64 KiB mdc-io record
start_clean_array --test 3 --bitmap-chunk=64M
[ "$(on 1 'cat /sys/block/md0/md/bitmap/chunksize')" = 67108864 ] ||
	fail "bitmap chunk is not 64 MiB"
data_offset=$(on 1 'mdadm -E /dev/vdb' | awk '/Data Offset/ {print $4}')
[ -n "$data_offset" ] || fail "cannot read vdb's data offset"

# The record's bytes on the raw leg as node1 reads them (O_DIRECT).
leg_record() {	# dev record
	on 1 "dd if=$1 bs=512 skip=$((data_offset + $2 * 128)) count=128 iflag=direct \
		status=none | md5sum" | cut -d' ' -f1
}

slot_recovered() {
	{ cluster_log 1; cluster_log 3; } | grep 'recovered slot' >/dev/null
}

torn_write_in_chunk() {	# chunk [dirty-first dirty-end]
	local chunk=$1 first acked writer deadline torn
	local dirty_first=${2:-$((chunk * 131072))} dirty_end=${3:-$(((chunk + 1) * 131072))}
	first=$((chunk * CHUNK_RECORDS))
	torn=$((first + 700))
	acked=$MDC_CLUSTER_DIR/torn$chunk.acked
	step "chunk $chunk: node2 writes records $first..$((first + 15)) over and over"
	: >"$acked"
	"$CLUSTER" exec 2 "while :; do mdc-io write $MD t$chunk $first 16 || exit 1; done" \
		</dev/null >>"$acked" 2>&1 &
	writer=$!
	deadline=$((SECONDS + 120))
	while [ "$(grep -c '^ok' "$acked" || true)" -lt 20 ]; do
		[ $SECONDS -lt $deadline ] || fail "node2 acknowledged too few writes"
		kill -0 $writer 2>/dev/null || fail "writer on node2 ended early: $(tail -n 3 "$acked")"
		sleep 0.5
	done
	# The host writes the second leg's image directly, as a leg write
	# that landed while its mirror write did not.
	dd if=/dev/urandom of="$MDC_CLUSTER_DIR/disks/d2.img" bs=512 \
		seek=$((data_offset + torn * 128)) count=8 oflag=direct conv=notrunc \
		status=none
	[ "$(leg_record /dev/vda $torn)" != "$(leg_record /dev/vdb $torn)" ] ||
		fail "record $torn does not differ between the legs"
	note "record $torn (chunk $chunk) differs between the legs; node2 is killed"
	"$CLUSTER" kill 2
	wait $writer 2>/dev/null || true

	wait_until 120 "a survivor to recover node2's slot" slot_recovered
	wait_until 300 "node1 idle after the recovery" md_idle 1
	wait_until 300 "node3 idle after the recovery" md_idle 3
	must 1 "mdc-io members-equal /dev/vda /dev/vdb" >/dev/null
	grep '^ok' "$acked" | awk '{print $2}' | sort -un >"$acked.list"
	on 3 "mdc-io verify-list $MD t$chunk" <"$acked.list" >/dev/null 2>&1 ||
		fail "node3: acknowledged writes of node2 lost"
	{ cluster_log 1; cluster_log 3; } |
		grep "recovered slot [0-9]*: sectors $dirty_first\.\.$dirty_end were dirty" >/dev/null ||
		fail "no survivor logged sectors $dirty_first..$dirty_end as dirty"
	note "chunk $chunk resynced: legs identical, $(wc -l <"$acked.list") acknowledged records intact"
}

rejoin() {
	step "node2 boots again and rejoins"
	restart_node 2
	assemble_array 2 >/dev/null
	wait_until 300 "node2 idle after rejoining" md_idle 2
	on 1 'dmesg -c' >/dev/null
	on 3 'dmesg -c' >/dev/null
}

torn_write_in_chunk 0
rejoin
torn_write_in_chunk 1

rejoin
size=$(($(on 1 'cat /sys/block/md0/md/component_size') * 2))
for n in 1 3; do
	on $n 'echo 1 >/sys/kernel/debug/md-cluster/md0/fail_merges'
done
torn_write_in_chunk 2 0 "$size"
{ cluster_log 1; cluster_log 3; } |
	grep 'cannot read the bitmap of slot [0-9]*: -5; resyncing the whole array' >/dev/null ||
	fail "no survivor said it resyncs the whole array"
step "passed"
