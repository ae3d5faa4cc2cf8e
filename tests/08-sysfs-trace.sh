#!/bin/bash
# What an administrator sees: /sys/block/md0/md/cluster/ and the md_cluster
# trace events, checked for exact values on 3 nodes through a slowed-down
# initial resync, a node kill and its recovery, and an array stop while
# the files are being read.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

case ${MDCLUSTER:-ours} in
ours | test) ;;
*) echo "skip: sysfs and trace events are our module's (MDCLUSTER=${MDCLUSTER})"; exit 77 ;;
esac

D=/sys/block/md0/md/cluster
T=/sys/kernel/tracing

sysfs() {	# node file: one value from the cluster directory
	on "$1" "cat $D/$2"
}

trace() {	# node: the node's trace buffer, our events only
	on "$1" "grep ' mdc_' $T/trace"
}

has_event() {	# node regex: the node traced a matching event
	trace "$1" | grep -c -- "$2" >/dev/null
}

someone_resyncs() {
	[ -n "$(resyncing_nodes 1 2 3)" ]
}

recoveries_are() {	# node count
	[ "$(sysfs "$1" stats/recoveries)" = "$2" ]
}

expect() {	# what got want
	[ "$2" = "$3" ] || fail "$1: got '$2', expected '$3'"
}

start_cluster 3
step "enable the md_cluster trace events on every node"
for n in 1 2 3; do
	must $n "grep -q ' $T tracefs ' /proc/mounts || mount -t tracefs nodev $T
		echo 8192 >$T/buffer_size_kb
		echo 1 >$T/events/md_cluster/enable
		echo >$T/trace"
	on $n 'echo 1000 >/proc/sys/dev/raid/speed_limit_min; echo 2000 >/proc/sys/dev/raid/speed_limit_max'
done
ev=$(on 1 "ls $T/events/md_cluster" | grep -c '^mdc_')
expect "trace events of md_cluster" "$ev" 10

step "node1 creates with the resync slowed to 2 MB/s; nodes 2 and 3 assemble"
array_up 3

step "identity: slot, slots, lockspace, cluster name, alive slots"
uuid=$(on 1 "mdadm -D $MD" | awk '$1 == "UUID" {print $3}' | tr -d :)
[ ${#uuid} -eq 32 ] || fail "no array UUID from mdadm -D"
uuid=${uuid:0:8}-${uuid:8:4}-${uuid:12:4}-${uuid:16:4}-${uuid:20:12}
declare -A slot
for n in 1 2 3; do
	slot[$n]=$(sysfs $n slot)
	logged=$(on $n dmesg | sed -n "s/.*md-cluster md0: joined lockspace $uuid as slot \([0-9]*\) of 4 (version [^)]*)$/\1/p" | tail -n 1)
	expect "node$n slot (log line: joined lockspace $uuid as slot N of 4)" "${slot[$n]}" "$logged"
	expect "node$n slots" "$(sysfs $n slots)" 4
	expect "node$n lockspace" "$(sysfs $n lockspace)" "$uuid"
	expect "node$n lockspace in dlm_tool ls" \
		"$(on $n 'dlm_tool ls' | awk '$1 == "name" {print $2}')" "$uuid"
	expect "node$n cluster_name" "$(sysfs $n cluster_name)" mdcluster
done
[ "$(printf '%s\n' "${slot[@]}" | sort -u | wc -l)" -eq 3 ] ||
	fail "slots are not distinct: ${slot[*]}"
all=$(printf '%s\n' "${slot[@]}" | sort -n | tr '\n' ' ')
all=${all% }
for n in 1 2 3; do
	expect "node$n alive_slots" "$(sysfs $n alive_slots)" "$all"
	expect "node$n recovery_pending" "$(sysfs $n recovery_pending)" ""
	expect "node$n recovery_active" "$(sysfs $n recovery_active)" none
done
note "slots node1=${slot[1]} node2=${slot[2]} node3=${slot[3]} of 4; lockspace $uuid; alive '$all'"

step "during the resync: one node holds the resync lock, peers show its window"
wait_until 30 "a node to resync" someone_resyncs
r=$(resyncing_nodes 1 2 3)
[ "$(echo "$r" | wc -w)" -eq 1 ] || fail "resyncing nodes: $r"
# A window read from the LVB at join has no message; wait for one that
# came as a RESYNCING message (one every 32 MiB, 16 s at 2 MB/s).
seen=""
deadline=$((SECONDS + 90))
while [ $SECONDS -lt $deadline ]; do
	for n in 1 2 3; do
		held=$(sysfs $n resync_lock_held)
		if [ "$n" = "$r" ]; then
			expect "node$n (resyncing) resync_lock_held" "$held" 1
			expect "node$n (resyncing) suspended" "$(sysfs $n suspended)" none
			continue
		fi
		expect "node$n resync_lock_held" "$held" 0
		read -r lo hi from <<<"$(sysfs $n suspended)"
		[ "$lo" = none ] && continue
		expect "node$n suspended: announcing slot" "$from" "${slot[$r]}"
		[ "$lo" -lt "$hi" ] || fail "node$n suspended: lo $lo not below hi $hi"
		has_event $n "mdc_peer_window: md0 slot=${slot[$r]} lo=$lo hi=$hi result=0\$" ||
			fail "node$n: no mdc_peer_window event for window $lo..$hi"
		# did the window come in as a RESYNCING message?
		has_event $n "mdc_msg_received: md0 type=RESYNCING slot=${slot[$r]} low=$lo high=$hi raid_slot=0 result=0\$" ||
			continue
		has_event "$r" "mdc_msg_sent: md0 type=RESYNCING slot=${slot[$r]} low=$lo high=$hi raid_slot=0 result=0\$" ||
			fail "node$r: no mdc_msg_sent event for window $lo..$hi"
		seen="node$n: $lo $hi $from"
	done
	[ -n "$seen" ] && break
	sleep 1
done
[ -n "$seen" ] || fail "no peer showed a suspended range during the resync"
note "node$r resyncs and holds the resync lock; $seen (with its sent, received and suspend events)"
has_event "$r" "mdc_resync_start: md0 slot=${slot[$r]} lo=0 hi=0 result=0\$" ||
	fail "node$r: no mdc_resync_start event"
has_event "$r" "mdc_lock_request: md0 token from=NL to=EX result=0 wait_us=[0-9][0-9]*\$" ||
	fail "node$r: no token NL->EX lock event"

step "resync at full speed; then every window is lifted"
for n in 1 2 3; do
	on $n 'echo 200000 >/proc/sys/dev/raid/speed_limit_max'
done
for n in 1 2 3; do
	wait_until 300 "resync done on node$n" md_clean $n
done
for n in 1 2 3; do
	expect "node$n suspended after the resync" "$(sysfs $n suspended)" none
	expect "node$n resync_lock_held after the resync" "$(sysfs $n resync_lock_held)" 0
	expect "node$n rx_rejected" "$(sysfs $n stats/rx_rejected)" 0
	expect "node$n lock_timeouts" "$(sysfs $n stats/lock_timeouts)" 0
	expect "node$n tx_failed" "$(sysfs $n stats/tx_failed)" 0
	expect "node$n recoveries" "$(sysfs $n stats/recoveries)" 0
	# counters and trace events tell the same story
	expect "node$n tx_resyncing vs mdc_msg_sent events" "$(sysfs $n stats/tx_resyncing)" \
		"$(trace $n | grep -c 'mdc_msg_sent: md0 type=RESYNCING .* result=0$' || true)"
	expect "node$n rx_resyncing vs mdc_msg_received events" "$(sysfs $n stats/rx_resyncing)" \
		"$(trace $n | grep -c 'mdc_msg_received: md0 type=RESYNCING ' || true)"
done
sent=$(sysfs "$r" stats/tx_resyncing)
[ "$sent" -ge 2 ] || fail "node$r sent $sent RESYNCING messages, expected at least 2"
age=$(sysfs "$r" stats/last_tx_ms)
[[ $age =~ ^[0-9]+$ ]] && [ "$age" -lt 600000 ] || fail "node$r last_tx_ms: '$age'"
for n in 1 2 3; do
	[ "$n" = "$r" ] && continue
	age=$(sysfs $n stats/last_rx_ms)
	[[ $age =~ ^[0-9]+$ ]] && [ "$age" -lt 600000 ] || fail "node$n last_rx_ms: '$age'"
done
note "windows lifted everywhere; node$r sent $sent RESYNCING; counters match the trace"

victim=3
survivors=(1 2)
before=()
for n in "${survivors[@]}"; do
	before[$n]=$(sysfs $n stats/recoveries)
done
scenario_kill_recover $victim "${survivors[@]}"

step "after the recovery of node$victim's slot ${slot[$victim]}"
left=$(printf '%s\n' "${slot[1]}" "${slot[2]}" | sort -n | tr '\n' ' ')
left=${left% }
for n in "${survivors[@]}"; do
	wait_until 60 "node$n recovery counter" recoveries_are $n $((before[n] + 1))
	sleep 2
	expect "node$n recoveries" "$(sysfs $n stats/recoveries)" $((before[n] + 1))
	expect "node$n alive_slots" "$(sysfs $n alive_slots)" "$left"
	expect "node$n recovery_pending" "$(sysfs $n recovery_pending)" ""
	expect "node$n recovery_active" "$(sysfs $n recovery_active)" none
	expect "node$n suspended" "$(sysfs $n suspended)" none
	expect "node$n mdc_recovery_done events for slot ${slot[$victim]}" \
		"$(trace $n | grep -c "mdc_recovery_done: md0 slot=${slot[$victim]} .* result=0\$" || true)" 1
	expect "node$n mdc_recovery_queued events for slot ${slot[$victim]}" \
		"$(trace $n | grep -c "mdc_recovery_queued: md0 slot=${slot[$victim]} lo=0 hi=0 result=0\$" || true)" 1
done
note "each survivor: recoveries +1, alive '$left', nothing pending, no window"

step "node2 stops the array while its cluster files are being read"
on 2 "setsid sh -c 'while :; do cat $D/* $D/stats/* >/dev/null 2>&1; done' </dev/null >/dev/null 2>&1 & echo \$! >/tmp/reader.pid"
sleep 2
t=$SECONDS
on 2 "timeout 120 mdadm --stop $MD" >/dev/null 2>&1 || fail "node2: mdadm --stop failed or hung"
on 2 "test ! -e $D" || fail "node2: $D still there after the stop"
note "stopped in $((SECONDS - t))s with a reader running; $D is gone"
assemble_array 2 >/dev/null
on 2 "kill \$(cat /tmp/reader.pid)" || true
expect "node2 slot after re-assembly" "$(sysfs 2 slots)" 4
[ -n "$(sysfs 2 slot)" ] || fail "node2: no slot after re-assembly"
wait_until 120 "node2 clean after re-assembly" md_clean 2
expect "node2 recoveries after re-assembly (fresh state)" "$(sysfs 2 stats/recoveries)" 0
slot[2]=$(sysfs 2 slot)
left=$(printf '%s\n' "${slot[1]}" "${slot[2]}" | sort -n | tr '\n' ' ')
expect "node1 alive_slots after node2 is back (slot ${slot[2]})" "$(sysfs 1 alive_slots)" "${left% }"
step "passed"
