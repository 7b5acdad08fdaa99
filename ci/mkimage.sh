#!/bin/sh
# mkimage.sh ESP_DIR IMAGE [fat]
# Write IMAGE: a GPT disk with one FAT32 EFI System Partition holding the
# files of ESP_DIR, ready for dd onto a USB stick. With "fat", write just
# the FAT32 file system (a "superfloppy", also bootable). No root, no
# loop devices: mkfs.fat and mtools work on plain files, sfdisk writes
# the partition table.
set -eu
[ $# -ge 2 ] || { echo "usage: $0 ESP_DIR IMAGE [fat]" >&2; exit 2; }
esp=$1
img=$2
kind=${3:-gpt}

# Partition size: the content with room to spare, at least 64 MiB (FAT32
# needs 65525 clusters or more).
used_kib=$(du -sk "$esp" | cut -f1)
part_mib=$(( used_kib / 1024 * 5 / 4 + 32 ))
[ "$part_mib" -ge 64 ] || part_mib=64

fat=$img.fat.tmp
rm -f "$fat"
truncate -s "${part_mib}M" "$fat"
mkfs.fat -F 32 -n ESP "$fat" >/dev/null
# mcopy -s copies folders recursively; -Q stops at the first error.
MTOOLS_SKIP_CHECK=1 mcopy -Q -s -i "$fat" "$esp"/* ::/

if [ "$kind" = fat ]; then
	mv "$fat" "$img"
	exit 0
fi

# 1 MiB before the partition (GPT header and entries, alignment) and
# 1 MiB after it (the backup GPT).
rm -f "$img"
truncate -s "$(( part_mib + 2 ))M" "$img"
sfdisk -q "$img" <<EOT
label: gpt
start=2048, size=$(( part_mib * 2048 )), type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, name="EFI System"
EOT
dd if="$fat" of="$img" bs=1M seek=1 conv=notrunc status=none
rm -f "$fat"
