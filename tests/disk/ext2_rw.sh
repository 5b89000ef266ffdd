#!/usr/bin/env bash
# ext2_rw.sh - files written through the FS server survive a power-off: boot 1 writes on
# an ext2 image made by mke2fs -d, boot 2 (same image) reads it back, then on the host
# e2fsck -fn finds the image clean and debugfs shows the bytes.
source "$(dirname "$0")/../../scripts/disk-lib.sh"
dir=$BUILD/disk/ext2 img=$BUILD/disk/ext2/disk.img
rm -rf "$dir" && mkdir -p "$dir/stage/data" "$dir/stage/etc"
echo "motd from ext2" > "$dir/stage/etc/motd"
head -c 70000 /dev/zero | tr '\0' 'z' > "$dir/stage/data/big"
mke2fs -q -t ext2 -b 1024 -d "$dir/stage" -F "$img" 8M > /dev/null 2>&1 || { echo "not ok - mke2fs: failed"; exit 1; }
disk_boot write "$BUILD/disk/rw_write.bin"
disk_boot read "$BUILD/disk/rw_read.bin"
disk_fsck
expect=$( (for i in $(seq 0 9999); do :; done); python3 -c "import sys; sys.stdout.write(''.join(chr(97 + i % 26) for i in range(10000)) + 'END')")
if [ "$(debugfs -R 'cat /data/new.txt' "$img" 2>/dev/null)" = "$expect" ] &&
	[ "$(debugfs -R 'cat /newdir/f' "$img" 2>/dev/null)" = "persist me" ]; then
	echo "ok - debugfs_shows_bytes"
else
	echo "not ok - debugfs_shows_bytes"
fi
