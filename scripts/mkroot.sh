#!/bin/bash
# The "debian" guest flavour (MDC_GUEST=debian): a real Debian 12 system
# with systemd, udev, corosync, pacemaker, crmsh, dlm-controld, sbd and
# mdadm, and this project's md-cluster-dkms package installed and built by
# DKMS for the guests' kernel (at image build time, in the chroot, at host
# speed; the guests boot the result).  Guests boot it from a qcow2 overlay
# each over one read-only base.
#
#   mkroot.sh          build build/debian/{base.qcow2,vmlinuz,initrd.img}
#                      and sbd.img (a 16 MiB SBD disk template: `sbd
#                      create`, watchdog 10 s, msgwait 20 s)
#                      unless build/debian/key matches the inputs (package
#                      list, guest/debian/, guest/mdc-io, this script, what
#                      the .deb is built from, the test keys of build/image)
#   mkroot.sh --force  rebuild anyway
#
# Needs build/image (make image: the test keys) and make deb.  Nothing is
# installed on the host but mmdebstrap and qemu-utils (scripts/deps.sh).
set -euo pipefail
. "$(dirname "$0")/versions.sh"

out=$MDC_BUILD/debian
img=$MDC_BUILD/image
deb=$MDC_BUILD/md-cluster-dkms_${MDC_VERSION}_all.deb
src=$MDC_TOP/guest/debian
kver=$(sed -n 's/^linux-image-\(.*\)-unsigned$/\1/p' "$src/packages")
force=${1:-}

die() {
	echo "mkroot: $*" >&2
	exit 1
}

[ -f "$img/id_ed25519" ] || die "no test keys: run make image first"
[ -f "$deb" ] || die "no $deb: run make deb first"
[ -n "$kver" ] || die "$src/packages names no linux-image-*-unsigned"

# The package's inputs, not the .deb itself: its bytes change with every
# build (timestamps) while what it installs does not.
# shellcheck disable=SC2046
key=$(cd "$MDC_TOP" && cat "$src"/* guest/mdc-io guest/ssh "$0" VERSION \
	$(find debian src/probes -type f | sort) src/*.[ch] src/Kbuild src/Kconfig \
	scripts/md-headers.sh scripts/md-layout-check.sh scripts/dkms-build.sh \
	scripts/md-load-check.sh "$img/id_ed25519" "$img/host_ed25519" | sha256sum | cut -d' ' -f1)
if [ "$force" != --force ] && [ -f "$out/base.qcow2" ] && [ "$(cat "$out/key" 2>/dev/null)" = "$key" ]; then
	echo "mkroot: $out/base.qcow2 is up to date"
	exit 0
fi

"$MDC_TOP/scripts/deps.sh" root
rm -rf --one-file-system "$out"
mkdir -p "$out"
root=$out/root
pkgs=$(grep -v '^#' "$src/packages" | paste -sd, -)
pub=$(dropbearkey -y -f "$img/id_ed25519" | grep '^ssh-')
start=$SECONDS
echo "mkroot: mmdebstrap bookworm into $root ($(grep -vc '^#' "$src/packages") packages and their dependencies)"
# Hooks run on the host with the root as $1.
mmdebstrap --mode=root --variant=apt --include="$pkgs" \
	--customize-hook="install -m 755 '$src/node-setup' \"\$1/usr/local/sbin/mdc-node-setup\"" \
	--customize-hook="install -m 644 '$src/mdc-node-setup.service' '$src/mdc-dropbear.service' \"\$1/etc/systemd/system/\"" \
	--customize-hook="install -m 755 '$MDC_TOP/guest/mdc-io' \"\$1/usr/bin/mdc-io\"" \
	--customize-hook="mkdir -p \"\$1/etc/dropbear\" \"\$1/root/.ssh\" && cp '$img/host_ed25519' \"\$1/etc/dropbear/dropbear_ed25519_host_key\" && cp '$img/id_ed25519' \"\$1/root/.ssh/id_dropbear\" && echo '$pub' >\"\$1/root/.ssh/authorized_keys\" && chmod 600 \"\$1/root/.ssh/\"*" \
	--customize-hook="cp '$deb' \"\$1/tmp/\" && chroot \"\$1\" apt-get install -y -q /tmp/$(basename "$deb")" \
	--customize-hook="chroot \"\$1\" dkms install md-cluster/$MDC_VERSION -k $kver && chroot \"\$1\" modinfo -k $kver -n md-cluster | grep -q updates/dkms" \
	--customize-hook="echo 'LABEL=mdcroot / ext4 defaults,noatime 0 1' >\"\$1/etc/fstab\" && echo softdog >\"\$1/etc/modules-load.d/softdog.conf\" && ln -sf /dev/null \"\$1/etc/systemd/system/getty@tty1.service\"" \
	--customize-hook="chroot \"\$1\" systemctl enable mdc-node-setup.service mdc-dropbear.service corosync.service pacemaker.service sbd.service" \
	--customize-hook="chroot \"\$1\" systemctl disable dlm.service apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer mdmonitor-oneshot.timer 2>/dev/null || true" \
	--customize-hook="chroot \"\$1\" systemctl mask mdmonitor.service systemd-timesyncd.service 2>/dev/null || true" \
	--customize-hook="rm -f \"\$1/tmp/\"*.deb \"\$1/etc/machine-id\" && touch \"\$1/etc/machine-id\"" \
	bookworm "$root" \
	"deb http://deb.debian.org/debian bookworm main" \
	"deb http://deb.debian.org/debian bookworm-updates main" \
	"deb http://deb.debian.org/debian-security bookworm-security main" \
	>"$out/mmdebstrap.log" 2>&1 || { tail -n 30 "$out/mmdebstrap.log"; die "mmdebstrap failed ($out/mmdebstrap.log)"; }
# The SBD disk's header, written once as an administrator does before the
# cluster first starts (sbd needs a block device: a loop device here).
truncate -s 16M "$out/sbd.img"
loop=$(losetup -f --show "$out/sbd.img")
mount --bind /dev "$root/dev"
mount -t proc proc "$root/proc"
rc=0
chroot "$root" sbd -d "$loop" -1 10 -4 20 create >"$out/sbd.log" 2>&1 || rc=$?
umount "$root/proc" "$root/dev"
losetup -d "$loop"
[ $rc = 0 ] || { cat "$out/sbd.log"; die "sbd create failed"; }
cp "$root/boot/vmlinuz-$kver" "$out/vmlinuz"
cp "$root/boot/initrd.img-$kver" "$out/initrd.img"
size=$(( $(du -sm "$root" | cut -f1) * 13 / 10 + 512 ))
mke2fs -q -t ext4 -L mdcroot -d "$root" "$out/root.ext4" "${size}M"
qemu-img convert -f raw -O qcow2 "$out/root.ext4" "$out/base.qcow2"
rm -rf --one-file-system "$out/root.ext4" "$root"
echo "$kver" >"$out/kernel"
echo "$key" >"$out/key"
echo "mkroot: $out/base.qcow2 ($(du -h "$out/base.qcow2" | cut -f1), kernel $kver) in $((SECONDS - start))s"
