#!/bin/bash
# make bench: our module against the kernel's own, in one run.
#
#   bench/run.sh            ROUNDS=3 (default) alternating rounds: stock,
#                           ours, stock, ours, ...; a fresh 3-node cluster
#                           each, same kernel, same image
#   WRITES=400              4 KiB writes per latency sample
#
# Every round measures, on shared 256 MiB disks (RAID1 over vda and vdb):
#   control   node1 alone, a local RAID1 with an internal bitmap over the
#             same disks: 4 KiB O_DIRECT+fsync writes at queue depth 1, and
#             the time md takes to write a superblock (md_update_sb)
#   1 node    the same writes on the clustered array, node1 only
#   3 nodes   the same writes on all three at once, each its own region
#   message   PAIRS=30 `mdadm --fail/--remove` + `--re-add` pairs on node1,
#             each pair timed, and every md_update_sb they make timed by
#             ftrace's function_graph: on the clustered array the token,
#             the superblock write, METADATA_UPDATED and every peer's
#             acknowledgment (about 7 per pair; clustered md never marks an array
#             clean while it runs, so idle writes make none)
#   join      mdadm --assemble on node3
#   resync    the creator's initial resync of a fresh array, unthrottled
#   peer      node2's writes while node1 resyncs at most 20 MB/s
#   kill      node3 killed in the middle of its writes: the survivors'
#             array clean again, split into the membership change
#             (corosync, dlm_controld), DLM's recovery, the module's part
#             (until md starts the resync) and md's resync
# Raw data in build/bench/<run>/; the table goes to the terminal and to
# bench/results/<date>-<kernel>.txt, the pictures beside it (SVG, gnuplot).
set -euo pipefail
MDC_TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$MDC_TOP/tests/lib.sh"

ROUNDS=${ROUNDS:-3}
WRITES=${WRITES:-400}
PAIRS=${PAIRS:-30}
[ "$ROUNDS" -ge 1 ] 2>/dev/null || { echo "bench: ROUNDS must be a number >= 1" >&2; exit 2; }
[ "$WRITES" -ge 100 ] 2>/dev/null || { echo "bench: WRITES must be a number >= 100" >&2; exit 2; }
export MDC_CLUSTER_DIR=$MDC_BUILD/bench/cluster
run=$MDC_BUILD/bench/$(date -u +%Y%m%d-%H%M%S)
probe=$MDC_BUILD/bench/mdc-lat
SPAN=16384		# 64 MiB of 4 KiB blocks per writer
t_start=$SECONDS

progress() {
	printf '[bench %3d:%02d] %s\n' $(((SECONDS - t_start) / 60)) $(((SECONDS - t_start) % 60)) "$*"
}

mkdir -p "$run"
gcc -O2 -Wall -Wextra -static -o "$probe" "$MDC_TOP/bench/mdc-lat.c"

# ftrace on a node: function_graph, depth 1, on one function
graph_on() {	# node function
	must "$1" "T=/sys/kernel/tracing; [ -e \$T/trace ] || mount -t tracefs nodev \$T
		echo 0 >\$T/tracing_on; echo nop >\$T/current_tracer
		echo '$2' >\$T/set_graph_function; echo 1 >\$T/max_graph_depth
		echo function_graph >\$T/current_tracer; echo >\$T/trace; echo 1 >\$T/tracing_on"
}

graph_off() {	# node file: the trace, then tracing off
	on "$1" 'T=/sys/kernel/tracing; echo 0 >$T/tracing_on; cat $T/trace
		echo nop >$T/current_tracer; echo >$T/set_graph_function' >"$2"
}

# PAIRS times: fail, remove and re-add vdb on the idle array, waiting
# for md's bitmap recovery in between.  Every superblock update that makes
# (on a clustered array: token, write, METADATA_UPDATED, every peer's
# acknowledgment) is timed, and each pair as a whole (/proc/uptime, 10 ms).
sb_updates() {	# node trace-file pairs-file
	graph_on "$1" 'md_update_sb*'
	on "$1" "for i in \$(seq $PAIRS); do
			t0=\$(cut -d' ' -f1 /proc/uptime)
			mdadm $MD --fail /dev/vdb --remove /dev/vdb >/dev/null 2>&1 &&
				mdadm $MD --re-add /dev/vdb >/dev/null 2>&1 || exit 1
			n=0
			until grep -A2 '^md0' /proc/mdstat | grep -q '\[UU\]' &&
				! grep -Eq 'recovery|resync' /proc/mdstat; do
				n=\$((n + 1)); [ \$n -lt 600 ] || exit 1; sleep 0.05
			done
			echo \"(\$(cut -d' ' -f1 /proc/uptime) - \$t0) * 1000\" | bc
		done" >"$3" || fail "node$1: a --fail/--re-add pair failed"
	graph_off "$1" "$2"
}

# A node's kernel-log time of a line matching PATTERN at or after UPTIME:
# the first such line, or with "last" the last one.
since() {	# node uptime pattern [last]
	on "$1" dmesg | awk -v t0="$2" -v pat="$3" -v which="${4:-first}" '{
		t = $0; sub(/^\[ */, "", t); sub(/\].*/, "", t)
		if (t + 0 >= t0 + 0 && $0 ~ pat) { found = t; if (which == "first") exit }
	} END { if (found != "") print found }'
}

resync_done_since() {	# node uptime
	[ -n "$(since "$1" "$2" 'md0: resync done')" ]
}

round() {	# round module dir
	local r=$1 m=$2 d=$3 n pids=() up1 up2 s t
	mkdir -p "$d"
	export MDCLUSTER=$m
	progress "round $r/$ROUNDS $m: boot 3 nodes"
	"$CLUSTER" up 3 >"$d/up.log" 2>&1 || fail "cluster did not come up ($d/up.log)"
	for n in 1 2 3; do
		"$CLUSTER" exec "$n" 'mkdir -p /usr/local/sbin && cat >/usr/local/sbin/mdc-lat && chmod 755 /usr/local/sbin/mdc-lat' <"$probe"
	done
	on 1 'modinfo -n md-cluster; uname -r' >"$d/module"

	progress "round $r/$ROUNDS $m: control, a local RAID1 with an internal bitmap"
	must 1 "mdadm --create $MD --level=1 --raid-devices=2 --bitmap=internal \
		--metadata=1.2 --run --force --assume-clean $MEMBERS" >/dev/null
	on 1 "mdc-lat $MD 0 $SPAN $WRITES 1" >"$d/lat-control.txt" 2>"$d/lat-control.sum"
	sb_updates 1 "$d/sb-control.trace" "$d/pairs-control.txt"
	must 1 "mdadm --stop $MD && mdadm --zero-superblock $MEMBERS" >/dev/null

	progress "round $r/$ROUNDS $m: clustered array, join"
	create_array 1 --assume-clean >/dev/null
	assemble_array 2 >/dev/null
	# busybox's date has no %N: /proc/uptime, to 10 ms
	on 3 "t0=\$(cut -d' ' -f1 /proc/uptime); mdadm --assemble $MD $MEMBERS >/dev/null 2>&1 || exit 1
		echo \"(\$(cut -d' ' -f1 /proc/uptime) - \$t0) * 1000\" | bc" >"$d/join-ms" ||
		fail "node3 did not assemble"
	for n in 1 2 3; do
		wait_until 60 "node$n clean" md_clean "$n"
	done

	progress "round $r/$ROUNDS $m: $WRITES writes on node1"
	on 1 "mdc-lat $MD 0 $SPAN $WRITES 1" >"$d/lat-1node.txt" 2>"$d/lat-1node.sum"
	progress "round $r/$ROUNDS $m: $WRITES writes on each of 3 nodes at once"
	for n in 1 2 3; do
		on "$n" "mdc-lat $MD $(((n - 1) * SPAN)) $SPAN $WRITES $n" \
			>"$d/lat-3node-$n.txt" 2>"$d/lat-3node-$n.sum" &
		pids+=($!)
	done
	for n in "${pids[@]}"; do
		wait "$n" || fail "a writer of the 3-node step failed"
	done

	progress "round $r/$ROUNDS $m: $PAIRS --fail/--re-add pairs, their superblock updates timed"
	sb_updates 1 "$d/sb-cluster.trace" "$d/pairs-cluster.txt"

	progress "round $r/$ROUNDS $m: initial resync of a fresh array"
	for n in 3 2 1; do
		must "$n" "mdadm --stop $MD" >/dev/null
	done
	must 1 "mdadm --zero-superblock $MEMBERS" >/dev/null
	up1=$(on 1 "cut -d' ' -f1 /proc/uptime")
	create_array 1 >/dev/null
	assemble_array 2 >/dev/null
	assemble_array 3 >/dev/null
	wait_until 300 "the initial resync" resync_done_since 1 "$up1"
	s=$(since 1 "$up1" 'resync of RAID array md0')
	t=$(since 1 "$up1" 'md0: resync done')
	[ -n "$s" ] && [ -n "$t" ] || fail "node1 logged no whole resync"
	echo "start $s done $t sectors $(on 1 'cat /sys/block/md0/size')" >"$d/resync"
	for n in 1 2 3; do
		wait_until 60 "node$n clean" md_clean "$n"
	done

	progress "round $r/$ROUNDS $m: node2 writes while node1 resyncs (20 MB/s)"
	for n in 3 2 1; do
		must "$n" "mdadm --stop $MD" >/dev/null
	done
	must 1 "mdadm --zero-superblock $MEMBERS" >/dev/null
	must 1 'echo 20000 >/proc/sys/dev/raid/speed_limit_max'
	up1=$(on 1 "cut -d' ' -f1 /proc/uptime")
	create_array 1 >/dev/null
	assemble_array 2 >/dev/null
	assemble_array 3 >/dev/null
	must 2 "mdc-lat $MD $((2 * SPAN)) $SPAN 0 7 >/tmp/peer.txt 2>/dev/null & echo \$! >/tmp/peer.pid"
	wait_until 300 "the throttled resync" resync_done_since 1 "$up1"
	on 2 'kill $(cat /tmp/peer.pid); sleep 1; cat /tmp/peer.txt' >"$d/lat-peer.txt"
	must 1 'echo 200000 >/proc/sys/dev/raid/speed_limit_max'
	[ "$(wc -l <"$d/lat-peer.txt")" -ge 20 ] ||
		fail "node2 wrote fewer than 20 blocks during the resync"
	for n in 1 2 3; do
		wait_until 60 "node$n clean" md_clean "$n"
	done

	progress "round $r/$ROUNDS $m: kill node3 in the middle of its writes"
	if [ "$m" != stock ]; then
		for n in 1 2; do
			must "$n" 'T=/sys/kernel/tracing; [ -e $T/trace ] || mount -t tracefs nodev $T
				echo perf >$T/trace_clock # local_clock(), as printk stamps
				echo >$T/trace; echo 1 >$T/events/md_cluster/mdc_recovery_start/enable
				echo 1 >$T/events/md_cluster/mdc_recovery_done/enable; echo 1 >$T/tracing_on'
		done
	fi
	must 3 "(mdc-lat $MD $((2 * SPAN)) $SPAN 0 9 >/dev/null 2>&1 &)"
	sleep 3
	on 1 "cut -d' ' -f1 /proc/uptime" >"$d/kill-up1" &
	on 2 "cut -d' ' -f1 /proc/uptime" >"$d/kill-up2" &
	wait
	"$CLUSTER" kill 3 >/dev/null
	up1=$(cat "$d/kill-up1")
	up2=$(cat "$d/kill-up2")
	resynced() {	# a survivor resynced after the kill, and both are clean
		[ -n "$(since 1 "$up1" 'md0: resync done')$(since 2 "$up2" 'md0: resync done')" ] &&
			md_clean 1 && md_clean 2
	}
	wait_until 300 "a survivor to resync node3's regions" resynced
	for n in 1 2; do
		eval "t=\$up$n"
		{
			echo "kill $t"
			echo "membership $(since "$n" "$t" 'dlm_recover [0-9]+$')"
			echo "dlm $(since "$n" "$t" 'dlm_recover .* done')"
			echo "resync_start $(since "$n" "$t" 'resync of RAID array md0' last)"
			echo "resync_done $(since "$n" "$t" 'md0: resync done' last)"
		} >"$d/kill-node$n"
		[ "$m" = stock ] || on "$n" 'cat /sys/kernel/tracing/trace' >"$d/kill-trace-node$n"
	done
	"$CLUSTER" down >/dev/null
	progress "round $r/$ROUNDS $m: done"
}

trap '"$CLUSTER" down >/dev/null 2>&1' EXIT
progress "$ROUNDS rounds of stock and ours, $WRITES writes per sample; data in $run"
for r in $(seq 1 "$ROUNDS"); do
	for m in stock ours; do
		round "$r" "$m" "$run/r$r-$m"
	done
done
trap - EXIT

kver=$(awk 'NR == 2' "$run/r1-ours/module")
out=$MDC_TOP/bench/results/$(date -u +%Y-%m-%d)-$kver
python3 "$MDC_TOP/bench/summarize.py" "$run" "$out"
"$MDC_TOP/bench/plot.sh" "$run" "$out"
cat "$out.txt"
progress "table: ${out#"$MDC_TOP"/}.txt; pictures: ${out#"$MDC_TOP"/}-*.svg"
