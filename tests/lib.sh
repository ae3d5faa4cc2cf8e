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

# A clustered RAID1 over the first two shared disks, as the README shows it.
MD=/dev/md0
MEMBERS="/dev/vda /dev/vdb"

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
	! on "$1" 'cat /proc/mdstat' | grep -Eq 'resync|recovery|PENDING|REMOTE|DELAYED|check'
}

md_clean() {	# node: array active with every member in sync
	on "$1" "cat /proc/mdstat" | grep -Eq '\[U+\]' && md_idle "$1"
}

md_events() {	# node: the array's event count as that node sees it
	on "$1" "mdadm -D $MD" | awk '/Events :/ {print $3}'
}

create_array() {	# node extra-mdadm-args...
	local n=$1
	shift
	must "$n" "mdadm --create $MD --bitmap=clustered --nodes=4 --level=1 --raid-devices=2 \
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
