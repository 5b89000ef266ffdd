#!/usr/bin/env bash
# linux-diff.sh PROG [ARG...] - the differential test: run one static riscv64 Linux program
# (PROG: a .c file, built with riscv64-linux-gnu-gcc -static, or a prebuilt ELF) with its
# arguments on this system and on Linux 6.1, each under the same QEMU with a timeout, and
# compare what it printed and its exit status. Prints "ok - NAME" or "not ok - NAME: why"
# and the differences (the form of scripts/run-tests.sh); exits 0 if ok, else 1.
#
#   ours:  make PROG=... ARGS=... prog-image (scripts/prog.mk): our init runs /bin/NAME.
#   Linux: the Image of scripts/linux-baseline/build-kernel.sh (built on first use, a few
#          minutes, then cached in LINUX_CACHE), with an initramfs of the same root files
#          and /init = scripts/linux-baseline/prog-init.c, which runs /bin/NAME as ours does.
# Both print the marker lines of user/initargs.h around the program's output, the end one
# with its exit status; the output between them is what is compared, CRs before line ends
# removed, with a last line "exit status N".
#
# Without ARGs, PROG's arguments are the first line of PROG.args (without .c), if there
# is one, split into words as the shell does. PROG.diffok (without .c), if there is one,
# lists the known differences: extended regexes (grep -E), one a line, each line of either
# side that one matches is left out of the comparison ("exit status N" included). Every
# regex must have a comment above it ("# ..." lines; blank lines separate entries)
# saying why the difference is fine.
#
# A PROG in a directory named disk (tests/linux/disk/) needs a writable root: ours boots
# with an ext2 disk made from the same root files (mke2fs -d), Linux keeps its initramfs,
# a tmpfs. Without that, our root is the read-only cpio archive.
#
# Environment: BUILD (build, in the repository), LINUX_CACHE (~/.cache/rvmk-linux), SMP (harts
# of both machines; else PROG.smp, else 1), TIMEOUT (seconds per boot,
# 60), QEMU. The consoles and extracted outputs are kept in BUILD/linux-diff/NAME/.
set -u
export LC_ALL=C
BUILD=${BUILD:-build}
LINUX_CACHE=${LINUX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rvmk-linux}
TIMEOUT=${TIMEOUT:-60}
QEMU=${QEMU:-qemu-system-riscv64}
# Harts, the same on both sides: SMP if set, else PROG.smp (without .c) if there is one,
# else 1 (make test: see run-tests.sh).
START='@@ init: program start'          # INIT_MARK_START and INIT_MARK_END of user/initargs.h
END='@@ init: program end, exit status '

prog=${1:?usage: linux-diff.sh PROG [ARG...]}
shift
# Work from the repository (BUILD is relative to it); PROG may be given from anywhere.
repo=$(cd "$(dirname "$0")/.." && pwd)
prog=$(realpath -m --relative-base="$repo" "$prog")
cd "$repo" || exit 1
name=$(basename "${prog%.c}")
base=${prog%.c}
work=$BUILD/linux-diff/$name
mkdir -p "$work"

ok() { echo "ok - $name${1:+ ($1)}"; exit 0; }
not_ok() { echo "not ok - $name: $1"; shift; for f in "$@"; do sed 's/^/#   /' "$f"; done; exit 1; }

# The arguments, as one string of shell words for make's ARGS.
if [ $# -gt 0 ]; then
	args=$(printf '%q ' "$@")
elif [ -f "$base.args" ]; then
	args=$(head -n 1 "$base.args")
else
	args=
fi

# The known differences: check that each regex is explained, keep the regexes.
diffok=$base.diffok
: > "$work/ignore"
if [ -f "$diffok" ]; then
	awk -v f="$diffok" -v out="$work/ignore" '
		/^[ \t]*$/ { why = 0; next }
		/^#/ { why = 1; next }
		!why { printf "%s:%d: a regex without a comment above it saying why\n", f, NR; bad = 1; next }
		{ print > out }
		END { exit bad }' "$diffok" > "$work/diffok-errors" || not_ok "$diffok is not valid" "$work/diffok-errors"
fi

# Build both: our kernel image with the program in its root, the Linux Image (cached) and
# the wrapper /init, and an initramfs of the same root plus /init, /dev/console and /proc.
make --no-print-directory -s BUILD="$BUILD" PROG="$prog" ARGS="$args" prog-image > "$work/build.log" 2>&1
dir=$(tail -n 1 "$work/build.log")
[ -f "$dir/kernel.bin" ] || not_ok "does not build (make PROG=$prog prog-image)" "$work/build.log"
kdir=$(bash scripts/linux-baseline/build-kernel.sh "$LINUX_CACHE" 2> "$work/linux-build.log") ||
	not_ok "Linux baseline unavailable: $kdir" "$work/linux-build.log"
wrapper=$BUILD/linux-diff/prog-init
if [ ! -x "$wrapper" ] || [ scripts/linux-baseline/prog-init.c -nt "$wrapper" ] || [ user/initargs.h -nt "$wrapper" ]; then
	riscv64-linux-gnu-gcc -std=gnu11 -Wall -Wextra -Werror -static -O2 -Iuser -o "$wrapper" \
		scripts/linux-baseline/prog-init.c > "$work/wrapper.log" 2>&1 ||
		not_ok "cannot build scripts/linux-baseline/prog-init.c" "$work/wrapper.log"
fi
root=$(realpath "$dir/rootfs")
{
	printf 'file /init %s 0755 0 0\n' "$(realpath "$wrapper")"
	[ -e "$root/dev" ] || echo 'dir /dev 0755 0 0'
	echo 'nod /dev/console 0600 0 0 c 5 1'
	for d in null:3 zero:5 full:7 random:8 urandom:9; do   # the mem devices ours serves
		echo "nod /dev/${d%:*} 0666 0 0 c 1 ${d#*:}"
	done
	[ -e "$root/proc" ] || echo 'dir /proc 0555 0 0'
	# a file with several names (busybox's applets) once, at its last name in this order
	# (every directory of its names is made by then), its other names as hard links
	declare -A names=()
	while read -r ino p; do names[$ino]+=" ${p#.}"; done < <(cd "$root" && find . -type f -links +1 -printf '%i %p\n' | sort -k2)
	(cd "$root" && find . -mindepth 1 | sort) | while read -r p; do
		p=${p#.} f=$root$p
		if [ -L "$f" ]; then printf 'slink %s %s 0777 0 0\n' "$p" "$(readlink "$f")"
		elif [ -d "$f" ]; then printf 'dir %s %s 0 0\n' "$p" "$(stat -c %a "$f")"
		elif [ "$(stat -c %h "$f")" -gt 1 ]; then
			set -- ${names[$(stat -c %i "$f")]}
			[ "${!#}" = "$p" ] && printf 'file %s %s %s 0 0 %s\n' "$p" "$f" "$(stat -c %a "$f")" "${*:1:$#-1}"
		else printf 'file %s %s %s 0 0\n' "$p" "$f" "$(stat -c %a "$f")"
		fi
	done
} > "$work/initramfs.list"
"$kdir/gen_init_cpio" "$work/initramfs.list" > "$work/initramfs.cpio" 2> "$work/gen_init_cpio.log" ||
	not_ok "gen_init_cpio failed" "$work/gen_init_cpio.log"

ours_disk=()
if [ "$(basename "$(dirname "$prog")")" = disk ]; then
	mke2fs -q -t ext2 -b 4096 -d "$root" -F "$work/disk.img" 16M > "$work/mke2fs.log" 2>&1 ||
		not_ok "mke2fs cannot make the disk" "$work/mke2fs.log"
	ours_disk=(-drive "file=$work/disk.img,format=raw,if=none,id=hd0" -device virtio-blk-device,drive=hd0)
fi

# Boot both at once, each under its timeout; rc is QEMU's exit status (124: timed out).
boot() {   # boot LOG QEMU-ARGS...
	local log=$1; shift
	timeout --foreground -k 5 "$TIMEOUT" "$QEMU" -M virt -m 256M -smp "$SMP" -nographic -no-reboot -bios default "$@" \
		< /dev/null > "$log" 2>&1
	echo $? > "$log.rc"
}
smp_file=${prog%.c}.smp
SMP=${SMP:-$( [ -f "$smp_file" ] && cat "$smp_file" || echo 1)}
t0=$EPOCHREALTIME
boot "$work/ours.log" -kernel "$dir/kernel.bin" "${ours_disk[@]}" &
boot "$work/linux.log" -kernel "$kdir/Image" -initrd "$work/initramfs.cpio" \
	-append "console=ttyS0 rdinit=/init quiet norandmaps panic=-1" &
wait
# Linux 6.1 with several harts sometimes hangs before its init under QEMU (nothing on
# its console: it boots quiet); it is the reference, not the subject: boot it once more.
if [ "$SMP" != 1 ] && ! grep -qF "$START" "$work/linux.log"; then
	mv "$work/linux.log" "$work/linux-first-boot.log"
	boot "$work/linux.log" -kernel "$kdir/Image" -initrd "$work/initramfs.cpio" \
		-append "console=ttyS0 rdinit=/init quiet norandmaps panic=-1"
fi
secs=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')

# extract LOG OUT: the program's output between the markers, then "exit status N"; if the
# end marker follows output on the same line, that line ends in "[no newline at end]".
# Returns 0, 1 without a start marker, 2 without an end marker.
extract() {
	sed 's/\r*$//' "$1" | awk -v start="$START" -v end="$END" '
		!on { if ($0 == start) on = 1; next }
		(i = index($0, end)) {
			if (i > 1) print substr($0, 1, i - 1) "[no newline at end]"
			print "exit status " substr($0, i + length(end)) + 0; found = 1; exit
		}
		{ print }
		END { exit found ? 0 : on ? 2 : 1 }' > "$2"
}
why=
for side in ours linux; do
	extract "$work/$side.log" "$work/$side.out"
	e=$? label=${side/linux/Linux}
	[ "$e" -eq 1 ] && why="${why:+$why; }no start marker on the console of $label"
	[ "$e" -eq 2 ] && why="${why:+$why; }no end marker on the console of $label"
	rc=$(cat "$work/$side.log.rc")
	[ "$rc" = 124 ] || [ "$rc" = 137 ] && why="${why:+$why; }$label timed out after $TIMEOUT s"
done
[ -z "$why" ] || not_ok "$why (consoles in $work); the last lines of both:" \
	<(echo "ours:"; tail -n 15 "$work/ours.log") <(echo "Linux:"; tail -n 15 "$work/linux.log")
# Our QEMU exits with init's status, which is the program's.
status=$(tail -n 1 "$work/ours.out" | sed 's/^exit status //')
rc=$(cat "$work/ours.log.rc")
[ "$rc" = "$((status & 255))" ] || not_ok "our init said exit status $status, but QEMU exited with $rc" \
	<(tail -n 15 "$work/ours.log")

# Compare, without the lines of known differences.
for side in ours linux; do
	if [ -s "$work/ignore" ]; then grep -vE -f "$work/ignore" "$work/$side.out"; else cat "$work/$side.out"; fi \
		> "$work/$side.cmp"
done
if diff -u --label Linux --label ours "$work/linux.cmp" "$work/ours.cmp" > "$work/diff"; then
	lines=$(( $(wc -l < "$work/linux.out") - 1 ))
	left=$(( $(wc -l < "$work/linux.out") - $(wc -l < "$work/linux.cmp") ))
	[ "$left" -eq 0 ] && left= ||
		left="; $left lines of Linux's, $(( $(wc -l < "$work/ours.out") - $(wc -l < "$work/ours.cmp") )) of ours left out per $diffok"
	[ "$lines" -eq 1 ] && lines="1 line" || lines="$lines lines"
	ok "as on Linux: $lines, $(tail -n 1 "$work/linux.out")$left; $secs s"
fi
not_ok "the output differs from Linux's (- Linux, + ours; consoles in $work):" "$work/diff"
