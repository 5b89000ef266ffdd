#!/usr/bin/env bash
# sysfuzz.sh IMAGE - the long run of the system fuzz (`make fuzz`): boots IMAGE, a kernel
# whose init is tests/qemu/syscall_fuzz.c built with `make fuzz`'s figures, on SMP harts
# (default 1) under FUZZ_TIMEOUT seconds (default 3600), keeps the console in
# $BUILD/fuzz/sysfuzz.log, and passes when the test's checks all passed, QEMU powered
# off with status 0, and no process ended with its VMAs broken. It prints the calls
# made in all, by both campaigns (the warm-up and the measured one: the native ones the
# coordinator counted, and each Linux fuzzer process's own count) and how many a second.
set -u
img=$1 log=${BUILD:-build}/fuzz/sysfuzz.log
mkdir -p "$(dirname "$log")"
start=$(date +%s)
timeout --foreground -k 5 "${FUZZ_TIMEOUT:-3600}" qemu-system-riscv64 -M virt -m 256M -smp "${SMP:-1}" -nographic \
	-bios default -kernel "$img" < /dev/null > "$log" 2>&1
rc=$? secs=$(( $(date +%s) - start ))
native=$(grep -a -o '^syscall_fuzz: [0-9]* native calls' "$log" | awk '{s += $2} END {if (NR) print s}')
linux=$(grep -a -o '^linux_fuzz: done: seed [0-9]*, [0-9]* calls' "$log" | awk '{s += $(NF - 1)} END {print s + 0}')
total=$(( ${native:-0} + linux ))
grep -a -E '^(ok|not ok) - ' "$log" | grep -v '^ok - linux_fuzz: '
echo "sysfuzz: ${native:-0} native calls and requests + $linux Linux system calls = $total calls in $secs s" \
     "($(( total / (secs > 0 ? secs : 1) )) a second), SMP ${SMP:-1}; the console: $log"
why=
grep -aq '^not ok - ' "$log" && why="a check failed"
grep -aq '^syscall_fuzz: [0-9]* native calls.*(the measured campaign)' "$log" ||
	why="${why:+$why; }the coordinator did not finish"
grep -aq '^vm: init exited with status 0' "$log" || why="${why:+$why; }init did not end with status 0"
grep -aq 'VMAs broken' "$log" && why="${why:+$why; }$(grep -a -m1 'VMAs broken' "$log")"
grep -aq 'kernel panic' "$log" && why="${why:+$why; }kernel panic"
[ "$rc" -eq 124 ] || [ "$rc" -eq 137 ] && why="${why:+$why; }timed out"
[ "$rc" -eq 0 ] || why="${why:+$why; }QEMU exited with $rc"
if [ -n "$why" ]; then
	echo "sysfuzz: FAILED: $why"
	exit 1
fi
echo "sysfuzz: passed"
