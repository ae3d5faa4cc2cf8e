#!/bin/bash
# Assemble the guests' initramfs from Debian 12 packages: busybox, bash,
# mdadm, corosync, dlm_controld, kmod, dropbear and every library they load
# (ldd, plus what they dlopen), taken from the root scripts/guestroot.sh
# builds under build/ (never from the host's own), and for each kernel it
# serves that
# kernel's modules the cluster needs, its distribution md-cluster.ko and
# ours.  Which kernel a guest boots is chosen by qemu (-kernel), which
# md-cluster it loads by the kernel command line: one image serves mixed
# clusters.
#
# MDC_IMAGE_KERNELS  kernels to serve, space separated names or releases
#                    (scripts/kernels.sh resolve); default: MDC_KERNEL's.
#                    The default kernel (KVER, else the developer's 6.12)
#                    is always served, and is build/image/vmlinuz.
# MDC_KERNEL         the cluster's per-node kernel list (scripts/cluster);
#                    with MDCLUSTER it also says which kernels need the
#                    test build of the module.
# MDC_IMAGE_TEST     kernels (names or releases, or "all") whose test build
#                    is built when missing; a test build that exists is
#                    always included.
# MDC_OURS_KO=FILE   puts FILE (.ko or .ko.xz) in as "ours" for the kernel
#                    it was built for instead of build/ko/KVER/md-cluster.ko.
# A kernel whose module (or requested test build) is missing gets it built
# by scripts/build-module.sh.
#
# Output: build/image/initramfs.cpio.gz, build/image/vmlinuz (the default
#         kernel), build/image/vmlinuz-KVER per kernel, build/image/kernels
#         (one line per kernel: "KVER stock ours [test]", the default
#         first), build/image/id_ed25519 (the host's key into the guests).
# In the image: /lib/modules/KVER (each kernel's closure, decompressed),
# /lib/mdc/KVER/{ours,test}.ko and /lib/mdc/KVER/modules (what guest/rc
# loads, in order, on that kernel).
set -euo pipefail
. "$(dirname "$0")/versions.sh"

die() {
	echo "mkimage: $*" >&2
	exit 1
}

kver=$(mdc_detect_kver)
[ -n "$kver" ] || die "no default kernel (scripts/deps.sh build)"
out=$MDC_BUILD/image
root=$out/root
libdir=/usr/lib/x86_64-linux-gnu

resolve() {	# name or release -> release
	if [[ $1 =~ $MDC_KVER_RE ]]; then
		echo "$1"
	else
		"$MDC_TOP/scripts/kernels.sh" resolve "$1"
	fi
}

item() {	# list n: the n-th item of a comma list, or the list's only item
	case $1 in
	*,*) echo "$1" | cut -d, -f"$2" ;;
	*) echo "$1" ;;
	esac
}

# The kernels, default first, each once.
kernels=("$kver")
add_kernel() {
	local k
	k=$(resolve "$1") || die "cannot resolve kernel '$1'"
	[[ " ${kernels[*]} " == *" $k "* ]] || kernels+=("$k")
}
for name in ${MDC_IMAGE_KERNELS:-$(echo "${MDC_KERNEL:-}" | tr ',' ' ')}; do
	add_kernel "$name"
done

# Kernels that need the test build: MDC_IMAGE_TEST, and every node that
# MDCLUSTER puts on the test module, on the kernel MDC_KERNEL gives it.
declare -A want_test=()
for name in ${MDC_IMAGE_TEST:-}; do
	if [ "$name" = all ]; then
		for k in "${kernels[@]}"; do want_test[$k]=1; done
	else
		want_test[$(resolve "$name")]=1
	fi
done
if [[ ,${MDCLUSTER:-}, == *,test,* ]]; then
	# As many nodes as the longer list names (a single name means all).
	nodes=$(printf '%s\n' "$MDCLUSTER" "${MDC_KERNEL:-}" | awk -F, '{ if (NF > n) n = NF } END { print n }')
	for n in $(seq 1 "$nodes"); do
		[ "$(item "$MDCLUSTER" "$n")" = test ] || continue
		name=$(item "${MDC_KERNEL:-}" "$n")
		if [ -n "$name" ]; then
			want_test[$(resolve "$name")]=1
		else
			want_test[$kver]=1
		fi
	done
fi

# The newest of the files given that exist and were built for kernel $1.
newest_for() {	# kver file...
	local k=$1 f best=""
	shift
	for f in "$@"; do
		[ -f "$f" ] || continue
		[ "$(modinfo -F vermagic "$f" | cut -d' ' -f1)" = "$k" ] || continue
		if [ -z "$best" ] || [ "$f" -nt "$best" ]; then
			best=$f
		fi
	done
	echo "$best"
}

# MDC_OURS_KO (e.g. the one DKMS installed:
# /lib/modules/KVER/updates/dkms/md-cluster.ko.xz) must fit a served kernel.
ours_for=""
if [ -n "${MDC_OURS_KO:-}" ]; then
	[ -f "$MDC_OURS_KO" ] || die "$MDC_OURS_KO missing"
	ours_for=$(modinfo -F vermagic "$MDC_OURS_KO" | cut -d' ' -f1)
	[[ " ${kernels[*]} " == *" $ours_for "* ]] ||
		die "$MDC_OURS_KO is built for $ours_for, not for ${kernels[*]}"
fi

# A module older than a source file is rebuilt: a cluster must never boot
# yesterday's code on one kernel and today's on another.
stale() {	# ko
	[ -n "$(find "$MDC_TOP/src" -type f -newer "$1" -print -quit)" ]
}

# Our module for a kernel, built when there is none or it is stale.
ours_ko() {	# kver
	local k=$1 ko legacy=()
	if [ "$k" = "$ours_for" ]; then
		echo "$MDC_OURS_KO"
		return
	fi
	# build-module.sh also leaves the default kernel's in build/.
	[ "$k" = "$kver" ] && legacy=("$MDC_BUILD/md-cluster.ko")
	ko=$(newest_for "$k" "$(mdc_ko_dir "$k")/md-cluster.ko" "${legacy[@]}")
	if [ -z "$ko" ] || stale "$ko"; then
		echo "mkimage: building md-cluster.ko for $k" >&2
		KVER=$k "$MDC_TOP/scripts/build-module.sh" >&2 || die "module build for $k failed"
		ko=$(newest_for "$k" "$(mdc_ko_dir "$k")/md-cluster.ko")
		[ -n "$ko" ] || die "build-module.sh left no module for $k"
	fi
	echo "$ko"
}

test_ko() {	# kver: the test build, built only when asked for; may print nothing
	local k=$1 ko legacy=()
	[ "$k" = "$kver" ] && legacy=("$MDC_BUILD/test/md-cluster.ko")
	ko=$(newest_for "$k" "$(mdc_ko_dir "$k")/test/md-cluster.ko" "${legacy[@]}")
	if { [ -z "$ko" ] && [ -n "${want_test[$k]:-}" ]; } || { [ -n "$ko" ] && stale "$ko"; }; then
		echo "mkimage: building the test md-cluster.ko for $k" >&2
		MDC_TEST=1 KVER=$k "$MDC_TOP/scripts/build-module.sh" >&2 ||
			die "test module build for $k failed"
		ko=$(newest_for "$k" "$(mdc_ko_dir "$k")/test/md-cluster.ko")
		[ -n "$ko" ] || die "build-module.sh left no test module for $k"
	fi
	echo "$ko"
}

# Everything that may build or download comes before the image is touched.
groot=$("$MDC_TOP/scripts/guestroot.sh" | tail -n 1) || die "no guest userspace (scripts/guestroot.sh)"
declare -A tree=() ours=() testko=()
for k in "${kernels[@]}"; do
	tree[$k]=$("$MDC_TOP/scripts/kernels.sh" tree "$k") || die "no kernel tree for $k"
	ours[$k]=$(ours_ko "$k")
	testko[$k]=$(test_ko "$k")
done

rm -rf "$root"
mkdir -p "$root"/{bin,sbin,etc,proc,sys,dev,run,tmp,root/.ssh,var/tmp,var/log,var/run,mnt}
mkdir -p "$root"/usr/{bin,sbin,lib} "$root/lib64" "$root/etc/dropbear" "$root/etc/corosync" \
	"$root/etc/dlm" "$root/etc/mdc"
# bookworm's merged /usr: /lib and /usr/lib are one directory.
ln -s usr/lib "$root/lib"

copy_file() {	# a file of the guest root to the same path in the image
	local f=$1 real
	[ -e "$root$f" ] && return 0
	# Links resolve inside the guest root, not on the host.
	real=$(chroot "$groot" readlink -f "$f") && [ -f "$groot$real" ] ||
		die "$f: not in the guest root $groot (guest/packages)"
	mkdir -p "$root$(dirname "$f")"
	cp "$groot$real" "$root$f"
}

copy_bin() {	# a binary and the libraries ldd finds for it, in the guest root
	local f=$1 lib
	copy_file "$f"
	for lib in $(chroot "$groot" ldd "$f" 2>/dev/null | grep -o '/[^ ]*'); do
		copy_file "$lib"
	done
}

bins=(
	/bin/busybox /bin/bash /usr/sbin/mdadm /usr/sbin/corosync
	/usr/sbin/corosync-cmapctl /usr/sbin/corosync-quorumtool /usr/sbin/corosync-cfgtool
	/usr/sbin/dlm_controld /usr/sbin/dlm_tool /bin/kmod /sbin/blkid /bin/lsblk
	/usr/bin/pgrep /bin/dd /usr/bin/sha256sum /usr/bin/cmp /usr/bin/head /usr/bin/yes
	/usr/sbin/dropbear /usr/bin/dbclient /usr/bin/dropbearkey
	/usr/bin/bc /usr/bin/setsid /usr/bin/flock
)
for b in "${bins[@]}"; do
	copy_bin "$b"
done
# pahole, for the package's load-time layout check (tests/32).
copy_bin /usr/bin/pahole
# What ldd cannot see: mdadm dlopens the cluster libraries, libknet its
# compression plugins, glibc its NSS backend.
for lib in libcmap.so.4 libdlm_lt.so.3 libdlm.so.3 libnss_files.so.2; do
	copy_bin "$libdir/$lib"
done
for p in "$groot$libdir"/kronosnet/compress_*.so; do
	copy_bin "${p#"$groot"}"
done
copy_file /lib64/ld-linux-x86-64.so.2

# Busybox provides the rest of the userland; real tools above win.
for a in $("$groot/bin/busybox" --list); do
	case $a in busybox) continue ;; esac
	for d in bin sbin usr/bin usr/sbin; do
		[ -e "$root/$d/$a" ] && continue 2
	done
	ln -s /bin/busybox "$root/bin/$a"
done
for a in modprobe insmod rmmod lsmod modinfo depmod; do
	rm -f "$root/bin/$a" "$root/sbin/$a"
	ln -s /bin/kmod "$root/sbin/$a"
done
ln -sf bash "$root/bin/sh"

# Kernel modules, per kernel: the closure of what the cluster needs,
# decompressed (the kernel cannot load .ko.xz without userspace help from
# kmod's libs).  virtio_pci is a module on 6.1 (built in later) and nothing
# depends on it: it is named here and loaded before the virtio drivers.
want=(configfs dlm md-mod raid1 raid10 md-cluster virtio_pci virtio_blk virtio_net virtio_rng)
declare -A seen=()
# Always the distribution's own files from kernel/: a module installed on
# this host into updates/ (our DKMS package, say) must not reach the image.
module_file() {	# mods module: its file under kernel/, or nothing (built in)
	find "$1/kernel" \( -name "${2//-/_}.ko*" -o -name "${2//_/-}.ko*" \) -print -quit
}
add_module() {	# src dst module: from the kernel's tree to /lib/modules/KVER
	local src=$1 dst=$2 m=$3 path dep
	[ -n "${seen[$dst:$m]:-}" ] && return 0
	seen[$dst:$m]=1
	path=$(module_file "$src" "$m")
	# Built-in modules have no file: nothing to copy, no dependencies.
	[ -n "$path" ] && [ -f "$path" ] || return 0
	local rel=${path#"$src"/}
	mkdir -p "$root$dst/$(dirname "$rel")"
	case $path in
	*.xz) xz -dc "$path" >"$root$dst/${rel%.xz}" ;;
	*) cp "$path" "$root$dst/$rel" ;;
	esac
	for dep in $(modinfo -F depends "$path" | tr ',' ' '); do
		add_module "$src" "$dst" "$dep"
	done
}
put_ko() {	# file dest: a module, decompressed
	case $1 in
	*.xz) xz -dc "$1" >"$2" ;;
	*) cp "$1" "$2" ;;
	esac
}
# The distribution's md-cluster stays in kernel/; ours (and the test build,
# if there is one) wait in /lib/mdc/KVER and are put in updates/ at boot.
rm -f "$out/kernels.tmp"
for k in "${kernels[@]}"; do
	src=${tree[$k]%/}/lib/modules/$k
	mods=/lib/modules/$k
	mkdir -p "$root$mods" "$root/lib/mdc/$k"
	for m in "${want[@]}"; do
		add_module "$src" "$mods" "$m"
	done
	put_ko "${ours[$k]}" "$root/lib/mdc/$k/ours.ko"
	variants="stock ours"
	if [ -n "${testko[$k]}" ]; then
		put_ko "${testko[$k]}" "$root/lib/mdc/$k/test.ko"
		variants+=" test"
	fi
	# What ours needs must be in the image too.
	for dep in $(modinfo -F depends "$root/lib/mdc/$k/ours.ko" | tr ',' ' '); do
		add_module "$src" "$mods" "$dep"
	done
	cp "$src"/modules.builtin* "$src/modules.order" "$root$mods/" 2>/dev/null || true
	# The load list for guest/rc: every wanted module that is a file on
	# this kernel; the others must be built in, which modules.builtin
	# proves when the kernel's packages carry it.
	for m in "${want[@]}"; do
		if [ -n "$(module_file "$src" "$m")" ]; then
			echo "$m"
		elif [ -f "$src/modules.builtin" ]; then
			grep -Eq "/(${m//-/_}|${m//_/-})\.ko\$" "$src/modules.builtin" ||
				die "$k: $m is neither a module nor built in"
		fi
	done >"$root/lib/mdc/$k/modules"
	if [ ! -f "$src/modules.builtin" ]; then
		builtin=$(for m in "${want[@]}"; do
			[ -n "$(module_file "$src" "$m")" ] || printf ' %s' "$m"
		done)
		echo "mkimage: $k: no modules.builtin, taken as built in:$builtin" >&2
	fi
	echo "$k $variants" >>"$out/kernels.tmp"
done

# Guest scripts.
install -m 755 "$MDC_TOP/guest/init" "$root/init"
install -m 755 "$MDC_TOP/guest/rc" "$root/etc/mdc/rc"
install -m 755 "$MDC_TOP/guest/uevent-handler" "$root/etc/mdc/uevent-handler"
install -m 755 "$MDC_TOP/guest/ssh" "$root/usr/bin/ssh"
install -m 755 "$MDC_TOP/guest/mdc-io" "$root/usr/bin/mdc-io"
# mdadm's cluster tests want pacemaker, sbd, iSCSI and udev tools: stand-ins,
# put on the PATH only by scripts/conformance.sh.
mkdir -p "$root/etc/mdc/standins"
install -m 755 "$MDC_TOP"/guest/standins/* "$root/etc/mdc/standins/"
printf '::sysinit:/etc/mdc/rc\n::shutdown:/bin/sync\n' >"$root/etc/inittab"

# Accounts and keys: root logs in with the test key only.  The keys are
# generated per build and never leave build/.
echo 'root:x:0:0:root:/root:/bin/bash' >"$root/etc/passwd"
echo 'root:x:0:' >"$root/etc/group"
echo 'root:*:1:0:99999:7:::' >"$root/etc/shadow"
echo '/bin/bash' >"$root/etc/shells"
echo 'passwd: files' >"$root/etc/nsswitch.conf"
printf 'group: files\nshadow: files\nhosts: files\n' >>"$root/etc/nsswitch.conf"
if [ ! -f "$out/id_ed25519" ]; then
	dropbearkey -t ed25519 -f "$out/id_ed25519" >/dev/null 2>&1
	dropbearkey -t ed25519 -f "$out/host_ed25519" >/dev/null 2>&1
fi
dropbearkey -y -f "$out/id_ed25519" | grep '^ssh-' >"$root/root/.ssh/authorized_keys"
cp "$out/id_ed25519" "$root/root/.ssh/id_dropbear"
# Every guest has the same host key: the guests know each other by name and
# by cluster address (guest/rc's default network) without a prompt.
hostkey=$(dropbearkey -y -f "$out/host_ed25519" | grep '^ssh-' | cut -d' ' -f1-2)
for i in $(seq 1 16); do
	printf '10.213.0.%d %s\nnode%d %s\n' "$i" "$hostkey" "$i" "$hostkey"
done >"$root/root/.ssh/known_hosts"
cp "$out/host_ed25519" "$root/etc/dropbear/dropbear_ed25519_host_key"
chmod 700 "$root/root/.ssh"
chmod 600 "$root/root/.ssh/authorized_keys" "$root/root/.ssh/id_dropbear"

# Kernels next to the initramfs; a kernel no longer served loses its file,
# so that a stale one is never booted.
for f in "$out"/vmlinuz-*; do
	[ -f "$f" ] || continue
	[[ " ${kernels[*]} " == *" ${f#"$out"/vmlinuz-} "* ]] || rm -f "$f"
done
for k in "${kernels[@]}"; do
	cp "${tree[$k]%/}/boot/vmlinuz-$k" "$out/vmlinuz-$k.tmp"
	mv "$out/vmlinuz-$k.tmp" "$out/vmlinuz-$k"
done
cp "$out/vmlinuz-$kver" "$out/vmlinuz"
(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 >"$out/initramfs.cpio.gz.tmp"
mv "$out/initramfs.cpio.gz.tmp" "$out/initramfs.cpio.gz"
mv "$out/kernels.tmp" "$out/kernels"
echo "mkimage: $(du -h "$out/initramfs.cpio.gz" | cut -f1) initramfs for ${kernels[*]}"
