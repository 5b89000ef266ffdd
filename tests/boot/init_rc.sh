#!/usr/bin/env bash
# init_rc.sh - the default kernel's init runs the start script /etc/rc
# (user/rootfs/etc/rc) with /bin/sh, busybox's ash, then an interactive shell on the
# console, and ends with that shell's status (boot-lib.sh types "exit" into it):
#  - on the root packed into the kernel: the script's lines in order, busybox and tmpfs
#    there, /bin/hello started from its file with its exit statuses, ash's errors for a
#    missing program and for a file that is not a program with the script going on, then
#    the interactive shell, init and QEMU ending with status 0;
#  - on an ext2 disk made from the same staged root ($BUILD/rootfs, busybox's applets as
#    hard links) with its own motd: the shell and /bin/hello run from the disk;
#  - on a disk whose /etc/rc fails (exit 3): its status reported, the interactive shell
#    still started, and what is typed there (exit 7) carried through init to QEMU;
#  - on a disk without /bin/sh: init says so and ends with status 0.
. scripts/boot-lib.sh
require "$B/kernel.bin" "$BUILD/rootfs/bin/sh" "$BUILD/rootfs/bin/hello" "$BUILD/rootfs/etc/rc"
dir=$BUILD/init-rc

# in_order LINE...: each LINE is a whole line of $log (carriage returns aside), in this order.
# If not, sets missing to the first one not found (after the ones before it).
in_order() {
	local want=("$@") i=0 l
	while [ "$i" -lt ${#want[@]} ] && IFS= read -r l; do
		# ash's line editor asks the terminal where the cursor is (ESC [6n) when nothing
		# typed is waiting at its prompt: whether the typed line came first is timing.
		l=${l//$'\e[6n'/}
		[ "${l%%$'\r'*}" = "${want[i]}" ] && i=$((i + 1))
	done < "$log"
	missing=${want[i]:-}
	[ "$i" -eq ${#want[@]} ]
}

# expect NAME LINE...: ok if the lines are in $log in order.
expect() {
	local name=$1
	shift
	if in_order "$@"; then ok "$name"; else not_ok "$name" "no line '$missing' where expected (log: $log)"; fi
}

# expect_status NAME N: init exited with N, QEMU with N, within the time limit.
expect_status() {
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then not_ok "$1" "timed out after $secs s (log: $log)"
	elif ! grep -q "^vm: init exited with status $2\b" "$log"; then not_ok "$1" "init did not exit with $2 (log: $log)"
	elif [ "$rc" -ne "$2" ]; then not_ok "$1" "QEMU exited with $rc, not $2 (log: $log)"
	else ok "$1 ($secs s)"; fi
}

# disk NAME: an ext2 image of the stage $dir/NAME, booted as the root (sets log, rc, secs).
disk() {
	local img=$dir/$1.img
	if ! mke2fs -q -t ext2 -b 1024 -d "$dir/$1" -F "$img" 16M > "$dir/$1.mke2fs.log" 2>&1; then
		not_ok "mke2fs $1" "see $dir/$1.mke2fs.log"
		finish
	fi
	boot "init-rc-$1" 30 -bios default -kernel "$B/kernel.bin" \
		-drive "file=$img,format=raw,if=none,id=hd0,snapshot=on" -device virtio-blk-device,drive=hd0
}

boot init-rc 30 -bios default -kernel "$B/kernel.bin"
expect "init runs /etc/rc with /bin/sh (busybox's ash)" "init: starting /bin/sh /etc/rc" \
	"rc: hello from /etc/rc, run by /bin/sh" "Welcome to the RISC-V microkernel." \
	"rc: BusyBox v1.35.0 (Debian 1.35.0-4) multi-call binary." "rc: /tmp is tmpfs, / is ramfs" "rc: done" \
	"init: /bin/sh /etc/rc exited with status 0"
expect "the script runs /bin/hello from its file" "rc: starting /bin/hello from the file system" \
	"hello from /bin/hello, a program on the file system" "rc: hello exited with 42" \
	"hello from /bin/hello, a program on the file system: with two words" "rc: hello exited with 45"
expect "the shell reports a missing program and a non-program, and goes on" \
	"/etc/rc: line 14: nosuch: not found" "rc: status 127" "/etc/rc: line 16: /etc/motd: Permission denied" \
	"rc: status 126" "rc: done"
expect "then an interactive shell, which exit ends" "init: starting /bin/sh" "/ # exit" \
	"init: /bin/sh exited with status 0"
expect_status "the interactive shell's status 0 is init's and QEMU's" 0

rm -rf "$dir" && mkdir -p "$dir"
cp -a "$BUILD/rootfs" "$dir/ext2"
echo "motd from the ext2 disk" > "$dir/ext2/etc/motd"
disk ext2
expect "on an ext2 root, the shell runs /etc/rc and /bin/hello from the disk" \
	"fs: root file system: ext2 on the disk" "init: starting /bin/sh /etc/rc" "motd from the ext2 disk" \
	"hello from /bin/hello, a program on the file system" "rc: hello exited with 42" "rc: done" \
	"init: /bin/sh exited with status 0"
expect_status "the ext2 root's shell ends with status 0" 0

cp -a "$BUILD/rootfs" "$dir/fails"
printf '%s\n' "echo rc: going" "exit 3" "echo rc: not reached" > "$dir/fails/etc/rc"
BOOT_TYPE="exit 7" disk fails
expect "a script's exit 3 is reported, and the interactive shell starts" "rc: going" \
	"init: /bin/sh /etc/rc exited with status 3" "init: starting /bin/sh" "init: /bin/sh exited with status 7"
if grep -q '^rc: not reached' "$log"; then not_ok "exit N ends the script" "a line after exit 3 ran (log: $log)"
else ok "exit N ends the script"; fi
expect_status "the interactive shell's exit 7 is init's and QEMU's" 7

cp -a "$BUILD/rootfs" "$dir/noshell"
rm "$dir/noshell/bin/sh"
disk noshell
expect "without /bin/sh, init says so" "init: no /bin/sh on the root file system (No such file or directory)"
if grep -q '^rc: ' "$log"; then not_ok "without /bin/sh, no script runs" "rc lines in $log"
else ok "without /bin/sh, no script runs"; fi
expect_status "without /bin/sh, init ends with status 0" 0
finish
