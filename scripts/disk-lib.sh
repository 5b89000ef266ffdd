# disk-lib.sh - sourced by tests/disk/*.sh that boot test kernels (made by
# `make disk-tests-build` in $BUILD/disk) with an ext2 image attached and written in place.
# Set dir (logs) and img (the image) before calling disk_boot.
set -u
BUILD=${BUILD:-build}

# disk_boot NAME KERNEL: boot KERNEL with $img on virtio-blk; print its "ok"/"not ok" lines
# prefixed with NAME, and a failure if QEMU did not exit with 0 (the test's status).
disk_boot() {
	timeout --foreground -k 5 60 qemu-system-riscv64 -M virt -m 256M -nographic -bios default \
		-kernel "$2" -drive file="$img",format=raw,if=none,id=hd0 -device virtio-blk-device,drive=hd0 \
		< /dev/null > "$dir/$1.log" 2>&1
	local rc=$?
	grep -a -E '^(ok|not ok) - ' "$dir/$1.log" | sed "s/^\(ok\|not ok\) - /\1 - $1: /"
	[ "$rc" -eq 0 ] || echo "not ok - $1: QEMU exited with $rc (see $dir/$1.log)"
}

# disk_fsck: the image is clean by e2fsck -fn.
disk_fsck() {
	if e2fsck -fn "$img" > "$dir/e2fsck.log" 2>&1; then
		echo "ok - e2fsck_clean"
	else
		echo "not ok - e2fsck_clean: see $dir/e2fsck.log"
	fi
}
