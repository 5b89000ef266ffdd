#!/usr/bin/env bash
# run-tests.sh BUILD - run every test and end with "N passed, N failed".
#
# A test reports one line per case: "ok - name" or "not ok - name: why". Sources:
#   1. host unit tests: the programs listed in BUILD/host-tests.list (run from the repo root);
#   2. in-QEMU tests: BUILD/qt/*.bin, each a kernel whose init is one tests/qemu/*.c program,
#      booted under a timeout on 1 hart (qemu/NAME) and on 4 (qemu-smp4/NAME; the system
#      fuzz's slice on 2, qemu-smp2/syscall_fuzz); it must
#      also power off with status 0, and no process may end with its VMAs broken (the VM
#      server checks each one's as it ends and says so);
#   3. script tests: tests/boot/*.sh (boot paths), tests/trace/*.sh (IPC tracing),
#      tests/disk/*.sh (the disk driver), tests/console/*.sh (typing on the serial console) and tests/layers/*.sh (no call or include cycle
#      among the kernel's or the VM server's files, over the objects built) and
#      tests/spin/*.sh (spin's exhaustive check of each Promela model: the VM <-> FS
#      protocol, shared futexes, the kernel's lock, stalls and TLB shootdowns, a first
#      touch mapped by the fault's reply) and
#      tests/fuzz/*.sh (a short seeded run of each libFuzzer harness of lib/), each
#      printing its own ok / not ok lines;
#   4. Linux programs: tests/linux/NAME.c and tests/linux/disk/NAME.c (a writable root),
#      each run on this system and on Linux 6.1 by scripts/linux-diff.sh (arguments from NAME.args, known differences in NAME.diffok,
#      both machines with 1 hart, or NAME.smp's number (2 for the tests of threads, fork
#      and SMP itself): with 4, two QEMUs at once put 8 host threads on the 2 cores CI
#      has and every cross-hart wait (a TLB shootdown, Linux's too) costs host time
#      slices; SMP=4 scripts/linux-diff.sh runs one at 4),
#      which prints one ok / not ok line. It relinks BUILD/kernel.bin, so these run last.
# A program that crashes, times out or exits non-zero without saying why is a failure too.
set -u
BUILD=${1:-build}
QEMU=${QEMU:-qemu-system-riscv64}
QEMU_TIMEOUT=${QEMU_TIMEOUT:-60}
HOST_TIMEOUT=${HOST_TIMEOUT:-300}   # seconds for one host test program
pass=0 fail=0
log=$BUILD/test-logs
mkdir -p "$log"

# count NAME LOGFILE RC: tally a test's lines; a bad exit adds one failure of its own.
count() {
	local name=$1 file=$2 rc=$3 p f
	p=$(grep -c '^ok - ' "$file")
	f=$(grep -c '^not ok - ' "$file")
	grep -E '^(ok|not ok) - ' "$file" | sed "s|^|[$name] |"
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "[$name] not ok - $name: exited with status $rc (see $file)"
		f=1
	fi
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		echo "[$name] not ok - $name: reported no test (see $file)"
		f=1
	fi
	pass=$((pass + p)) fail=$((fail + f))
}

# vmas_intact NAME LOGFILE: a failure of its own for a "VMAs broken" line in a boot's log.
vmas_intact() {
	local line
	line=$(grep -a -m1 'VMAs broken' "$2") || return 0
	echo "[$1] not ok - $1: $line"
	fail=$((fail + 1))
}

if [ -f "$BUILD/host-tests.list" ]; then
	for t in $(cat "$BUILD/host-tests.list"); do
		name=host/$(basename "$t")
		timeout -k 5 "$HOST_TIMEOUT" "$t" > "$log/$(basename "$t").log" 2>&1   # a hang fails, not stalls
		count "$name" "$log/$(basename "$t").log" $?
	done
fi

# boot OUT SMP IMAGE [ARGS]: boot IMAGE at SMP harts under the timeout into OUT; its status.
boot() {
	timeout --foreground -k 5 "$QEMU_TIMEOUT" "$QEMU" -M virt -m 256M -smp "$2" -nographic -bios default \
		-kernel "$3" ${4:+-append "$4"} < /dev/null > "$1" 2>&1
}

for pass_harts in 1 4; do
	for img in "$BUILD"/qt/*.bin; do
		[ -e "$img" ] || continue
		base=$(basename "$img" .bin) smp=$pass_harts
		# The system fuzz's several-hart boots are at 2: at 4, its 4 fuzzers and their echo
		# threads on 4 host threads over CI's 2 cores take 45 s a boot instead of 8.
		[ "$pass_harts" = 1 ] || [ "$base" != syscall_fuzz ] || smp=2
		name=qemu/$base sfx=
		[ "$smp" = 1 ] || name=qemu-smp$smp/$base sfx=-smp$smp
		out=$log/$base$sfx.log
		boot "$out" "$smp" "$img"
		count "$name" "$out" $?
		vmas_intact "$name" "$out"
		# tests/qemu/NAME.args: more boots of the same image, one per line of kernel arguments.
		args_file=tests/qemu/$base.args
		[ -f "$args_file" ] || continue
		while read -r args; do
			[ -n "$args" ] || continue
			out=$log/$base$sfx-${args//[^a-z0-9]/_}.log
			boot "$out" "$smp" "$img" "$args"
			count "$name[$args]" "$out" $?
			vmas_intact "$name[$args]" "$out"
		done < "$args_file"
	done
done

for t in tests/boot/*.sh tests/trace/*.sh tests/disk/*.sh tests/console/*.sh tests/layers/*.sh tests/spin/*.sh \
         tests/fuzz/*.sh; do
	[ -e "$t" ] || continue
	name=$(basename "$(dirname "$t")")/$(basename "$t" .sh)
	out=$log/$(basename "$(dirname "$t")")-$(basename "$t" .sh).log
	BUILD=$BUILD bash "$t" > "$out" 2>&1
	count "$name" "$out" $?
done

for t in tests/linux/*.c tests/linux/disk/*.c; do
	[ -e "$t" ] || continue
	out=$log/linux-$(basename "$t" .c).log
	BUILD=$BUILD QEMU=$QEMU TIMEOUT=$QEMU_TIMEOUT bash scripts/linux-diff.sh "$t" > "$out" 2>&1
	count "linux/$(basename "$t" .c)" "$out" $?
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
