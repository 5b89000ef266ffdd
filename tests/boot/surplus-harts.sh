#!/usr/bin/env bash
# More harts than the kernel runs (MAX_HARTS, 8): QEMU virt with 12. The kernel runs 8
# and starts the other 4 only to park them (boot.S's hart_park), out of the firmware's
# stopped state, whose wait a pending IPI kept busy: such a boot took 30 s and more, or
# never ended, on 2 host cores. The boot hart is whichever the firmware picks, any of the
# 12. Booted: the IPC test's image (tests/qemu/ipc.c), which must pass and power off
# with status 0.
. scripts/boot-lib.sh
IMG=$BUILD/qt/ipc.bin
require "$IMG"

boot surplus-harts 60 -smp 12 -bios default -kernel "$IMG"
name="12 harts: 8 run, 4 are parked, the IPC test passes"
if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then not_ok "$name" "timed out after $secs s (log: $log)"
elif ! grep -q '^kernel: 8 harts running' "$log"; then not_ok "$name" "not 8 harts running (log: $log)"
elif ! grep -q '^kernel: 4 more harts parked' "$log"; then not_ok "$name" "4 harts not parked (log: $log)"
elif grep -q '^not ok' "$log" || ! grep -q '^ok - ' "$log"; then not_ok "$name" "the test failed (log: $log)"
elif [ "$rc" -ne 0 ] || ! grep -q 'powering off (status 0)' "$log"; then not_ok "$name" "QEMU exited with status $rc (log: $log)"
else ok "$name ($secs s)"; fi
finish
