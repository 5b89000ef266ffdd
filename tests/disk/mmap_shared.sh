#!/usr/bin/env bash
# mmap_shared.sh - bytes written through MAP_SHARED mappings survive a power-off: boot 1
# (mmap_write.c) writes through mappings on an ext2 image, boot 2 (mmap_read.c) reads
# them back; then on the host e2fsck -fn finds the image clean and debugfs shows the bytes.
source "$(dirname "$0")/../../scripts/disk-lib.sh"
dir=$BUILD/disk/mmap img=$BUILD/disk/mmap/disk.img
rm -rf "$dir" && mkdir -p "$dir/stage/data"
python3 -c "import sys; sys.stdout.buffer.write(bytes((i * 7 + i // 4096) & 0xff for i in range(256 * 1024)))" \
	> "$dir/stage/data/big.bin"
python3 -c "import sys; sys.stdout.buffer.write(bytes((i // 4096 * 13 + i) & 0xff for i in range(6 << 20)))" \
	> "$dir/stage/data/huge.bin"
mke2fs -q -t ext2 -b 4096 -d "$dir/stage" -F "$img" 16M > /dev/null 2>&1 || { echo "not ok - mke2fs: failed"; exit 1; }
disk_boot write "$BUILD/disk/mmap_write.bin"
disk_boot read "$BUILD/disk/mmap_read.bin"
disk_fsck
python3 - "$dir/expect.bin" <<'PY'
import sys
b = bytearray(ord('A') + i % 23 for i in range(3 * 4096 + 100))
for off, s in ((6000, b"WRITTEN"), (8000, b"M"), (9000, b"peer was here"), (10000, b"unmapped")):
    b[off:off + len(s)] = s
open(sys.argv[1], "wb").write(b)
PY
debugfs -R 'dump /data/shared.bin '"$dir/got.bin" "$img" > /dev/null 2>&1
if cmp -s "$dir/got.bin" "$dir/expect.bin"; then
	echo "ok - debugfs_shows_mapped_bytes"
else
	echo "not ok - debugfs_shows_mapped_bytes: $dir/got.bin differs from $dir/expect.bin"
fi
