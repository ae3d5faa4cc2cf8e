#!/bin/bash
# Assemble the guests' initramfs from the host's Debian packages: busybox,
# bash, mdadm, corosync, dlm_controld, kmod, dropbear and every library they
# load (ldd, plus what they dlopen), the distribution kernel's modules the
# cluster needs, the distribution's md-cluster.ko and ours.  Which
# md-cluster a guest loads is chosen at boot (kernel command line), so one
# image serves mixed clusters.
#
# MDC_OURS_KO=FILE puts FILE (.ko or .ko.xz) in as "ours" instead of
# build/md-cluster.ko.
#
# Output: build/image/initramfs.cpio.gz, build/image/vmlinuz,
#         build/image/id_ed25519 (the host's key into the guests).
set -euo pipefail
. "$(dirname "$0")/versions.sh"

kver=$(mdc_detect_kver)
out=$MDC_BUILD/image
root=$out/root
mods=/lib/modules/$kver
libdir=/usr/lib/x86_64-linux-gnu

# Our module: build/md-cluster.ko, or MDC_OURS_KO (e.g. the one DKMS
# installed: /lib/modules/KVER/updates/dkms/md-cluster.ko.xz).
ours_ko=${MDC_OURS_KO:-$MDC_BUILD/md-cluster.ko}
[ -f "$ours_ko" ] || { echo "mkimage: $ours_ko missing (make module)" >&2; exit 1; }

rm -rf "$root"
mkdir -p "$root"/{bin,sbin,etc,proc,sys,dev,run,tmp,root/.ssh,var/tmp,var/log,var/run,mnt}
mkdir -p "$root"/usr/{bin,sbin,lib} "$root/lib64" "$root/etc/dropbear" "$root/etc/corosync" \
	"$root/etc/dlm" "$root/etc/mdc"
# bookworm's merged /usr: /lib and /usr/lib are one directory.
ln -s usr/lib "$root/lib"

copy_file() {	# copy a host file to the same path in the image
	local f=$1
	[ -e "$root$f" ] && return 0
	mkdir -p "$root$(dirname "$f")"
	cp -aL "$f" "$root$f"
}

copy_bin() {	# a binary and the libraries ldd finds for it
	local f=$1 lib
	copy_file "$f"
	for lib in $(ldd "$f" 2>/dev/null | grep -o '/[^ ]*'); do
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
# pahole, for the package's load-time layout check (tests/32); present
# when the build dependencies are.
if [ -x /usr/bin/pahole ]; then
	copy_bin /usr/bin/pahole
fi
# What ldd cannot see: mdadm dlopens the cluster libraries, libknet its
# compression plugins, glibc its NSS backend.
for lib in libcmap.so.4 libdlm_lt.so.3 libdlm.so.3 libnss_files.so.2; do
	copy_bin "$libdir/$lib"
done
for p in "$libdir"/kronosnet/compress_*.so; do
	copy_bin "$p"
done
copy_file /lib64/ld-linux-x86-64.so.2

# Busybox provides the rest of the userland; real tools above win.
for a in $(busybox --list); do
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

# Kernel modules: the closure of what the cluster needs, decompressed
# (the kernel cannot load .ko.xz without userspace help from kmod's libs).
want=(configfs dlm md-mod raid1 raid10 md-cluster virtio_blk virtio_net virtio_rng)
declare -A seen=()
# Always the distribution's own files from kernel/: a module installed on
# this host into updates/ (our DKMS package, say) must not reach the image.
add_module() {
	local m=$1 path dep
	[ -n "${seen[$m]:-}" ] && return 0
	seen[$m]=1
	path=$(find "$mods/kernel" \( -name "${m//-/_}.ko*" -o -name "${m//_/-}.ko*" \) \
		-print -quit)
	# Built-in modules have no file: nothing to copy, no dependencies.
	[ -n "$path" ] && [ -f "$path" ] || return 0
	local rel=${path#"$mods"/}
	mkdir -p "$root$mods/$(dirname "$rel")"
	case $path in
	*.xz) xz -dc "$path" >"$root$mods/${rel%.xz}" ;;
	*) cp "$path" "$root$mods/$rel" ;;
	esac
	for dep in $(modinfo -F depends "$path" | tr ',' ' '); do
		add_module "$dep"
	done
}
for m in "${want[@]}"; do
	add_module "$m"
done
cp "$mods"/modules.builtin* "$mods/modules.order" "$root$mods/" 2>/dev/null || true
# The distribution's md-cluster stays in kernel/; ours (and the test build,
# if there is one) wait in /lib/mdc and are put in updates/ at boot.
mkdir -p "$root/lib/mdc"
case $ours_ko in
*.xz) xz -dc "$ours_ko" >"$root/lib/mdc/ours.ko" ;;
*) cp "$ours_ko" "$root/lib/mdc/ours.ko" ;;
esac
[ "$(modinfo -F vermagic "$root/lib/mdc/ours.ko" | cut -d' ' -f1)" = "$kver" ] ||
	{ echo "mkimage: $ours_ko is not built for $kver" >&2; exit 1; }
if [ -f "$MDC_BUILD/test/md-cluster.ko" ]; then
	cp "$MDC_BUILD/test/md-cluster.ko" "$root/lib/mdc/test.ko"
fi
echo "$kver" >"$root/etc/mdc/kver"

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

cp /boot/vmlinuz-"$kver" "$out/vmlinuz"
(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 >"$out/initramfs.cpio.gz.tmp"
mv "$out/initramfs.cpio.gz.tmp" "$out/initramfs.cpio.gz"
echo "mkimage: $(du -h "$out/initramfs.cpio.gz" | cut -f1) initramfs for $kver"
