# shellcheck shell=bash
# Helpers for the demo and the scenario tests: sourced, never run.
#
# Every wait is bounded; a failed step prints why and the tail of every
# running guest's console and kernel log, then exits non-zero.

MDC_TOP=${MDC_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
. "$MDC_TOP/scripts/versions.sh"
CLUSTER=$MDC_TOP/scripts/cluster
MDC_CLUSTER_DIR=${MDC_CLUSTER_DIR:-$MDC_BUILD/cluster}
export MDC_CLUSTER_DIR
T0=${T0:-$SECONDS}
# Under set -e a failing command ends a test; say which one.
set -o errtrace
trap 'echo "FAILED: ${BASH_SOURCE[0]:-$0}:$LINENO: $BASH_COMMAND (exit $?)" >&2' ERR

# A clustered RAID1 over the first two shared disks, as the README shows it.
MD=/dev/md0
MEMBERS=${MEMBERS:-"/dev/vda /dev/vdb"}
RAID_ARGS=${RAID_ARGS:-"--level=1 --raid-devices=2"}
# members that must hold the same data: "devA devB" pairs, comma separated
MIRROR_PAIRS=${MIRROR_PAIRS:-"/dev/vda /dev/vdb"}

step() {
	printf '[%5ds] %s\n' $((SECONDS - T0)) "$*"
}

note() {
	printf '         %s\n' "$*"
}

dump_logs() {
	local n f
	for f in "$MDC_CLUSTER_DIR"/node*.log; do
		[ -f "$f" ] || continue
		n=${f##*/node}
		n=${n%.log}
		echo "----- node$n console (tail) -----"
		tail -n 15 "$f"
		echo "----- node$n kernel log (tail) -----"
		"$CLUSTER" exec "$n" 'dmesg | tail -n 25' </dev/null 2>/dev/null || echo "(node$n not answering)"
	done
}

fail() {
	echo "FAILED: $*" >&2
	dump_logs >&2
	exit 1
}

on() {	# node cmd: run on a guest, stdin closed
	local n=$1
	shift
	"$CLUSTER" exec "$n" "$@" </dev/null
}

must() {	# node cmd: run on a guest, fail the step if it fails
	local n=$1 out
	shift
	out=$(on "$n" "$@" 2>&1) || fail "node$n: '$*' failed: $out"
	[ -z "$out" ] || printf '%s\n' "$out"
}

wait_until() {	# seconds description cmd...: poll until cmd succeeds
	local limit=$1 what=$2 deadline
	shift 2
	deadline=$((SECONDS + limit))
	until "$@" >/dev/null 2>&1; do
		[ $SECONDS -lt $deadline ] || fail "timed out after ${limit}s waiting for $what"
		sleep 1
	done
}

md_idle() {	# node: no resync, recovery or pending resync on any array
	! on "$1" 'cat /proc/mdstat' | grep -E 'resync|recovery|PENDING|REMOTE|DELAYED|check' >/dev/null
}

md_clean() {	# node: array active with every member in sync
	on "$1" "cat /proc/mdstat" | grep -E '\[U+\]' >/dev/null && md_idle "$1"
}

# node: every member in sync and nothing syncing, where an array that has
# not been written since it was assembled may keep md's "resync=PENDING":
# a peer was writing, so the superblock said "active", and md resyncs (its
# own bitmap's dirty chunks only) at the first write, leaving auto-read-only.
# Under pacemaker the agent assembles and may never write.
md_settled() {
	local st
	st=$(on "$1" 'cat /proc/mdstat') || return 1
	echo "$st" | grep -E '\[U+\]' >/dev/null || return 1
	if echo "$st" | grep 'auto-read-only' >/dev/null; then
		! echo "$st" | grep -E 'resync *=|recovery *=|reshape *=|check *=|REMOTE|DELAYED' |
			grep -v 'resync=PENDING' >/dev/null
		return
	fi
	md_idle "$1"
}

md_events() {	# node: the array's event count as that node sees it
	on "$1" "mdadm -D $MD" | awk '/Events :/ {print $3}'
}

md_detail() {	# node field: the value of a "Field : value" line of mdadm -D
	on "$1" "mdadm -D $MD" | sed -n "s/^ *$2 : //p"
}

md_layout() {	# node total spares: device counts as mdadm -D shows them
	[ "$(md_detail "$1" 'Total Devices')" = "$2" ] &&
		[ "$(md_detail "$1" 'Spare Devices')" = "$3" ]
}

md_sectors() {	# node: the array's capacity in 512-byte sectors
	on "$1" 'cat /sys/block/md0/size'
}

md_all_sized() {	# sectors nodes...: every one of them has that capacity
	local want=$1 n
	shift
	for n in "$@"; do
		[ "$(md_sectors "$n")" = "$want" ] || return 1
	done
}

create_array() {	# node extra-mdadm-args...
	local n=$1
	shift
	must "$n" "mdadm --create $MD --bitmap=clustered --nodes=4 $RAID_ARGS \
		--metadata=1.2 --run --force $* $MEMBERS"
}

assemble_array() {
	must "$1" "mdadm --assemble $MD $MEMBERS"
}

# Lines the md-cluster module logged on a node: both our module and the
# distribution's prefix their messages with "md-cluster".
cluster_log() {
	on "$1" 'dmesg' | grep -i 'md-cluster\|md: .*resync\|md: md.*done'
}

# --- scenario building blocks, shared by the tests and the mixed-cluster runs

start_cluster() {	# nodes: boot a fresh cluster, torn down when the test exits
	trap '"$CLUSTER" down' EXIT
	"$CLUSTER" up "${1:-3}" >/dev/null || fail "cluster did not come up"
	step "cluster up: $(for n in $(seq 1 "${1:-3}"); do printf 'node%s=%s ' "$n" \
		"$(cat "$MDC_CLUSTER_DIR/node$n.module")"; done)"
	[ -z "${MDC_KERNEL:-}" ] || note "kernels: $(for n in $(seq 1 "${1:-3}"); do
		printf 'node%s=%s ' "$n" "$(node_kernel "$n")"; done)"
}

# The kernel a node runs, as the guest reports it.
node_kernel() {	# node
	on "$1" 'uname -r'
}

# Boot a stopped or killed node again, optionally on another kernel or
# module (scripts/cluster start's options: --kernel K, --module M), and
# check that it runs the kernel asked for.
restart_node() {	# node [--kernel K] [--module M]
	local n=$1 want
	"$CLUSTER" start "$@" >/dev/null || fail "node$n did not boot again"
	# Joining a lockspace before every dlm_controld has seen the node
	# return can leave the join waiting for good (dlm_controld's
	# "find_change ... no match").
	"$CLUSTER" wait-members >/dev/null || fail "node$n did not rejoin the membership"
	want=$(cat "$MDC_CLUSTER_DIR/node$n.kernel")
	[ "$(node_kernel "$n")" = "$want" ] || fail "node$n runs $(node_kernel "$n"), not $want"
}

# The same on the test build of the module (debugfs injector); a scenario
# that needs it is skipped when there is none.
start_test_cluster() {	# nodes
	# With MDC_KERNEL, scripts/cluster builds what its kernels lack.
	if [ -z "${MDC_KERNEL:-}" ] && [ ! -f "$MDC_BUILD/test/md-cluster.ko" ]; then
		echo "skip: no test build of the module (MDC_TEST=1 scripts/build-module.sh)"
		exit 77
	fi
	MDCLUSTER=test start_cluster "$1"
}

# Create the array on node 1 with these extra mdadm --create arguments and
# assemble it on nodes 2 to N.
array_up() {	# nodes [create-args...]
	local nodes=$1 n
	shift
	create_array 1 "$@" >/dev/null
	for n in $(seq 2 "$nodes"); do
		assemble_array "$n" >/dev/null
	done
}

# A fresh cluster of N nodes (--test: on the test build of the module) with
# the array created --assume-clean, plus any other mdadm --create
# arguments, and assembled on all.
start_clean_array() {	# [--test] nodes [create-args...]
	local boot=start_cluster nodes
	if [ "$1" = --test ]; then
		boot=start_test_cluster
		shift
	fi
	nodes=$1
	shift
	$boot "$nodes"
	array_up "$nodes" --assume-clean "$@"
}

# The node's assemble must fail within a minute and leave no array running.
expect_refused_assemble() {	# node
	local t=$SECONDS took
	if on "$1" "timeout 120 mdadm --assemble $MD $MEMBERS" >/dev/null 2>&1; then
		fail "node$1 assembled the array"
	fi
	took=$((SECONDS - t))
	[ $took -le 60 ] || fail "refusal took ${took}s"
	if on "$1" 'cat /proc/mdstat' | grep -q '^md0 : active'; then
		fail "md0 runs on node$1"
	fi
	echo "$took"
}

resyncing_nodes() {	# nodes...: which of them run a resync locally right now
	local n
	for n in "$@"; do
		on "$n" 'cat /proc/mdstat' | grep -q 'resync = ' && echo "$n"
	done
	return 0
}

same_events() {	# nodes...: every node reports the same event count
	local n first="" e
	for n in "$@"; do
		e=$(md_events "$n")
		[ -n "$e" ] || return 1
		[ -z "$first" ] && first=$e
		[ "$e" = "$first" ] || return 1
	done
}

# Create on node 1 with the resync slowed down, assemble on the others, and
# check that exactly one node resyncs while the others wait for it.
scenario_create_assemble() {
	local nodes=("$@") n r seen_remote=""
	step "node${nodes[0]}: create with resync limited to 20 MB/s; others assemble"
	on "${nodes[0]}" 'echo 20000 >/proc/sys/dev/raid/speed_limit_max'
	create_array "${nodes[0]}" >/dev/null
	for n in "${nodes[@]:1}"; do
		assemble_array "$n" >/dev/null
	done
	for _ in 1 2 3 4 5; do
		r=$(resyncing_nodes "${nodes[@]}" | tr '\n' ' ')
		if [ "$(echo "$r" | wc -w)" -gt 1 ]; then
			# Nodes are read one after the other, so one round can
			# catch a hand-over: one node's resync ends, the next
			# node's starts.  Two at once is an overlap only if they
			# still both run when read again in the other order.
			# shellcheck disable=SC2046
			r=$(resyncing_nodes $(printf '%s\n' $r | tac) | tr '\n' ' ')
			[ "$(echo "$r" | wc -w)" -le 1 ] || fail "more than one node resyncs: $r"
		fi
		for n in "${nodes[@]}"; do
			[ "$n" = "${r% }" ] && continue
			on "$n" 'cat /proc/mdstat' | grep -Eq 'resync=(REMOTE|PENDING)' && seen_remote=1
		done
		sleep 1
	done
	[ -n "$seen_remote" ] || fail "no peer showed the resync as REMOTE or PENDING"
	note "one node resyncs (node ${r:-?}), peers show it remote/pending"
	for n in "${nodes[@]}"; do
		on "$n" 'echo 200000 >/proc/sys/dev/raid/speed_limit_max'
	done
	for n in "${nodes[@]}"; do
		wait_until 300 "resync done on node$n" md_clean "$n"
	done
	wait_until 30 "equal event counts" same_events "${nodes[@]}"
	note "all [UU], events $(for n in "${nodes[@]}"; do md_events "$n"; done | tr '\n' ' ')"
}

# Every node fills its own region at the same time, then every node reads
# every region back with O_DIRECT.
scenario_concurrent_writers() {
	local nodes=("$@") n m pids=() rc=0
	step "concurrent writers: nodes ${nodes[*]} fill disjoint regions"
	for n in "${nodes[@]}"; do
		on "$n" "mdc-io fill $MD w$n $((n * 400)) 300" >"$MDC_CLUSTER_DIR/w$n.out" 2>&1 &
		pids+=($!)
	done
	for n in "${pids[@]}"; do
		wait "$n" || rc=1
	done
	[ $rc -eq 0 ] || fail "a writer failed: $(cat "$MDC_CLUSTER_DIR"/w*.out)"
	for n in "${nodes[@]}"; do
		for m in "${nodes[@]}"; do
			on "$n" "mdc-io verify $MD w$m $((m * 400)) 300" >/dev/null 2>&1 ||
				fail "node$n reads wrong data in node$m's region"
		done
	done
	note "each of ${#nodes[@]} nodes read back all ${#nodes[@]} regions"
}

# Kill a node while it writes; a survivor recovers its bitmap slot and
# resyncs; every acknowledged write reads back and the members are equal.
scenario_kill_recover() {
	local victim=$1 n
	shift
	local survivors=("$@") acked writer deadline
	step "node$victim writes record by record; power cut after 30 acknowledged writes"
	# The file exists before the writer does: the poll below must not
	# read a missing file as "no count".
	: >"$MDC_CLUSTER_DIR/k$victim.acked"
	"$CLUSTER" exec "$victim" "mdc-io write $MD k$victim 2000 1500" </dev/null \
		>>"$MDC_CLUSTER_DIR/k$victim.acked" 2>&1 &
	writer=$!
	deadline=$((SECONDS + 120))
	while [ "$(grep -c '^ok' "$MDC_CLUSTER_DIR/k$victim.acked" || true)" -lt 30 ]; do
		[ $SECONDS -lt $deadline ] || fail "node$victim acknowledged too few writes"
		kill -0 "$writer" 2>/dev/null || fail "writer on node$victim ended early: $(tail -n 3 "$MDC_CLUSTER_DIR/k$victim.acked")"
		sleep 0.5
	done
	"$CLUSTER" kill "$victim"
	wait "$writer" 2>/dev/null || true
	acked=$(grep -c '^ok' "$MDC_CLUSTER_DIR/k$victim.acked" || true)
	[ "$acked" -ge 30 ] || fail "only $acked acknowledged writes recorded for node$victim"
	note "node$victim killed after $acked acknowledged writes"
	recovered() {
		local s
		for s in "${survivors[@]}"; do
			cluster_log "$s" | grep -Eqi 'recover|down' && return 0
		done
		return 1
	}
	wait_until 120 "a survivor to log the recovery of node$victim's slot" recovered
	for n in "${survivors[@]}"; do
		wait_until 300 "node$n idle after recovery" md_idle "$n"
	done
	grep '^ok' "$MDC_CLUSTER_DIR/k$victim.acked" | awk '{print $2}' >"$MDC_CLUSTER_DIR/k$victim.list"
	for n in "${survivors[@]}"; do
		"$CLUSTER" exec "$n" "mdc-io verify-list $MD k$victim" \
			<"$MDC_CLUSTER_DIR/k$victim.list" >/dev/null 2>&1 ||
			fail "node$n: acknowledged writes of node$victim lost"
	done
	local pair
	while read -r pair; do
		[ -n "$pair" ] || continue
		must "${survivors[0]}" "mdc-io members-equal $pair" >/dev/null
	done <<<"$(echo "$MIRROR_PAIRS" | tr ',' '\n')"
	note "$acked acknowledged writes intact on nodes ${survivors[*]}; members identical"
}

# --- kernels and rolling upgrades (tests/20, tests/matrix/rolling-upgrade.sh)

# Our module on these nodes keeps the start of a sync to itself
# (legacy_peers, deprecated: peers=legacy): never announce the start.
legacy_peers_on() {	# nodes...
	local n
	for n in "$@"; do
		must "$n" 'modprobe md-cluster && echo 1 >/sys/module/md_cluster/parameters/legacy_peers'
	done
}

legacy_peers_off() {	# nodes...: those running ours; stock nodes are skipped
	local n
	for n in "$@"; do
		on "$n" '[ -e /sys/module/md_cluster/parameters/legacy_peers ]' || continue
		must "$n" 'echo 0 >/sys/module/md_cluster/parameters/legacy_peers'
	done
}

# A repair on @node, long enough for md to announce it, then stopped.
short_repair() {	# node
	on "$1" 'echo 1000 >/proc/sys/dev/raid/speed_limit_max'
	must "$1" 'echo repair >/sys/block/md0/md/sync_action'
	wait_until 30 "a sync running on node$1" md_syncing "$1"
	sleep 2
	must "$1" 'echo idle >/sys/block/md0/md/sync_action'
	on "$1" 'echo 200000 >/proc/sys/dev/raid/speed_limit_max'
	wait_until 60 "the sync on node$1 to stop" md_not_syncing "$1"
}

# Run a sync on @syncer (cmd...) and check that its start was announced:
# sent by @syncer and received by @receiver.
expect_start_announced() {	# syncer receiver cmd...
	local s=$1 r=$2 tx rx
	shift 2
	tx=$(cluster_stat "$s" tx_resyncing_start)
	rx=$(cluster_stat "$r" rx_resyncing_start)
	"$@"
	[ "$(cluster_stat "$s" tx_resyncing_start)" -gt "$tx" ] ||
		fail "node$s did not announce its sync start"
	[ "$(cluster_stat "$r" rx_resyncing_start)" -gt "$rx" ] ||
		fail "node$r received no RESYNCING_START from node$s"
}

# Run a sync on @syncer (cmd...) and check that its start was withheld.
expect_start_withheld() {	# syncer cmd...
	local s=$1 tx wh
	shift
	tx=$(cluster_stat "$s" tx_resyncing_start)
	wh=$(cluster_stat "$s" tx_resyncing_start_withheld)
	"$@"
	[ "$(cluster_stat "$s" tx_resyncing_start)" = "$tx" ] ||
		fail "node$s announced a sync start it must withhold"
	[ "$(cluster_stat "$s" tx_resyncing_start_withheld)" -gt "$wh" ] ||
		fail "node$s withheld nothing: md started no sync there"
}

peers_mode() {	# node: "setting in-force" of cluster/peers_mode (ours only)
	on "$1" 'cat /sys/block/md0/md/cluster/peers_mode'
}

peers_mode_is() {	# node want
	[ "$(peers_mode "$1")" = "$2" ]
}

# The slot a node holds.  Ours says so in sysfs; for a stock node, ask a
# node of ours (@via) for the alive slot that no node in @others holds.
node_slot() {	# node [via others...]
	local n=$1 via=${2:-} s o
	if [ -z "$via" ]; then
		on "$n" 'cat /sys/block/md0/md/cluster/slot'
		return
	fi
	shift 2
	for s in $(on "$via" 'cat /sys/block/md0/md/cluster/alive_slots'); do
		for o in "$via" "$@"; do
			[ "$(node_slot "$o")" = "$s" ] && continue 2
		done
		echo "$s"
		return
	done
}

peer_kind_is() {	# node slot kind: cluster/peers lists slot with that kind
	on "$1" 'cat /sys/block/md0/md/cluster/peers' |
		awk -v s="$2" -v k="$3" '$1 == s && $2 == k { f = 1 } END { exit !f }'
}

cluster_stat() {	# node name: a counter of /sys/block/md0/md/cluster/stats
	on "$1" "cat /sys/block/md0/md/cluster/stats/$2"
}

md_syncing() {	# node: a resync, check or recovery runs there now
	on "$1" 'cat /proc/mdstat' | grep -Eq '(resync|check|recovery) *='
}

# The disk is open by nothing there (md holds its members as holders).
md_released() {	# node dev
	[ -z "$(on "$1" "ls /sys/block/$2/holders/")" ]
}

# A 3-node cluster whose peers are read-only until their first write
# (md_mod.start_ro=1, as Debian's initramfs assembles; under pacemaker a
# node that never wrote stays so): node 1 creates and writes records r1
# 0..49, nodes 2 and 3 assemble and stay active (auto-read-only).
start_auto_read_peers() {
	local n
	start_cluster 3
	create_array 1 --assume-clean >/dev/null
	for n in 2 3; do
		must "$n" 'echo 1 >/sys/module/md_mod/parameters/start_ro'
		assemble_array "$n" >/dev/null
	done
	must 1 "mdc-io fill $MD r1 0 50" >/dev/null
	for n in 2 3; do
		on "$n" 'cat /proc/mdstat' | grep 'active (auto-read-only)' >/dev/null ||
			fail "node$n: md0 is not auto-read-only: $(on "$n" 'cat /proc/mdstat' | grep '^md0')"
	done
	note "nodes 2 and 3: md0 active (auto-read-only)"
}

md_member_faulty() {	# node dev: that node's md lists dev as faulty
	on "$1" 'cat /proc/mdstat' | grep -Eq "$2\[[0-9]+\]\(F\)"
}

# A sync starts on @syncer (a repair pass, slowed so it lasts: md announces
# it with RESYNCING_START where the kernel has it), then /dev/vdb fails
# there during the sync: every other node must list it as faulty within
# 30 s.  Then it is removed and re-added there and every node waits until
# the array is clean.
scenario_sync_then_fail() {	# syncer others...
	local s=$1 n t
	shift
	step "node$s: repair pass, then mdadm --fail /dev/vdb during it"
	on "$s" 'echo 1000 >/proc/sys/dev/raid/speed_limit_max'
	must "$s" 'echo repair >/sys/block/md0/md/sync_action'
	wait_until 30 "a sync running on node$s" md_syncing "$s"
	t=$SECONDS
	must "$s" "mdadm --manage $MD --fail /dev/vdb" >/dev/null
	for n in "$@"; do
		wait_until 30 "node$n to list /dev/vdb as faulty" md_member_faulty "$n" vdb
	done
	note "node$s's --fail reached nodes $* within $((SECONDS - t)) s"
	on "$s" 'echo 200000 >/proc/sys/dev/raid/speed_limit_max'
	wait_until 60 "the sync on node$s to stop" md_not_syncing "$s"
	must "$s" "mdadm --manage $MD --remove /dev/vdb" >/dev/null
	must "$s" "mdadm --manage $MD --re-add /dev/vdb" >/dev/null
	for n in "$s" "$@"; do
		wait_until 300 "node$n clean after the re-add" md_clean "$n"
	done
	note "/dev/vdb re-added; every node [UU]"
}

md_not_syncing() {	# node
	! md_syncing "$1"
}

# --- the debian guest flavour under pacemaker (tests/ha/)

# Boot a fresh cluster of that flavour, building its image if there is none.
ha_start_cluster() {	# nodes
	export MDC_GUEST=debian
	[ -f "$MDC_BUILD/debian/base.qcow2" ] || "$MDC_TOP/scripts/mkroot.sh"
	start_cluster "$1"
}

# Node 1's fencer reports the node's reboot (fence) done.
ha_fenced() {	# node
	on 1 "stonith_admin --history node$1" | grep -E "reboot of node$1 .*successful" >/dev/null
}

# When pacemaker's fence of the node completed, in node 1's clock (0: never).
ha_fence_done_at() {	# node
	on 1 "journalctl -o short-unix --no-pager -u pacemaker" |
		awk -v n="node$1" '$0 ~ "Operation .reboot. targeting " n ".*OK" {t = int($1)} END {print t + 0}'
}

# A killed node boots again; pacemaker starts the array there: every node
# online, the clone on all, each passing the check (md_clean, or md_settled
# where a node may not have written), the same event count everywhere.
ha_rejoin() {	# node check
	restart_node "$1"
	wait_until 300 "pacemaker online on nodes 1 2 3" ha_settled 1 2 3
	wait_until 300 "cl-md0 on nodes 1 2 3" ha_clone_on cl-md0 1 2 3
	local n
	for n in 1 2 3; do
		wait_until 300 "node$n: $2" "$2" "$n"
	done
	wait_until 60 "equal event counts" same_events 1 2 3
}

# Load one of ha/*.crm into the CIB from node 1.
ha_load() {	# file
	"$CLUSTER" exec 1 "cat >/tmp/$(basename "$1")" <"$1" ||
		fail "cannot copy $1 to node1"
	must 1 "crm configure load update /tmp/$(basename "$1")" >/dev/null
}

# The nodes where the clone's instance is Started (not Starting, not
# failed), from crm_mon's XML.
ha_started_on() {	# clone
	on 1 'crm_mon -1 --output-as=xml' 2>/dev/null | awk -v clone="$1" '
		/<clone / { inclone = index($0, "id=\"" clone "\"") > 0 }
		/<\/clone>/ { inclone = 0 }
		inclone && /<resource / {
			ok = index($0, "role=\"Started\"") && index($0, "failed=\"false\"")
		}
		inclone && ok && /<node / {
			if (match($0, /name="[^"]*"/)) print substr($0, RSTART + 6, RLENGTH - 7)
		}'
}

# The clone's instance is started on each of these nodes.
ha_clone_on() {	# clone nodes...
	local clone=$1 n where
	shift
	where=$(ha_started_on "$clone") || return 1
	for n in "$@"; do
		grep -qx "node$n" <<<"$where" || return 1
	done
}

# Pacemaker's view is complete: every node online, no failed action.
ha_settled() {	# nodes...
	local out n
	out=$(on 1 'crm_mon -1 -r') || return 1
	for n in "$@"; do
		grep -Eq "Online:.*\bnode$n\b" <<<"$out" || return 1
	done
	! grep -q 'Failed Resource Actions' <<<"$out"
}

# Cold start as the admin guide shows it: fencing and the DLM clone, then
# the array created on node 1 outside pacemaker, named in every node's
# mdadm.conf, stopped, and handed to pacemaker as an mdraid clone.
ha_array_up() {	# nodes...
	local n uuid
	wait_until 180 "pacemaker online on nodes $*" ha_settled "$@"
	ha_load "$MDC_TOP/ha/base.crm"
	wait_until 240 "cl-dlm on nodes $*" ha_clone_on cl-dlm "$@"
	"$CLUSTER" wait-members >/dev/null || fail "DLM membership incomplete"
	create_array 1 >/dev/null
	uuid=$(md_detail 1 UUID)
	[ -n "$uuid" ] || fail "no UUID for $MD on node1"
	for n in "$@"; do
		must "$n" "echo 'ARRAY $MD metadata=1.2 UUID=$uuid' >/etc/mdadm/mdadm.conf"
	done
	must 1 "mdadm --stop $MD" >/dev/null
	ha_load "$MDC_TOP/ha/md0.crm"
	wait_until 300 "cl-md0 on nodes $*" ha_clone_on cl-md0 "$@"
	note "crm_mon: $(on 1 'crm_mon -1 -r' | grep -E 'Started|Stopped|FAILED' | sed 's/^ *//' | paste -sd';' -)"
}
