#!/bin/sh
# usb.sh DEV IMAGE: write the disk image IMAGE to the USB stick DEV (the
# whole disk, /dev/sdX), which erases it. Refuses unless DEV is a whole
# disk the kernel calls removable, none of it is mounted and it is big
# enough; then shows what it is and writes only after the answer "yes".
# For the tests: USB_SYSFS and USB_MOUNTS replace /sys and /proc/mounts,
# and USB_TEST=1 accepts a regular file as DEV.
set -eu
sysfs=${USB_SYSFS:-/sys}
mounts=${USB_MOUNTS:-/proc/mounts}

fail() {
	echo "usb.sh: $*" >&2
	exit 1
}

if [ $# -ne 2 ]; then
	echo "usage: usb.sh /dev/sdX IMAGE" >&2
	exit 2
fi
dev=$1 img=$2
name=$(basename "$dev")
[ -r "$img" ] || fail "cannot read the image $img"
if [ ! -b "$dev" ] && ! { [ "${USB_TEST:-}" = 1 ] && [ -f "$dev" ]; }; then
	fail "$dev is not a block device"
fi
blk=$sysfs/block/$name
[ -d "$blk" ] || fail "$dev is not a whole disk (a partition? give /dev/sdX)"
[ "$(cat "$blk/removable")" = 1 ] ||
	fail "$dev is not a removable disk: refusing to overwrite it"
# Mounted: the disk itself or any of its partitions (sdb1, nvme0n1p1).
in_use=$(awk -v d="$dev" 'index($1, d) == 1 { print $1 " on " $2 }' "$mounts")
[ -z "$in_use" ] || fail "$dev is mounted ($in_use): unmount it first"
size=$(( $(cat "$blk/size") * 512 ))
need=$(wc -c < "$img")
[ "$size" -ge "$need" ] ||
	fail "$dev holds $size bytes; the image needs $need"
model=$(cat "$blk/device/vendor" "$blk/device/model" 2>/dev/null |
	tr -s ' \n' ' ' || true)
echo "usb.sh: $dev: ${model:-unknown model}, $((size / 1000000)) MB, removable."
echo "usb.sh: everything on it will be lost. Type yes to write $img to it:"
read -r answer || answer=
[ "$answer" = yes ] || fail "not confirmed: nothing written"
dd if="$img" of="$dev" bs=4M conv=fsync,notrunc 2>&1
sync
echo "usb.sh: done; $dev boots on a UEFI PC (Secure Boot off, or signed)"
