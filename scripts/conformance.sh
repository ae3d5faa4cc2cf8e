#!/bin/bash
# make conformance: mdadm's own cluster tests (clustermd_tests), unmodified,
# on node 1 of a fresh 2-node cluster, for each mdadm version and each
# md-cluster module; then a table of test x version x module with seconds.
#
#   scripts/conformance.sh [--mdadm 4.4,4.2] [--module ours,stock]
#                          [--tests NAME,NAME] [--kernel NAME]
#
# --kernel (or MDC_KERNEL): the guests' kernel, a name scripts/kernels.sh
# resolves (6.1, 6.12, 6.12-deb13, 7.3); "stock" is then that kernel's own
# md-cluster.ko.  Default: the developer's Debian 12 6.12.
#
# mdadm's sources are fetched at run time (scripts/mdadm-src.sh).  Per
# cell, the tree goes to node 1's /var/tmp/mdadm; only its cluster_conf is
# filled in (the two node addresses, the six shared disks), as the tests
# ask their user to.  mdadm 4.4 runs as the `mdadm` of both nodes
# (/usr/local/sbin, which also confirms disks in the uevent handler);
# mdadm 4.2 is the Debian 12 package the guests carry.  Stand-ins for
# crm, crm_mon, sbd, iscsiadm and udevadm come from guest/standins/.
#
# A test that fails runs once more, as scripts/runner.sh says (MDC_RETRY=0:
# not), and is reported as flaky if it then passes; mdadm 4.2's own
# bitmap-switch bug is an expected failure (xfail), recognised by its
# message.
#
# Output: build/conformance/{results.tsv,table.txt,<version>-<module>.out}
# and each cell's mdadm logs under build/conformance/logs/.  The last line
# is "conformance: N passed, N failed" (", N expected failures").
set -euo pipefail
. "$(dirname "$0")/versions.sh"
. "$(dirname "$0")/runner.sh"

versions=4.4,4.2
modules=ours,stock
tests=""
kernel=${MDC_KERNEL:-}
while [ $# -gt 0 ]; do
	case $1 in
	--mdadm) versions=$2; shift 2 ;;
	--module) modules=$2; shift 2 ;;
	--tests) tests=$2; shift 2 ;;
	--kernel) kernel=$2; shift 2 ;;
	*) echo "usage: conformance.sh [--mdadm 4.4,4.2] [--module ours,stock] [--tests A,B] [--kernel NAME]" >&2; exit 2 ;;
	esac
done

out=$MDC_BUILD/conformance
if [ -n "$kernel" ]; then
	kernel=$("$MDC_TOP/scripts/kernels.sh" resolve "$kernel")
	[ "$kernel" = "$(KVER='' mdc_detect_kver)" ] || out=$MDC_BUILD/conformance-$kernel
	export MDC_KERNEL=$kernel
	echo "conformance: guests run $kernel"
fi
export MDC_CLUSTER_DIR=$out/cluster
export MDC_DISKS=6 MDC_EXEC_TIMEOUT=3600
cluster=$MDC_TOP/scripts/cluster
net=10.213.0	# guest-only cluster network, as guest/rc sets it up
mkdir -p "$out"
: >"$out/results.tsv"
: >"$out/deaths.txt"

# Read the harness's output a character at a time: it prints "NAME... "
# when a test starts and its verdict, then a newline, when it ends.
# Each test becomes one "name status seconds" line on stdout.
timed_results() {	# logfile
	local line="" c name="" t0=0 status
	while IFS= read -r -n 1 -d '' c || [ -n "$c" ]; do
		printf '%s' "$c" >>"$1"
		if [ "$c" = $'\n' ] || [ -z "$c" ]; then
			if [ -n "$name" ]; then
				status=fail
				case $line in *succeeded*) status=pass ;; esac
				case $line in *FAIL* | *ERROR*) status=fail ;; esac
				echo "$name $status $((SECONDS - t0))"
				name=""
			fi
			line=""
			continue
		fi
		line+=$c
		case $line in
		*clustermd_tests/*'... ')
			name=${line##*clustermd_tests/}
			name=${name%... }
			t0=$SECONDS
			line=""
			;;
		esac
	done
	# The harness ended inside a test (die, timeout): that test failed.
	[ -z "$name" ] || echo "$name fail $((SECONDS - t0))"
}

# mdadm 4.2 cannot put a clustered bitmap back on an array ("disks marked
# write-mostly are not supported with clustered bitmap" although none is):
# an mdadm bug, fixed upstream by commit d07e5618 (mdadm 4.3).  Its two
# bitmap-switch tests fail there on any module.  Such a failure, and only
# with that message in the test's log, is counted as expected (xfail).
known_mdadm_failures() {	# version logdir tsv
	local n st sec
	[ "$1" = 4.2 ] || return 0
	while read -r n st sec; do
		case $n:$st in
		*_Grow_bitmap-switch:fail)
			if cat "$2/$n.log" "$2/fail$n.log" 2>/dev/null |
			   grep -q 'disks marked write-mostly are not supported with clustered bitmap'; then
				st=xfail
			fi
			;;
		esac
		echo "$n $st $sec"
	done <"$3" >"$3.new"
	mv "$3.new" "$3"
}

# Run the harness on node 1 for @tests (all when empty); collect its logs
# and both kernel logs into @logdir; "name status seconds" lines on stdout.
run_harness() {	# tests logdir outfile
	local rc
	set +e
	"$cluster" exec 1 "cd /var/tmp/mdadm && rm -rf /var/tmp/logs &&
		./test --testdir=clustermd_tests --keep-going --save-logs --logdir=/var/tmp/logs \
		${1:+--tests=$1} </dev/null 2>&1" </dev/null |
		timed_results "$3"
	rc=${PIPESTATUS[0]}
	set -e
	"$cluster" exec 1 'tar -C /var/tmp/logs -c . 2>/dev/null' </dev/null |
		tar -x -C "$2" 2>/dev/null || true
	"$cluster" exec 1 'dmesg' >"$2/node1.dmesg" 2>&1 || true
	"$cluster" exec 2 'dmesg' >"$2/node2.dmesg" 2>&1 || true
	return "$rc"
}

# Boot the cell's 2-node cluster and give node 1 the harness: the tree in
# /var/tmp/mdadm with its cluster_conf filled in, the stand-ins and the mdadm
# under test on both nodes.
cell_up() {	# version module tree
	local v=$1 tree=$3 n log=$out/$1-$2.cluster.log
	"$cluster" down >/dev/null 2>&1 || true
	MDCLUSTER=$2 "$cluster" up 2 >"$log" 2>&1 ||
		{ echo "conformance: cluster for $1-$2 did not come up" >&2; cat "$log" >&2; return 1; }

	tar -C "$tree" --exclude='*.o' --exclude=.git -c . |
		"$cluster" exec 1 'rm -rf /var/tmp/mdadm && mkdir -p /var/tmp/mdadm && tar -x -C /var/tmp/mdadm'
	"$cluster" exec 1 "cd /var/tmp/mdadm/clustermd_tests &&
		sed -i -e 's|^NODE1=.*|NODE1=$net.1|' -e 's|^NODE2=.*|NODE2=$net.2|' \
		       -e 's|^devlist=.*|devlist=/dev/vda /dev/vdb /dev/vdc /dev/vdd /dev/vde /dev/vdf|' cluster_conf"
	for n in 1 2; do
		"$cluster" exec $n 'mkdir -p /usr/local/sbin && cp /etc/mdc/standins/* /usr/local/sbin/'
		if [ "$v" = 4.2 ]; then
			# 4.2's harness runs $PWD/mdadm on node 1: the packaged binary.
			[ $n = 1 ] && "$cluster" exec 1 'ln -sf /usr/sbin/mdadm /var/tmp/mdadm/mdadm'
		else
			"$cluster" exec $n 'cat >/usr/local/sbin/mdadm && chmod 755 /usr/local/sbin/mdadm' \
				<"$tree/mdadm"
		fi
		"$cluster" exec $n 'mdadm --version' 2>&1 | sed "s/^/node$n: /"
	done
}

# After a harness run: keep both serial consoles with the logs, and say so
# when a node no longer answers (crashed, hung or gone), with what its
# console last printed of a crash.  The tests that did not run then are
# not mdadm's verdict, so the cluster must come up again before a retry.
# Such lines also go to $out/deaths.txt, which check.sh prints.  Returns 1
# when a node is gone.
nodes_alive() {	# logdir what
	local n ok=0 crash
	for n in 1 2; do
		cp "$MDC_CLUSTER_DIR/node$n.log" "$1/node$n.console" 2>/dev/null || true
		MDC_EXEC_TIMEOUT=30 "$cluster" exec $n true </dev/null >/dev/null 2>&1 && continue
		ok=1
		crash=$(grep -a -m 3 -E 'Kernel panic|BUG:|Oops|general protection|RIP:|hung_task|blocked for more than' \
			"$1/node$n.console" 2>/dev/null | tr -d '\r' | paste -sd'|' || true)
		echo "conformance: $cell: node$n stopped answering during $2;" \
		     "console: ${crash:-no crash printed} ($1/node$n.console)" | tee -a "$out/deaths.txt" >&2
	done
	return "$ok"
}

run_cell() {	# version module
	local v=$1 m=$2 tree cell=$1-$2 n all rc=0 t failed st sec last
	tree=$("$MDC_TOP/scripts/mdadm-src.sh" "$v" 2>"$out/$cell.fetch.log" | tail -n 1) ||
		{ echo "conformance: fetching mdadm $v failed: $(tail -n 3 "$out/$cell.fetch.log")" >&2; return 1; }
	mapfile -t all < <(cd "$tree/clustermd_tests" && ls | grep -E '^[0-9][0-9]r' | grep -v '\.')
	if [ -n "$tests" ]; then
		mapfile -t all < <(printf '%s\n' "${all[@]}" | grep -Fx -f <(echo "$tests" | tr ',' '\n'))
	fi
	echo "== mdadm $v x $m: ${#all[@]} tests"
	cell_up "$v" "$m" "$tree" || return 1

	t=$SECONDS
	: >"$out/$cell.out"
	rm -rf "$out/logs/$cell"
	mkdir -p "$out/logs/$cell"
	rc=0
	run_harness "$tests" "$out/logs/$cell" "$out/$cell.out" >"$out/$cell.tsv" || rc=$?
	for n in "${all[@]}"; do
		if ! grep -q "^$n " "$out/$cell.tsv"; then
			echo "$n notrun 0" >>"$out/$cell.tsv"
		fi
	done
	last=$(awk '$2 == "fail" { t = $1 } END { print t }' "$out/$cell.tsv")
	nodes_alive "$out/logs/$cell" "${last:-the harness}" || {
		echo "   a node is gone: a fresh cluster for the retry"
		cell_up "$v" "$m" "$tree" || return 1
	}
	known_mdadm_failures "$v" "$out/logs/$cell" "$out/$cell.tsv"

	# The retry policy of scripts/runner.sh, for the tests that failed.
	failed=$(awk '$2 == "fail" || $2 == "notrun" { print $1 }' "$out/$cell.tsv" | paste -sd,)
	if [ -n "$failed" ] && retry_enabled; then
		echo "   retrying: $failed (first logs: $(keep_first_try "$out/logs/$cell"))"
		mkdir -p "$out/logs/$cell"
		run_harness "$failed" "$out/logs/$cell" "$out/$cell.out" >"$out/$cell.retry.tsv" || true
		nodes_alive "$out/logs/$cell" "the retry" || true
		while read -r n st sec; do
			if grep -q "^$n pass " "$out/$cell.retry.tsv"; then
				echo "$n flaky $(awk -v n="$n" '$1 == n { print $3 }' "$out/$cell.retry.tsv")"
			else
				echo "$n $st $sec"
			fi
		done <"$out/$cell.tsv" >"$out/$cell.tsv.new"
		mv "$out/$cell.tsv.new" "$out/$cell.tsv"
	fi
	"$cluster" down >/dev/null 2>&1 || true
	awk -v v="$v" -v m="$m" '{ print $1 "\t" v "\t" m "\t" $2 "\t" $3 }' "$out/$cell.tsv" \
		>>"$out/results.tsv"
	echo "   $(grep -c -E ' (pass|flaky) ' "$out/$cell.tsv" || true)/${#all[@]} passed in $((SECONDS - t)) s" \
	     "(harness exit $rc; output $out/$cell.out)"
}

IFS=, read -r -a vlist <<<"$versions"
IFS=, read -r -a mlist <<<"$modules"
for v in "${vlist[@]}"; do
	for m in "${mlist[@]}"; do
		run_cell "$v" "$m" || printf 'ALL\t%s\t%s\tfail\t0\n' "$v" "$m" >>"$out/results.tsv"
	done
done

echo "guest kernel: ${kernel:-$(KVER='' mdc_detect_kver)}" >"$out/table.txt"
# The table: one row per test, one column per cell: "pass 12s", "FAIL 30s",
# "flaky 12s" (failed, then passed on its retry; seconds of the retry),
# "xfail 15s" (the known mdadm 4.2 failure) or "NOTRUN 0s".
awk -F'\t' '
	{ col = $2 "/" $3; if (!(col in seen)) { seen[col] = 1; cols[++nc] = col }
	  if (!($1 in rseen)) { rseen[$1] = 1; rows[++nr] = $1 }
	  cell[$1, col] = ($4 == "pass" || $4 == "xfail" || $4 == "flaky" ? $4 : toupper($4)) " " $5 "s"
	  if ($4 == "pass" || $4 == "flaky") ok[col]++; total[col]++; secs[col] += $5 }
	END {
		printf "%-26s", "test"; for (c = 1; c <= nc; c++) printf " %-16s", "mdadm " cols[c]; print ""
		for (r = 1; r <= nr; r++) {
			printf "%-26s", rows[r]
			for (c = 1; c <= nc; c++) printf " %-16s", ((rows[r], cols[c]) in cell) ? cell[rows[r], cols[c]] : "-"
			print ""
		}
		printf "%-26s", "passed"; for (c = 1; c <= nc; c++) printf " %-16s", ok[cols[c]] + 0 "/" total[cols[c]]; print ""
		printf "%-26s", "seconds, all tests"; for (c = 1; c <= nc; c++) printf " %-16s", secs[cols[c]] "s"; print ""
	}' "$out/results.tsv" | tee -a "$out/table.txt"

# Parity: with each mdadm, every test the stock module passes must pass on
# ours.
for v in "${vlist[@]}"; do
	worse=$(awk -F'\t' -v v="$v" '$2 == v && $3 == "stock" && ($4 == "pass" || $4 == "flaky") { s[$1] = 1 }
		$2 == v && $3 == "ours" && $4 != "pass" && $4 != "flaky" { o[$1] = 1 }
		END { for (t in s) if (t in o) print t }' "$out/results.tsv" | sort | tr '\n' ' ')
	if awk -F'\t' -v v="$v" '$2 == v && $3 == "stock" { s = 1 } $2 == v && $3 == "ours" { o = 1 }
		END { exit !(s && o) }' "$out/results.tsv"; then
		if [ -z "$worse" ]; then
			echo "parity, mdadm $v: ours passes every test the stock module passes"
		else
			echo "parity, mdadm $v: ours FAILS where stock passes: $worse"
		fi
	fi
done | tee -a "$out/table.txt"

p=$(awk -F'\t' '$4 == "pass" || $4 == "flaky"' "$out/results.tsv" | wc -l)
fl=$(awk -F'\t' '$4 == "flaky" { printf "%s%s (%s/%s)", sep, $1, $2, $3; sep = ", " }' "$out/results.tsv")
x=$(awk -F'\t' '$4 == "xfail"' "$out/results.tsv" | wc -l)
f=$(awk -F'\t' '$4 != "pass" && $4 != "flaky" && $4 != "xfail"' "$out/results.tsv" | wc -l)
xfails=""
[ "$x" -eq 0 ] || xfails=", $x expected failures (the mdadm 4.2 bug above)"
[ -z "$fl" ] || echo "flaky (failed once, passed on retry): $fl"
echo "conformance: $p passed, $f failed$xfails"
[ "$f" -eq 0 ]
