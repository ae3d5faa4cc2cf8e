#!/bin/bash
# The package's load-time layout check, in a guest running the target
# kernel: with the package's modprobe.d install command and checker
# (debian/md-cluster-dkms.modprobe, scripts/md-load-check.sh) in place,
#   1. `modprobe md-cluster` loads our module (its BTF's md structs equal
#      the running md_mod's, /sys/kernel/btf/md_mod);
#   2. a module built against md.h with a field added to struct mddev is
#      refused: modprobe fails, nothing is loaded, and the kernel log says
#      why in one line naming struct mddev;
#   3. the distribution's module (no version) loads without a check.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kver=$(mdc_detect_kver)
kdir=$(mdc_kdir "$kver")
good=$MDC_BUILD/md-cluster.ko
[ -f "$good" ] || { echo "skip: no build/md-cluster.ko (make module)"; exit 77; }
command -v pahole >/dev/null || { echo "skip: pahole missing (scripts/deps.sh build)"; exit 77; }
readelf -S "$good" | grep -q '\.BTF' || fail "build/md-cluster.ko has no BTF (pahole missing at build time?)"
mdinc=$("$MDC_TOP/scripts/md-headers.sh" -k "$kver" -c "$MDC_BUILD/md-headers")
work=$MDC_BUILD/load-check-test
rm -rf "$work"
mkdir -p "$work/bad" "$work/badmd"

step "build a module against md.h with a field added to struct mddev"
cp "$mdinc"/*.h "$work/badmd/"
sed -i 's/^struct mddev {/&\n\tint mdc_layout_probe;/' "$work/badmd/md.h"
cp -r "$MDC_TOP/src/." "$work/bad/"
make -s -j2 -C "$kdir" M="$work/bad" MDC_MD_INCLUDE="$work/badmd" MDC_VERSION="$MDC_VERSION" \
	modules >"$work/bad.log" 2>&1 || fail "build failed: $(tail -n 5 "$work/bad.log")"
readelf -S "$work/bad/md-cluster.ko" | grep -q '\.BTF' || fail "the changed module has no BTF"

push() {	# node file dest: copy a host file into the guest
	"$CLUSTER" exec "$1" "cat >$3" <"$2" || fail "node$1: cannot write $3"
}

start_cluster 1
step "install the package's checker and modprobe.d command on node1"
must 1 'mkdir -p /usr/lib/md-cluster-dkms /etc/modprobe.d' >/dev/null
push 1 "$MDC_TOP/scripts/md-load-check.sh" /usr/lib/md-cluster-dkms/load-check
push 1 "$MDC_TOP/debian/md-cluster-dkms.modprobe" /etc/modprobe.d/md-cluster-dkms.conf
must 1 'chmod 755 /usr/lib/md-cluster-dkms/load-check' >/dev/null
upd=/lib/modules/$kver/updates/md-cluster.ko

step "our module: modprobe loads it after the check"
must 1 "rmmod md-cluster && modprobe md-cluster" >/dev/null
[ "$(on 1 cat /sys/module/md_cluster/version)" = "$MDC_VERSION" ] || fail "our module is not loaded"
on 1 dmesg >"$work/dmesg1"
! grep -q 'md-cluster-dkms: refusing' "$work/dmesg1" || fail "refused: $(grep refusing "$work/dmesg1")"
line=$(grep -o "md-cluster-dkms: md_cluster $MDC_VERSION: [0-9]* md structs match.*" "$work/dmesg1" | tail -n 1)
[ -n "$line" ] || fail "the check did not run: $(grep md-cluster-dkms "$work/dmesg1" | tail -n 2)"
note "loaded: version $(on 1 cat /sys/module/md_cluster/version); kernel log: $line"

step "a module with a different struct mddev: refused"
push 1 "$work/bad/md-cluster.ko" "$upd"
must 1 "depmod -a $kver && rmmod md-cluster" >/dev/null
if on 1 'modprobe md-cluster' >"$work/modprobe.out" 2>&1; then
	fail "modprobe loaded the changed module"
fi
if on 1 'test -d /sys/module/md_cluster'; then
	fail "md_cluster is loaded after a refused modprobe"
fi
on 1 dmesg >"$work/dmesg2"
line=$(grep -o "md-cluster-dkms: refusing to load md_cluster $MDC_VERSION: struct mddev differs.*" "$work/dmesg2" | tail -n 1)
[ -n "$line" ] || fail "no kernel log line: $(tail -n 5 "$work/dmesg2")"
note "modprobe failed; kernel log: $line"

step "the stock module: loaded without a check"
must 1 "rm -f $upd && depmod -a $kver && modprobe md-cluster" >/dev/null
if on 1 'test -e /sys/module/md_cluster/version'; then
	fail "the loaded module has a version: not the stock one"
fi
on 1 'test -d /sys/module/md_cluster' || fail "the stock module did not load"
note "stock md_cluster loaded"
step "passed"
