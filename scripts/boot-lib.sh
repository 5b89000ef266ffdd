# boot-lib.sh - sourced by tests/boot/*.sh: boot QEMU virt under a timeout with its console in
# a log, check the log, print "ok - NAME" / "not ok - NAME: why" (see scripts/run-tests.sh).
# The images booted are made by `make boot-tests-build` (scripts/mkboottests.sh) in $BUILD/boot.
set -u
export LC_ALL=C
BUILD=${BUILD:-build}
QEMU=${QEMU:-qemu-system-riscv64}
B=$BUILD/boot
LOGS=$BUILD/test-logs/boot
OPENSBI_DYNAMIC=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin
UBOOT_ELF=/usr/lib/u-boot/qemu-riscv64_smode/uboot.elf
VIRT=(-M virt -m 256M -nographic -no-reboot -nic none)
failures=0
mkdir -p "$LOGS"

ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1: $2"; failures=$((failures + 1)); }
finish() { [ "$failures" -eq 0 ]; exit; }

# require FILE...: stop with one failure if something to boot is missing.
require() {
	local f
	for f in "$@"; do
		[ -e "$f" ] || { not_ok "$(basename "$0" .sh)" "$f missing: run make boot-tests-build"; finish; }
	done
}

# uboot_disk IMG: QEMU arguments to run U-Boot (S-mode, under QEMU's OpenSBI) with IMG on
# virtio-blk 0, in the array DISK.
uboot_disk() {
	DISK=(-bios default -kernel "$UBOOT_ELF"
	      -drive "file=$1,format=raw,if=none,id=hd0,snapshot=on" -device virtio-blk-device,drive=hd0)
}

elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

# boot NAME SECS QEMU-ARGS...: run QEMU virt until it exits or SECS pass. Sets log (the
# console), rc (QEMU's exit status; 124 on timeout) and secs (wall time). When the system
# reaches its interactive shell (init says "init: type commands"), BOOT_TYPE (default
# "exit") is typed into the console, so that the shell ends and init with it; nothing is
# typed before, which would stop U-Boot's autoboot.
BOOT_TYPE=${BOOT_TYPE:-exit}
boot() {
	local name=$1 t=$2 t0=$EPOCHREALTIME fifo typist
	shift 2
	log=$LOGS/$name.log
	fifo=$(mktemp -u) && mkfifo "$fifo" && : > "$log"
	(
		exec 3> "$fifo"
		until grep -q '^init: type commands' "$log"; do sleep 0.1; done
		printf '%s\n' "$BOOT_TYPE" >&3
		sleep "$t"   # (the console's input stays open while QEMU runs)
	) &
	typist=$!
	timeout --foreground -k 5 "$t" "$QEMU" "${VIRT[@]}" "$@" < "$fifo" > "$log" 2>&1
	rc=$?
	kill "$typist" 2> /dev/null
	wait "$typist" 2> /dev/null
	rm -f "$fifo"
	secs=$(elapsed "$t0")
}

# boot_until NAME SECS TEXT QEMU-ARGS...: as boot, but stop QEMU as soon as TEXT appears on
# the console (for runs that end at a U-Boot prompt). Sets seen=1 if TEXT appeared.
boot_until() {
	local name=$1 t=$2 text=$3 t0=$EPOCHREALTIME pid
	shift 3
	log=$LOGS/$name.log
	seen=0
	timeout --foreground -k 5 "$t" "$QEMU" "${VIRT[@]}" "$@" < /dev/null > "$log" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		if grep -qF -- "$text" "$log"; then seen=1; kill "$pid"; break; fi
		sleep 0.1
	done
	wait "$pid"
	rc=$?
	grep -qF -- "$text" "$log" && seen=1
	secs=$(elapsed "$t0")
}

# expect_init NAME ADDR: a good boot: the kernel banner says "loaded at ADDR", init started
# and exited with status 0, and QEMU exited with status 0.
expect_init() {
	local name=$1 addr=$2 why=
	if ! grep -q 'kernel: rv64 Sv39 microkernel' "$log"; then why="no kernel banner"
	elif ! grep -q "loaded at $addr," "$log"; then
		why="expected loaded at $addr, got: $(grep -o 'loaded at [0-9a-f]*' "$log")"
	elif ! grep -q '^init: started' "$log"; then why="init did not start"
	elif ! grep -q '^vm: init exited with status 0' "$log"; then why="init did not exit with status 0"
	elif [ "$rc" -ne 0 ]; then why="QEMU exited with status $rc"
	fi
	[ "$rc" -eq 124 ] || [ "$rc" -eq 137 ] && why="timed out after $secs s; ${why:-}"
	if [ -z "$why" ]; then ok "$name (${secs} s)"; else not_ok "$name" "$why (log: $log)"; fi
}
