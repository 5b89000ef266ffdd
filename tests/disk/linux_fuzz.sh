#!/usr/bin/env bash
# linux_fuzz.sh - the fuzz test of the Linux personality: tests/linuxfuzz/fuzz.c, a static
# glibc program making FUZZ_CALLS (50000) random raw system calls from seed FUZZ_SEED (1),
# boots under our init twice: on the read-only root packed into the kernel, and with the
# same root on an ext2 disk, writable, so that the calls that create and write get through
# (under /fz only). Each boot must show: the program's own checks all "ok" (it still works
# afterwards: malloc, files, getpid, a pipe, mmap, signals), its end with exit status 0,
# the personality's "unimplemented system calls" line (the fuzz makes unknown numbers), no
# kernel panic, no task killed by the VM server, and a power-off with status 0 within the
# timeout. After the disk boot the file system must be clean (e2fsck -fn) and the root
# directory must have gained /fz and nothing else.
#   FUZZ_SEED=7 FUZZ_CALLS=100000 bash tests/disk/linux_fuzz.sh   (another run by hand)
source "$(dirname "$0")/../../scripts/disk-lib.sh"
seed=${FUZZ_SEED:-1} calls=${FUZZ_CALLS:-50000}
dir=$BUILD/disk/linux_fuzz img=$BUILD/disk/linux_fuzz/disk.img
rm -rf "$dir" && mkdir -p "$dir"
make --no-print-directory -s BUILD="$BUILD" PROG=tests/linuxfuzz/fuzz.c ARGS="$seed $calls" prog-image \
	> "$dir/build.log" 2>&1
pdir=$(tail -n 1 "$dir/build.log")
[ -f "$pdir/kernel.bin" ] || { sed 's/^/#   /' "$dir/build.log"; echo "not ok - linux_fuzz: does not build"; exit 1; }
cp "$pdir/kernel.bin" "$dir/kernel.bin"   # later builds relink $pdir's
mke2fs -q -t ext2 -b 4096 -d "$pdir/rootfs" -F "$img" 32M > "$dir/mke2fs.log" 2>&1 ||
	{ echo "not ok - linux_fuzz: mke2fs failed"; exit 1; }
debugfs -R 'ls -p /' "$img" 2> /dev/null | cut -d/ -f6 | sort > "$dir/root-before"

# check NAME LOG RC: the console of one boot.
check() {
	local name=$1 log=$2 rc=$3 why=
	grep -a -E '^(ok|not ok) - linux_fuzz: ' "$log" | sed "s/^\(ok\|not ok\) - linux_fuzz: /\1 - linux_fuzz: $name: /"
	grep -aq -E '^(ok|not ok) - linux_fuzz: ' "$log" || why="no checks printed"
	grep -aq '^@@ init: program end, exit status 0$' "$log" || why="${why:+$why; }no end with exit status 0"
	grep -aq '^linux: unimplemented system calls: ' "$log" || why="${why:+$why; }no 'unimplemented system calls' line"
	grep -aq 'kernel panic' "$log" && why="${why:+$why; }kernel panic"
	grep -aq '^vm: .* killed' "$log" && why="${why:+$why; }$(grep -a -m1 '^vm: .* killed' "$log")"
	grep -aq '^vm: .* VMAs broken' "$log" && why="${why:+$why; }$(grep -a -m1 '^vm: .* VMAs broken' "$log")"
	grep -aq '^kernel: powering off (status 0)' "$log" || why="${why:+$why; }no power-off with status 0"
	[ "$rc" -eq 124 ] || [ "$rc" -eq 137 ] && why="${why:+$why; }timed out"
	[ "$rc" -eq 0 ] || why="${why:+$why; }QEMU exited with $rc"
	if [ -z "$why" ]; then
		echo "ok - linux_fuzz: $name: seed $seed, $calls calls, the system came through ($(grep -a -m1 -o '[0-9]* calls ([0-9]* unimplemented)' "$log"))"
	else
		echo "not ok - linux_fuzz: $name: seed $seed: $why (see $log); the last lines:"
		tail -n 8 "$log" | cut -c1-200 | sed 's/^/#   /'
	fi
}

boot() {   # boot LOG [QEMU-ARGS...]: the kernel under a timeout; QEMU's status
	local log=$1 rc; shift
	timeout --foreground -k 5 "${FUZZ_TIMEOUT:-60}" qemu-system-riscv64 -M virt -m 256M -nographic -no-reboot \
		-bios default -kernel "$dir/kernel.bin" "$@" < /dev/null > "$log.raw" 2>&1
	rc=$?
	sed 's/\r*$//' "$log.raw" > "$log"   # the console's line ends are CR LF
	return $rc
}
boot "$dir/ro.log"
check read_only_root "$dir/ro.log" $?
boot "$dir/disk.log" -drive file="$img",format=raw,if=none,id=hd0 -device virtio-blk-device,drive=hd0
check ext2_root "$dir/disk.log" $?

disk_fsck | sed 's/^\(ok\|not ok\) - /\1 - linux_fuzz: /'
debugfs -R 'ls -p /' "$img" 2> /dev/null | cut -d/ -f6 | sort > "$dir/root-after"
if diff "$dir/root-before" "$dir/root-after" > "$dir/root.diff"; then
	echo "not ok - linux_fuzz: the scratch directory /fz is not on the disk"
elif [ "$(grep -c '^[<>]' "$dir/root.diff")" -eq 1 ] && grep -qx '> fz' "$dir/root.diff"; then
	n=$(debugfs -R 'ls -p /fz' "$img" 2> /dev/null | grep -c '^/')
	echo "ok - linux_fuzz: the disk's root gained /fz and nothing else ($n names in it)"
else
	echo "not ok - linux_fuzz: the root directory changed outside /fz:"
	sed 's/^/#   /' "$dir/root.diff"
fi
