#!/bin/bash
# Under pacemaker (MDC_GUEST=debian): the package upgraded in place, one
# node at a time, as the admin guide's "Upgrading the package" says:
# `crm node standby`, install the new .deb (DKMS builds it on the node),
# unload the old module, `crm node online`.  The new package is this tree
# rebuilt as version <VERSION>+ha1.  While a node is out, the other two
# keep the array Started and keep writing: the array never stops
# cluster-wide.  At the end every node runs the new module, every write
# reads back everywhere and the event counts agree.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

new=$MDC_VERSION+ha1
pkg=$MDC_BUILD/ha/md-cluster-dkms_${new}_all.deb
step "host: build md-cluster-dkms $new from this tree"
src=$MDC_BUILD/deb/md-cluster-$MDC_VERSION
[ -d "$src" ] || fail "no $src: run make deb first (make ha does)"
work=$MDC_BUILD/ha/upgrade
rm -rf "$work"
mkdir -p "$work"
cp -a "$src" "$work/md-cluster-$new"
{
	printf 'md-cluster (%s) unstable; urgency=medium\n\n' "$new"
	printf '  * Rebuild for tests/ha/44-deb-upgrade.\n\n'
	printf ' -- %s  %s\n\n' "$(dpkg-parsechangelog -l "$src/debian/changelog" -S Maintainer)" "$(date -R)"
	cat "$src/debian/changelog"
} >"$work/md-cluster-$new/debian/changelog"
(cd "$work/md-cluster-$new" && dpkg-buildpackage -us -uc -b) >"$work/build.log" 2>&1 ||
	fail "dpkg-buildpackage: $(tail -n 5 "$work/build.log")"
cp "$work/md-cluster-dkms_${new}_all.deb" "$pkg"
note "$(basename "$pkg")"

ha_start_cluster 3
# A node that dies during its upgrade takes its journal along (its qemu
# exits on reboot): each node's journal goes to its serial console too,
# from notice up, where the failure's dump shows it.
for n in 1 2 3; do
	must "$n" 'mkdir -p /etc/systemd/journald.conf.d &&
		printf "[Journal]\nForwardToConsole=yes\nTTYPath=/dev/ttyS0\nMaxLevelConsole=notice\n" \
			>/etc/systemd/journald.conf.d/console.conf &&
		systemctl restart systemd-journald'
done
step "pacemaker: fencing, DLM clone, the array as an mdraid clone"
ha_array_up 1 2 3
wait_until 300 "the initial resync" md_clean 1
old=$(on 1 'cat /sys/module/md_cluster/version')
[ "$old" = "$MDC_VERSION" ] || fail "node1 runs md-cluster $old, not $MDC_VERSION"

md_gone() {	# node: no md0 there
	! on "$1" 'cat /proc/mdstat' | grep '^md0' >/dev/null
}
runs_new() {	# node: the loaded module is the new one, and md0 is back
	[ "$(on "$1" 'cat /sys/module/md_cluster/version 2>/dev/null')" = "$new" ] &&
		on "$1" 'cat /proc/mdstat' | grep '^md0' >/dev/null
}

off=0
for n in 2 3 1; do
	others=()
	for m in 1 2 3; do [ "$m" = "$n" ] || others+=("$m"); done
	step "node$n: standby, install $new, unload the old module, online"
	must 1 "crm node standby node$n" >/dev/null
	wait_until 120 "md0 stopped on node$n" md_gone "$n"
	ha_clone_on cl-md0 "${others[@]}" || fail "cl-md0 is not Started on nodes ${others[*]} while node$n is in standby"
	"$CLUSTER" exec "$n" "cat >/tmp/$(basename "$pkg")" <"$pkg" || fail "cannot copy the package to node$n"
	t=$SECONDS
	# DKMS compiles the module on the node: 8-10 min on one TCG vCPU, past
	# the default 600 s limit of a guest command.
	out=$(MDC_EXEC_TIMEOUT=1800 on "$n" "apt-get install -y -q /tmp/$(basename "$pkg") 2>&1") ||
		fail "node$n: installing $new: $(echo "$out" | tail -n 5)"
	built=$((SECONDS - t))
	[ "$(on "$n" 'modinfo -F version md-cluster')" = "$new" ] ||
		fail "node$n: modinfo does not show $new after the install: $(echo "$out" | tail -n 5)"
	must "$n" 'modprobe -r md_cluster'
	# The other two write while this node is out; read back below.
	for m in "${others[@]}"; do
		on "$m" "mdc-io fill $MD u$n$m $((2000 + off)) 50" >/dev/null ||
			fail "node$m: writes failed while node$n was upgraded"
		off=$((off + 50))
	done
	must 1 "crm node online node$n" >/dev/null
	wait_until 300 "node$n to run $new with md0 assembled" runs_new "$n"
	wait_until 300 "cl-md0 on nodes 1 2 3" ha_clone_on cl-md0 1 2 3
	wait_until 300 "node$n in sync" md_settled "$n"
	on "$n" 'dmesg' | grep -F "(version $new)" >/dev/null ||
		fail "node$n: no join line with version $new"
	note "node$n: installed and DKMS-built in ${built}s, joined with $new; nodes ${others[*]} kept md0 and wrote"
done

step "every node runs $new; every write reads back everywhere"
off=0
for n in 2 3 1; do
	for m in 1 2 3; do
		[ "$m" = "$n" ] && continue
		for r in 1 2 3; do
			on "$r" "mdc-io verify $MD u$n$m $((2000 + off)) 50" >/dev/null ||
				fail "node$r reads wrong data written by node$m during node$n's upgrade"
		done
		off=$((off + 50))
	done
done
scenario_concurrent_writers 1 2 3
wait_until 60 "equal event counts" same_events 1 2 3
ha_settled 1 2 3 || fail "pacemaker reports failures: $(on 1 'crm_mon -1 -r' | tail -n 8)"
step "passed"
