#!/bin/bash
# md's private headers and the layouts the module relies on, without a
# cluster:
#   1. md-headers.sh for the guests' kernel gives headers whose Makefile is
#      that kernel's exact version, from a fresh cache; for a kernel whose
#      headers package is not installed it fails with one line naming it;
#      with linux-source of another version only, it fails with one line
#      naming the exact linux-source version to install;
#   2. md-layout-check.sh passes for the module built against the right
#      headers, and fails, naming struct mddev, for a module built against
#      a copy of them with one field added to struct mddev;
#   3. the feature probes: the unbroken sources probe RESYNC_START_NOTIFY
#      present, and a copy with one probe broken on purpose (a typo in its
#      feature code, a baseline that does not compile, a witness that lies,
#      witnesses that disagree, no witness) fails to build, naming the probe
#      and what is wrong, instead of reading the feature as absent.
# Boots no guest.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kver=$(mdc_detect_kver)
kdir=$(mdc_kdir "$kver")
[ -d "$kdir" ] || { echo "skip: no headers for $kver"; exit 77; }
command -v pahole >/dev/null || { echo "skip: pahole missing (scripts/deps.sh build)"; exit 77; }
work=$MDC_BUILD/layout-test
rm -rf "$work"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
hdrver=$(mdc_pkgver "linux-headers-$kver")

step "md-headers.sh: exact version, fresh cache"
mdinc=$("$MDC_TOP/scripts/md-headers.sh" -k "$kver" -c "$work/cache" 2>"$work/err") ||
	fail "md-headers.sh failed: $(cat "$work/err")"
sub=$(sed -n 's/^SUBLEVEL = //p' "$mdinc/../../Makefile")
[ "6.12.$sub" = "${hdrver%%-*}" ] || fail "headers are 6.12.$sub, linux-headers-$kver is $hdrver"
[ -f "$mdinc/md.h" ] && [ -f "$mdinc/md-bitmap.h" ] && [ -f "$mdinc/md-cluster.h" ] ||
	fail "md.h, md-bitmap.h or md-cluster.h missing in $mdinc"
note "$(cat "$work/err")"

step "md-headers.sh: a kernel without its headers package"
if "$MDC_TOP/scripts/md-headers.sh" -k 6.12.1+deb12-amd64 -c "$work/cache" >/dev/null 2>"$work/err"; then
	fail "md-headers.sh succeeded for a kernel that is not installed"
fi
[ "$(wc -l <"$work/err")" = 1 ] && grep -q 'linux-headers-6.12.1+deb12-amd64 is not installed' "$work/err" ||
	fail "unclear message: $(cat "$work/err")"
note "$(cat "$work/err")"

step "md-headers.sh: only another linux-source version (a fake headers version)"
# dpkg-query answers for linux-headers-$kver with a version no installed
# linux-source has: a wrapper first in PATH.
mkdir -p "$work/bin"
cat >"$work/bin/dpkg-query" <<EOF
#!/bin/sh
case "\$*" in
*linux-headers-$kver*) echo "6.12.${sub}-99~deb12u1" ;;
*) exec /usr/bin/dpkg-query "\$@" ;;
esac
EOF
chmod +x "$work/bin/dpkg-query"
if PATH=$work/bin:$PATH "$MDC_TOP/scripts/md-headers.sh" -k "$kver" -c "$work/cache2" >/dev/null 2>"$work/err"; then
	fail "md-headers.sh succeeded without the matching linux-source"
fi
[ "$(wc -l <"$work/err")" = 1 ] &&
	grep -qF "install it with: apt-get install linux-source-6.12=6.12.${sub}-99~deb12u1" "$work/err" ||
	fail "unclear message: $(cat "$work/err")"
note "$(cat "$work/err")"

step "md-layout-check.sh: the module as built matches md_mod's BTF"
# md_mod from the installed kernel, else from its image unpacked in build/
layout=(-k "$kver" -b "$kdir")
if ! modinfo -k "$kver" -n md-mod >/dev/null 2>&1; then
	tree=$("$MDC_TOP/scripts/kernels.sh" tree "$kver") || fail "no image of $kver to compare with"
	[ "$tree" = / ] || layout+=(-r "$tree")
fi
mkdir -p "$work/good" "$work/bad" "$work/badmd"
cp -r "$MDC_TOP/src/." "$work/good/"
cp -r "$MDC_TOP/src/." "$work/bad/"
make -s -j2 -C "$kdir" M="$work/good" MDC_MD_INCLUDE="$mdinc" MDC_VERSION=test modules >"$work/good.log" 2>&1 ||
	fail "build failed: $(tail -n 5 "$work/good.log")"
"$MDC_TOP/scripts/md-layout-check.sh" "${layout[@]}" -m "$mdinc" "$work/good/md-cluster.ko" 2>"$work/err" ||
	fail "layout check failed on the real headers: $(cat "$work/err")"
grep -q 'md structs match md_mod' "$work/err" || fail "layout check compared nothing: $(cat "$work/err")"
note "$(cat "$work/err")"

step "md-layout-check.sh: a field added to struct mddev is caught"
cp "$mdinc"/*.h "$work/badmd/"
sed -i 's/^struct mddev {/&\n\tint mdc_layout_probe;/' "$work/badmd/md.h"
grep -q mdc_layout_probe "$work/badmd/md.h" || fail "could not change the copy of md.h"
make -s -j2 -C "$kdir" M="$work/bad" MDC_MD_INCLUDE="$work/badmd" MDC_VERSION=test modules >"$work/bad.log" 2>&1 ||
	fail "build failed: $(tail -n 5 "$work/bad.log")"
if "$MDC_TOP/scripts/md-layout-check.sh" "${layout[@]}" -m "$work/badmd" "$work/bad/md-cluster.ko" 2>"$work/err"; then
	fail "layout check passed a module built with a changed struct mddev"
fi
grep -q 'md layout mismatch for .*mddev' "$work/err" || fail "the failure does not name mddev: $(tail -n 3 "$work/err")"
note "$(tail -n 1 "$work/err")"

step "probes: the unbroken sources find md's RESYNCING_START operations"
grep -qx '#define MDC_HAVE_RESYNC_START_NOTIFY 1' "$work/good/mdc-features.h" ||
	fail "6.12 probed without RESYNC_START_NOTIFY: $(cat "$work/good/mdc-features.h")"
note "$(grep -c '^#define' "$work/good/mdc-features.h") features present"

# broken_probe CASE PROBE SED MESSAGE: a copy of src/ whose probes/PROBE
# is changed by SED must fail to build (Kbuild's probe step, then one
# object) with MESSAGE on its output.
broken_probe() {
	local dir=$work/probe-$1 file=probes/$2 expr=$3 msg=$4
	mkdir -p "$dir"
	cp -r "$MDC_TOP/src/." "$dir/"
	sed -i "$expr" "$dir/$file"
	! cmp -s "$MDC_TOP/src/$file" "$dir/$file" || fail "$1: sed changed nothing in $file"
	if make -s -C "$kdir" M="$dir" MDC_MD_INCLUDE="$mdinc" MDC_VERSION=test compat.o \
		>"$dir.log" 2>&1; then
		fail "$1: built with a broken $file: $(grep MDC_HAVE "$dir/mdc-features.h" | tr '\n' ' ')"
	fi
	grep -qF -- "$msg" "$dir.log" || fail "$1: the failure does not say '$msg': $(head -n 5 "$dir.log")"
	note "$(grep -F 'probe.sh: ' "$dir.log" | head -n 1)"
}

step "probes: a typo in a probe's feature code fails the build"
broken_probe typo resync_start_notify.c 's/ops->resync_status_get(mddev)/ops->resync_status_gett(mddev)/' \
	'probe.sh: resync_start_notify.c: does not compile, yet md-cluster.h has "resync_start_notify"; md-cluster.h has "resync_status_get":'
grep -q "resync_status_gett" "$work/probe-typo.log" || fail "typo: the compiler's error is not shown"

step "probes: a baseline that does not compile fails the build"
broken_probe baseline resync_start_notify.c 's/resync_info_update(mddev, 0, 0)/resync_info_update(mddev, 0)/' \
	'probe.sh: resync_start_notify.c: its baseline (-DMDC_PROBE_BASELINE), which must compile on every kernel, does not compile here:'

step "probes: a witness that lies fails the build"
broken_probe lie resync_offset.c 's/mdc-probe-witness: md.h resync_offset/mdc-probe-witness: md.h recovery_cp/' \
	'probe.sh: resync_offset.c: compiles, yet md.h has no "recovery_cp"'

step "probes: witnesses that disagree fail the build"
broken_probe disagree resync_start_notify.c 's/md-cluster.h resync_status_get/md-cluster.h resync_status_got/' \
	'probe.sh: resync_start_notify.c: its witnesses disagree: md-cluster.h has "resync_start_notify"; md-cluster.h has no "resync_status_got"'

step "probes: a probe without a witness fails the build"
broken_probe nowitness md_submodule.c '/mdc-probe-witness:/d' \
	'probe.sh: md_submodule.c: no "mdc-probe-witness: HEADER TOKEN..." line'
step "passed"
