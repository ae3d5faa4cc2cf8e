#!/bin/bash
# make check: the module's gates, its KUnit suites, then every scenario
# under tests/ against a real qemu cluster.  Ends with "N passed, N failed,
# N skipped".  A scenario exits 0 (pass), 77 (skip, with its reason on the
# last line) or anything else (fail).
#
#   MDC_SUITE=full (make check-full)
#                                also the scenarios marked "# Suite: full"
#                                and mdadm's tests (see the README)
#   MDCLUSTER=stock make check   runs the scenarios on the distribution's
#                                module (the gates and KUnit are ours)
#   TESTS="01 03" make check     only the scenarios whose names start so,
#                                of either suite ("conformance" selects
#                                mdadm's tests)
#   MDC_RETRY=0                  do not retry a failed scenario (default:
#                                one retry, see scripts/runner.sh)
#   MDC_QEMU_LOCK=/tmp/x.lock    take this flock around each scenario, so
#                                that several checkouts can share a machine
#                                (the time reported excludes the wait)
#
# KUnit's UML kernel builds in the background, at the lowest priority,
# while the scenarios run: cold, it is the longest step before them, and
# the guests leave a core idle for much of each scenario.  Its result is
# reported after theirs, with kunit.py's own elapsed time.
set -uo pipefail
. "$(dirname "$0")/versions.sh"
. "$(dirname "$0")/runner.sh"

logdir=$MDC_BUILD/check
suite=${MDC_SUITE:-check}
case $suite in check | full) ;; *) echo "MDC_SUITE: check or full, not $suite" >&2; exit 2 ;; esac
not_run=()

# In this run?  TESTS picks from both suites; without it, make check runs
# the scenarios not marked "# Suite: full" and make check-full all of them.
wanted() {	# name [file]
	selected "$1" || return 1
	[ -z "${TESTS:-}" ] && [ "$suite" = check ] || return 0
	if [ "$1" = conformance ] || grep -x '# Suite: full' "$2" >/dev/null; then
		not_run+=("$1")
		return 1
	fi
}
rm -rf "$logdir"
mkdir -p "$logdir"
passed=0 failed=0 skipped=0
failures=() flaky=()
t_all=$SECONDS

record() {	# name status seconds [log]
	case $2 in
	0) passed=$((passed + 1)); printf 'PASS  %-36s %4ss\n' "$1" "$3" ;;
	77) skipped=$((skipped + 1)); printf 'SKIP  %-36s %4ss  %s\n' "$1" "$3" "$(tail -n 1 "$logdir/$1.log")" ;;
	*) failed=$((failed + 1)); failures+=("$1"); printf 'FAIL  %-36s %4ss  (%s)\n' "$1" "$3" "${4:-$logdir/$1.log}" ;;
	esac
}

run() {	# name cmd...: run one test with its own log
	local name=$1 t=$SECONDS rc
	shift
	"$@" >"$logdir/$name.log" 2>&1
	rc=$?
	record "$name" "$rc" $((SECONDS - t))
	return 0
}

echo "== gates: W=1, sparse, checkpatch --strict"
run module-gates "$MDC_TOP/scripts/build-module.sh" --check
run doc-check "$MDC_TOP/scripts/doc-check.sh"
# The production module is what the image carries; rebuild it after the gates.
"$MDC_TOP/scripts/build-module.sh" >/dev/null 2>&1 || { echo "module build failed"; exit 1; }
MDC_TEST=1 "$MDC_TOP/scripts/build-module.sh" >"$logdir/test-module.log" 2>&1 ||
	{ echo "test module build failed"; cat "$logdir/test-module.log"; exit 1; }
"$MDC_TOP/scripts/mkimage.sh" >/dev/null || { echo "image build failed"; exit 1; }

bg_pids=()
niced() {	# log cmd...: run in the background, its PID in bg_pid
	local log=$1
	shift
	# Its own session, so that an interrupted check stops the whole job.
	# A new session is a new scheduler autogroup where the kernel groups
	# tasks by session: nice only orders tasks inside one, so the group
	# itself is niced, or a build would take half the CPU from the guests.
	# shellcheck disable=SC2016
	setsid sh -c 'echo 19 >/proc/self/autogroup 2>/dev/null; exec "$@"' niced \
		"$@" >"$log" 2>&1 &
	bg_pid=$!
	bg_pids+=("$bg_pid")
}
stop_background() {
	local p
	for p in "${bg_pids[@]}"; do kill -- -"$p" 2>/dev/null; done
}
trap stop_background EXIT

t_kunit=$SECONDS
niced "$logdir/kunit.log" "$MDC_TOP/scripts/kunit.sh"
kunit_pid=$bg_pid

# Scenarios that boot no guest say so in their header ("# Boots no
# guest."): they only build and compare, so they run beside KUnit.
host_only=() host_pids=() with_guests=()
for t in "$MDC_TOP"/tests/[0-9]*.sh; do
	name=$(basename "$t" .sh)
	wanted "$name" "$t" || continue
	if ! grep -x '# Boots no guest\.' "$t" >/dev/null; then
		with_guests+=("$t")
		continue
	fi
	# shellcheck disable=SC2016
	niced "$logdir/$name.log" bash -c 't0=$SECONDS; "$1"; rc=$?; echo "$((SECONDS - t0))" >"$2"; exit $rc' \
		"$name" "$t" "$logdir/$name.seconds"
	host_only+=("$name")
	host_pids+=("$bg_pid")
done

echo "== scenarios (md-cluster: ${MDCLUSTER:-ours})"
for t in "${with_guests[@]}"; do
	name=$(basename "$t" .sh)
	qemu_lock
	t0=$SECONDS
	"$t" >"$logdir/$name.log" 2>&1
	rc=$?
	"$MDC_TOP/scripts/cluster" down >/dev/null 2>&1
	if retry_wanted "$rc"; then
		printf 'RETRY %-36s %4ss  (%s)\n' "$name" $((SECONDS - t0)) \
			"$(keep_first_try "$logdir/$name.log")"
		t0=$SECONDS
		"$t" >"$logdir/$name.log" 2>&1
		rc=$?
		"$MDC_TOP/scripts/cluster" down >/dev/null 2>&1
		[ "$rc" = 0 ] && flaky+=("$name")
	fi
	record "$name" "$rc" $((SECONDS - t0))
	qemu_unlock
done

# mdadm's own cluster tests, mdadm 4.4 on our module (scripts/conformance.sh;
# `make conformance` runs the whole matrix).  Each of its tests counts.
if wanted conformance; then
	conf_mod=ours
	case ${MDCLUSTER:-ours} in stock | test) conf_mod=$MDCLUSTER ;; esac
	echo "== conformance: mdadm 4.4's clustermd_tests (md-cluster: $conf_mod)"
	qemu_lock
	t0=$SECONDS
	"$MDC_TOP/scripts/conformance.sh" --mdadm 4.4 --module "$conf_mod" >"$logdir/conformance.log" 2>&1
	qemu_unlock
	conf=$MDC_BUILD/conformance/results.tsv
	if [ -s "$conf" ]; then
		while IFS=$'\t' read -r cname _ _ cstatus csec; do
			case $cstatus in
			pass) cstatus=0 ;;
			flaky) cstatus=0; flaky+=("conformance/$cname") ;;
			esac
			record "conformance/$cname" "$cstatus" "$csec" \
				"$MDC_BUILD/conformance/logs/4.4-$conf_mod/$cname.log"
		done <"$conf"
	else
		record conformance 1 $((SECONDS - t0)) "$logdir/conformance.log"
	fi
fi

if [ ${#host_only[@]} -gt 0 ]; then
	echo "== scenarios without guests (run during the others)"
	for i in "${!host_only[@]}"; do
		wait "${host_pids[$i]}"
		record "${host_only[$i]}" $? "$(cat "$logdir/${host_only[$i]}.seconds" 2>/dev/null || echo '?')"
	done
fi

echo "== KUnit (UML kernel from linux-source-6.12, built during the scenarios)"
wait "$kunit_pid"
rc=$?
trap - EXIT
line=$(grep -Eo 'kunit: [0-9]+ passed, [0-9]+ failed' "$logdir/kunit.log" | tail -n 1)
if [ -n "$line" ]; then
	kp=$(echo "$line" | awk '{print $2}')
	kf=$(echo "$line" | awk '{print $4}')
	passed=$((passed + kp))
	failed=$((failed + kf))
	[ "$kf" -gt 0 ] && failures+=(kunit)
	# kunit.py's "Elapsed time: N.NNNs total": build and run, not our wait
	ksec=$(grep -Eo 'Elapsed time: [0-9]+' "$logdir/kunit.log" | tail -n 1 | grep -Eo '[0-9]+$')
	printf '%s  %-36s %4ss  %s\n' "$([ "$rc" = 0 ] && echo PASS || echo FAIL)" kunit \
		"${ksec:-$((SECONDS - t_kunit))}" "$line"
fi
if [ "$rc" != 0 ] && { [ -z "$line" ] || [ "${kf:-0}" -eq 0 ]; }; then
	# A build error or a crashed test kernel counts as one failure.
	record kunit 1 $((SECONDS - t_kunit))
fi

# Why each failure failed, in a line, where a CI log shows only its tail:
# the harness's ERROR line for mdadm's tests, else the log's last line.
why() {	# name
	local log=$logdir/$1.log line
	case $1 in conformance/*) log=$MDC_BUILD/conformance/logs/4.4-$conf_mod/${1#conformance/}.log ;; esac
	line=$(grep -a 'ERROR:' "$log" 2>/dev/null | tail -n 1)
	[ -n "$line" ] || line=$(grep -a -v '^[[:space:]]*$' "$log" 2>/dev/null | tail -n 1)
	printf '  %s: %.200s\n' "$1" "$(echo "${line:-no log}" | tr -d '\r' | sed 's/^[[:space:]]*//')"
}

echo "== $((SECONDS - t_all))s in all; logs in $logdir"
[ ${#not_run[@]} -eq 0 ] || echo "make check-full also runs: ${not_run[*]}"
if [ ${#failures[@]} -gt 0 ]; then
	echo "why:"
	for f in "${failures[@]}"; do why "$f"; done
fi
# A guest that died under mdadm's harness is news even when the retry passed.
if [ -n "${conf_mod:-}" ] && [ -s "$MDC_BUILD/conformance/deaths.txt" ]; then
	sed 's/^/  /' "$MDC_BUILD/conformance/deaths.txt"
fi
[ ${#failures[@]} -eq 0 ] || echo "failed: ${failures[*]}"
[ ${#flaky[@]} -eq 0 ] || echo "flaky (failed once, passed on retry): ${flaky[*]}"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
