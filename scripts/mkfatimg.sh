#!/usr/bin/env bash
# mkfatimg.sh OUT SIZE_MIB SRC[:DEST]... - make a disk image without root: an MBR with one
# bootable FAT partition (type 0x0c) from 1 MiB to the end, holding the given files.
# DEST is the path inside the partition (default: the file's name); directories are made.
set -euo pipefail
out=$1 size=$2
shift 2
rm -f "$out"
truncate -s "${size}M" "$out"

# le32 N: N as 4 little-endian bytes, in printf escapes.
le32() { printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 & 255)) $(($1 >> 8 & 255)) \
	$(($1 >> 16 & 255)) $(($1 >> 24 & 255)); }
start=2048 count=$((size * 2048 - 2048))
# Partition entry 1 at 446: bootable, CHS unused (U-Boot reads LBA), type 0x0c (FAT32 LBA).
printf "\\x80\\xff\\xff\\xff\\x0c\\xff\\xff\\xff$(le32 $start)$(le32 $count)" |
	dd of="$out" bs=1 seek=446 conv=notrunc status=none
printf '\x55\xaa' | dd of="$out" bs=1 seek=510 conv=notrunc status=none

part="$out@@1M"
mformat -i "$part" -F -H $start -v BOOT ::
for f in "$@"; do
	src=${f%%:*} dest=${f#*:}
	[ "$dest" = "$f" ] && dest=$(basename "$src")
	dir=$(dirname "$dest")
	[ "$dir" = . ] || mmd -D s -i "$part" "::$dir" 2>/dev/null || true
	mcopy -o -i "$part" "$src" "::$dest"
done
