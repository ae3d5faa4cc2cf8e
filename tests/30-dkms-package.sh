#!/bin/bash
# The DKMS package, installed on this host the way an administrator would:
#   1. make deb (lintian-clean), apt-get install ./md-cluster-dkms_*.deb:
#      DKMS builds the module for the guests' kernel into updates/dkms,
#      which is what modprobe now resolves; modinfo tells ours from stock;
#   2. Secure Boot: a throwaway MOK key configured for DKMS signs the
#      rebuilt module; modinfo shows the signer and openssl verifies the
#      signature against the certificate (and rejects a changed module);
#   3. three guests boot with the module DKMS built (not build/): node 1 on
#      the stock module, nodes 2 and 3 on ours (a rolling switch-over):
#      create on the stock node, writes, node 2 killed, recovery;
#   4. (MDC_DKMS_UPGRADE=1, which make matrix sets)
#      a kernel upgrade: installing another 6.12 kernel (6.12.115), image
#      and headers, builds ours for it from their postinst hooks; first
#      with downloads disabled, which must fail with one message naming
#      the linux-source version to install, without failing the kernel's
#      installation, and leave that kernel on the stock module; then,
#      reinstalling its headers, for real: that exact linux-source
#      version is fetched and the layouts are checked against its md_mod;
#   5. remove, then purge: modprobe resolves the stock module again, dkms
#      lists nothing, no file of the package is left.
# Whatever happens, the host is left as it was found (trap): the package
# purged, the other kernel's headers removed, test keys and settings gone.
# Needs root and apt; skips (77) when the package is already installed.
# Suite: full
set -euo pipefail
MDC_TOP=$(cd "$(dirname "$0")/.." && pwd)
# Its own image and cluster directory: the other tests' image stays as is.
export MDC_BUILD=$MDC_TOP/build/dkms-test
. "$MDC_TOP/tests/lib.sh"

export DEBIAN_FRONTEND=noninteractive
# The checkout's kernel: its headers are unpacked in the checkout's build/
kver=$(MDC_BUILD=$MDC_TOP/build mdc_detect_kver)
[ -n "$kver" ] || kver=$(mdc_archive_kver)
[ -n "$kver" ] || { echo "no Debian 12 6.12 kernel found (scripts/deps.sh build)"; exit 1; }
ver=$MDC_VERSION
# The other kernel: MDC_DKMS_OLD_KVER, else the newest other Debian 12 6.12
# kernel the archive has headers for (6.12.115 when this was written).
old=${MDC_DKMS_OLD_KVER:-$(apt-cache search --names-only '^linux-headers-6\.12\.[0-9]+\+deb12-amd64$' |
	awk '{print $1}' | sed 's/^linux-headers-//' | grep -vxF "$kver" | sort -V | tail -n 1 || true)}
[ -n "$old" ] || { echo "the archive has no other Debian 12 6.12 kernel than $kver"; exit 1; }
deb=$MDC_BUILD/md-cluster-dkms_${ver}_all.deb
mok=$MDC_BUILD/mok
keyconf=/etc/dkms/framework.conf.d/zz-md-cluster-test.conf
defaults=/etc/default/md-cluster-dkms
log=$MDC_BUILD/apt.log

[ "$(id -u)" = 0 ] || { echo "skip: needs root (apt-get, /lib/modules)"; exit 77; }
if dpkg-query -W -f '${Status}' md-cluster-dkms 2>/dev/null | grep -q installed; then
	echo "skip: md-cluster-dkms is installed on this host; this test would remove it"
	exit 77
fi
[ ! -e "$defaults" ] || { echo "skip: $defaults exists (an administrator's setting)"; exit 77; }
# Packages this test may bring in; the ones it brings in, it removes.
# The build set only unpacks the kernel's headers; DKMS builds into an
# installed kernel's /lib/modules, so this test installs it (and purges it).
maybe_new=(md-cluster-dkms dkms linux-headers-6.12-amd64 "linux-image-$kver" "linux-headers-$kver"
	"linux-headers-${kver%-amd64}-common" "linux-kbuild-${kver%-amd64}"
	"linux-image-$old" "linux-headers-$old"
	"linux-headers-${old%-amd64}-common" "linux-kbuild-${old%-amd64}")
# The package recommends linux-headers-amd64, which brings Debian 12's
# default (6.1) headers along; DKMS then builds for that kernel too.
default_hdr=$(apt-cache show --no-all-versions linux-headers-amd64 2>/dev/null |
	sed -n 's/^Depends: linux-headers-\([^ ,]*-amd64\).*/\1/p' | head -n 1 || true)
[ -z "$default_hdr" ] || maybe_new+=(linux-headers-amd64 "linux-headers-$default_hdr"
	"linux-headers-${default_hdr%-amd64}-common")
had=()
for p in "${maybe_new[@]}"; do
	dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed' && had+=("$p")
done
old_tree_before=$([ -e "/lib/modules/$old" ] && echo 1 || echo 0)
kver_tree_before=$([ -e "/lib/modules/$kver" ] && echo 1 || echo 0)
default_tree_before=$([ -z "$default_hdr" ] || [ -e "/lib/modules/$default_hdr" ] && echo 1 || echo 0)
mok_before=$( (ls /var/lib/dkms/mok.key /var/lib/dkms/mok.pub 2>/dev/null || true) | wc -l)

cleanup() {
	set +e
	"$CLUSTER" down >/dev/null 2>&1
	rm -f "$keyconf" "$defaults"
	local p gone=()
	for p in "${maybe_new[@]}"; do
		[[ " ${had[*]} " == *" $p "* ]] && continue
		dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'not-installed' ||
			{ dpkg-query -W "$p" >/dev/null 2>&1 && gone+=("$p"); }
	done
	[ ${#gone[@]} -eq 0 ] || apt-get purge -y -q "${gone[@]}" >>"$log" 2>&1
	# depmod's files for the other kernel, when no package owns its tree
	if [ "$old_tree_before" = 0 ] && ! dpkg -S "/lib/modules/$old" >/dev/null 2>&1; then
		rm -rf "/lib/modules/$old"
	fi
	if [ "$kver_tree_before" = 0 ] && ! dpkg -S "/lib/modules/$kver" >/dev/null 2>&1; then
		rm -rf "/lib/modules/$kver"
	fi
	if [ "$default_tree_before" = 0 ] && ! dpkg -S "/lib/modules/$default_hdr" >/dev/null 2>&1; then
		rm -rf "/lib/modules/$default_hdr"
	fi
	# dkms makes /var/lib/dkms/mok.* on its first signed build
	[ "$mok_before" != 0 ] || rm -f /var/lib/dkms/mok.key /var/lib/dkms/mok.pub
	rm -rf /var/lib/md-cluster-dkms "$mok"
}
trap cleanup EXIT
mkdir -p "$MDC_BUILD"
: >"$log"

apt_ok() {	# what, then apt-get arguments: run, log, fail with the tail
	local what=$1
	shift
	echo "+ apt-get $*" >>"$log"
	apt-get -y -q "$@" >"$MDC_BUILD/apt.last" 2>&1 ||
		{ cat "$MDC_BUILD/apt.last" >>"$log"; tail -n 25 "$MDC_BUILD/apt.last"; fail "$what: apt-get $* failed"; }
	cat "$MDC_BUILD/apt.last" >>"$log"
}

dkms_line() {	# kernel: md-cluster's line of dkms status for it
	dkms status -m md-cluster -k "$1" 2>/dev/null | grep "md-cluster/$ver" || true
}

step "the kernel DKMS builds for: linux-image-$kver and its headers"
# with the 6.12 headers metapackage: it satisfies the package's
# "linux-headers-amd64 | ..." dependency, which would otherwise bring in
# Debian 12's default 6.1 headers
apt_ok "kernel install" install --no-install-recommends "linux-image-$kver" "linux-headers-$kver" \
	linux-headers-6.12-amd64

step "make deb"
"$MDC_TOP/scripts/deb.sh" >"$MDC_BUILD/deb.log" 2>&1 ||
	{ cat "$MDC_BUILD/deb.log"; fail "make deb failed"; }
[ -f "$deb" ] || fail "no $deb"
note "$(basename "$deb"); $(grep -c '^lintian: [EW]:' "$MDC_BUILD/deb.log" || true) lintian errors/warnings"

step "apt-get install ./$(basename "$deb")"
[ "$(modinfo -k "$kver" -n md-cluster)" = "$(ls /lib/modules/"$kver"/kernel/drivers/md/md-cluster.ko*)" ] ||
	fail "before the install, modprobe does not resolve the stock module"
t=$SECONDS
apt_ok "package install" install "$deb"
line=$(dkms_line "$kver")
note "dkms status: $line ($((SECONDS - t))s)"
[[ $line == *": installed"* ]] || fail "dkms does not list md-cluster as installed for $kver"
ko=$(modinfo -k "$kver" -n md-cluster)
[[ $ko == "/lib/modules/$kver/updates/dkms/md-cluster.ko"* ]] ||
	fail "modprobe would load $ko, not the DKMS module"
[ "$(modinfo -F version "$ko")" = "$ver" ] || fail "modinfo version of $ko is not $ver"
modinfo -F description "$ko" | grep -q 'md-cluster project' || fail "description does not name the project"
[ -z "$(modinfo -F version "$(ls /lib/modules/"$kver"/kernel/drivers/md/md-cluster.ko*)")" ] ||
	fail "the stock module has a version field?"
grep -q 'md structs match md_mod of' "/var/lib/dkms/md-cluster/$ver/$kver/x86_64/log/make.log" ||
	fail "the DKMS build log has no layout check"
note "modprobe resolves $ko, version $ver; $(grep -o '[0-9]* md structs match md_mod' \
	"/var/lib/dkms/md-cluster/$ver/$kver/x86_64/log/make.log")"

step "Secure Boot: rebuild with a throwaway MOK key configured for DKMS"
rm -rf "$mok"
mkdir -p "$mok"
cn="md-cluster throwaway test key $$"
openssl req -new -x509 -nodes -days 1 -subj "/CN=$cn/" -newkey rsa:2048 \
	-keyout "$mok/mok.key" -outform DER -out "$mok/mok.der" >/dev/null 2>&1
printf 'mok_signing_key="%s"\nmok_certificate="%s"\n' "$mok/mok.key" "$mok/mok.der" >"$keyconf"
dkms remove -m md-cluster -v "$ver" -k "$kver" >>"$log" 2>&1
dkms install -m md-cluster -v "$ver" -k "$kver" >>"$log" 2>&1 || fail "dkms install with the test key failed"
rm -f "$keyconf"
ko=$(modinfo -k "$kver" -n md-cluster)
signer=$(modinfo -F signer "$ko")
[ "$signer" = "$cn" ] || fail "signer is '$signer', not '$cn'"
# The appended signature: PKCS#7 (DER), then struct module_signature (its
# last 4 bytes: the signature's length, big endian), then the magic.
xz -dc "$ko" >"$mok/m.ko"
python3 - "$mok/m.ko" "$mok" <<'EOF'
import struct, sys
data = open(sys.argv[1], 'rb').read()
magic = b'~Module signature appended~\n'
assert data.endswith(magic), 'no module signature'
info = data[-len(magic) - 12:-len(magic)]
siglen = struct.unpack('>I', info[8:12])[0]
end = len(data) - len(magic) - 12
open(sys.argv[2] + '/sig.p7', 'wb').write(data[end - siglen:end])
open(sys.argv[2] + '/content', 'wb').write(data[:end - siglen])
bad = bytearray(data[:end - siglen]); bad[len(bad) // 2] ^= 1
open(sys.argv[2] + '/content.bad', 'wb').write(bytes(bad))
EOF
openssl x509 -inform DER -in "$mok/mok.der" -out "$mok/mok.pem"
openssl cms -verify -binary -inform DER -in "$mok/sig.p7" -content "$mok/content" \
	-certfile "$mok/mok.pem" -nointern -noverify -out /dev/null 2>"$mok/verify.log" ||
	fail "the signature does not verify against the test certificate: $(cat "$mok/verify.log")"
if openssl cms -verify -binary -inform DER -in "$mok/sig.p7" -content "$mok/content.bad" \
	-certfile "$mok/mok.pem" -nointern -noverify -out /dev/null 2>/dev/null; then
	fail "a changed module still verifies"
fi
note "signer: $signer ($(modinfo -F sig_hashalgo "$ko")); openssl: signature valid, a flipped bit is not"

step "guests on the DKMS-built module: node1 stock, nodes 2 and 3 ours"
MDC_OURS_KO=$ko "$MDC_TOP/scripts/mkimage.sh" >/dev/null || fail "image with $ko"
MDCLUSTER=stock,ours,ours "$CLUSTER" up 3 >/dev/null || fail "cluster did not come up"
want=$(sha256sum "$mok/m.ko" | cut -d' ' -f1)
for n in 2 3; do
	[ "$(on $n cat /sys/module/md_cluster/version)" = "$ver" ] ||
		fail "node$n: /sys/module/md_cluster/version is not $ver"
	[ "$(on $n "sha256sum /lib/modules/$kver/updates/md-cluster.ko" | cut -d' ' -f1)" = "$want" ] ||
		fail "node$n does not run the module DKMS built"
done
if on 1 'cat /sys/module/md_cluster/version' >/dev/null 2>&1; then
	fail "node1 should run the stock module (no version)"
fi
note "nodes 2, 3: version $ver, the DKMS file (sha256 ${want:0:12}); node1: stock"
scenario_create_assemble 1 2 3
for n in 2 3; do
	on $n dmesg >"$MDC_BUILD/dmesg$n"
	grep -q "md-cluster md0: joined lockspace .* (version $ver)" "$MDC_BUILD/dmesg$n" ||
		fail "node$n: no join line with version $ver"
done
note "$(grep -o 'md-cluster md0: joined lockspace.*' "$MDC_BUILD/dmesg2" | tail -n 1)"
scenario_concurrent_writers 1 2 3
scenario_kill_recover 2 1 3
"$CLUSTER" down

# The kernel upgrade installs a whole kernel on this host (about 160 s):
# make matrix runs it; make check only when MDC_DKMS_UPGRADE=1.
if [ "${MDC_DKMS_UPGRADE:-0}" = 1 ]; then
	step "kernel upgrade, linux-source download disabled: linux-image-$old + headers"
	oldver=$(apt-cache madison "linux-headers-$old" 2>/dev/null | awk -F'|' 'NR == 1 {gsub(/ /, "", $2); print $2}')
	[ -n "$oldver" ] || fail "the archive has no linux-headers-$old"
	echo 'MDC_FETCH_SOURCE=no' >"$defaults"
	rm -rf "/var/lib/md-cluster-dkms/md-headers/$(echo "$oldver" | tr '~:' '__')"
	apt_ok "kernel install with downloads disabled" install --no-install-recommends \
		"linux-image-$old" "linux-headers-$old"
	msg="md's private headers for $old are missing: linux-source-6.12 is $(mdc_pkgver linux-source-6.12), need exactly $oldver; install it with: apt-get install linux-source-6.12=$oldver"
	grep -qF "$msg" "$MDC_BUILD/apt.last" || { tail -n 30 "$MDC_BUILD/apt.last"; fail "no clear message in the installation's output"; }
	[[ $(dkms_line "$old") != *installed* ]] || fail "installed for $old without its md headers"
	! ls /lib/modules/"$old"/updates/dkms/md-cluster.ko* >/dev/null 2>&1 || fail "a module appeared for $old"
	oko=$(modinfo -k "$old" -n md-cluster)
	[[ $oko == "/lib/modules/$old/kernel/drivers/md/md-cluster.ko"* ]] || fail "$old resolves $oko, not the stock module"
	note "kernel installed (exit 0), $old keeps $oko; message: $msg"

	step "kernel upgrade: reinstall linux-headers-$old, linux-source $oldver fetched"
	rm -f "$defaults"
	t=$SECONDS
	apt_ok "headers install" install --reinstall "linux-headers-$old"
	line=$(dkms_line "$old")
	[[ $line == *": installed"* ]] || { tail -n 30 "$MDC_BUILD/apt.last"; fail "not built for $old by the headers' postinst"; }
	oko=$(modinfo -k "$old" -n md-cluster)
	[[ $oko == "/lib/modules/$old/updates/dkms/md-cluster.ko"* ]] || fail "modprobe for $old resolves $oko"
	[ "$(modinfo -F vermagic "$oko" | cut -d' ' -f1)" = "$old" ] || fail "$oko is not built for $old"
	grep -q "md structs match md_mod of $old" "/var/lib/dkms/md-cluster/$ver/$old/x86_64/log/make.log" ||
		fail "no layout check against md_mod of $old in its make.log"
	grep -q "linux-source-6.12 $oldver ${old%%+*}" \
		"/var/lib/md-cluster-dkms/md-headers/$(echo "$oldver" | tr '~:' '__')/.done" ||
		fail "the md headers cache has no verified $oldver"
	note "dkms status: $line ($((SECONDS - t))s, with the download)"
	note "$(grep -o 'md-headers: md headers for.*' "$MDC_BUILD/apt.last" | head -n 1)"
else
	note "kernel-upgrade step not run (MDC_DKMS_UPGRADE=1 runs it; make matrix does)"
fi

step "remove, then purge: the stock module is what modprobe loads again"
[ -x /usr/lib/md-cluster-dkms/load-check ] && [ -f /etc/modprobe.d/md-cluster-dkms.conf ] ||
	fail "the load-time check is not installed"
apt_ok "remove" remove md-cluster-dkms
ko=$(modinfo -k "$kver" -n md-cluster)
[[ $ko == "/lib/modules/$kver/kernel/drivers/md/md-cluster.ko"* ]] || fail "modprobe resolves $ko after the removal"
note "removed: modprobe resolves $ko"
apt_ok "purge" purge md-cluster-dkms
[ -z "$(dkms status -m md-cluster 2>/dev/null)" ] || fail "dkms still lists md-cluster"
ko=$(modinfo -k "$kver" -n md-cluster)
[[ $ko == "/lib/modules/$kver/kernel/drivers/md/md-cluster.ko"* ]] || fail "modprobe resolves $ko after the purge"
! ls /lib/modules/*/updates/dkms/md-cluster.ko* >/dev/null 2>&1 || fail "DKMS modules left behind"
[ ! -e /var/lib/md-cluster-dkms ] || fail "/var/lib/md-cluster-dkms left behind"
[ ! -e /etc/kernel/postinst.d/md-cluster-dkms ] || fail "kernel hook left behind"
[ ! -e /etc/modprobe.d/md-cluster-dkms.conf ] || fail "modprobe.d file left behind"
note "modprobe resolves $ko"
step "passed"
