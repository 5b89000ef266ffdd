#!/usr/bin/env bash
# bench.sh IMAGE LXIMAGE WORK FILE LXBIN BUSYBOX LXSMPIMAGE SMPBIN LOCKIMAGE - boot the benchmark
# (user/bench/ops.c, smp.c) on our kernel IMAGE and on the Linux baseline
# (scripts/linux-baseline/, Image cached in $LINUX_CACHE), all under QEMU -icount
# shift=0,sleep=off, and print one table: operation | ours | Linux | ours/Linux, then the
# notes ("bench-note:" lines). FILE is the benchmark's data file, LXBIN the Linux build of
# ops.c, BUSYBOX the busybox binary its shell-loop row starts, SMPBIN the Linux build of
# smp.c and LXSMPIMAGE our kernel whose init runs it, LOCKIMAGE IMAGE's program on a
# kernel that counts its lock's holds (see scripts/bench.mk).
# sleep=off: while the guest idles in wfi, QEMU's virtual clock (which rdinstret and rdtime
# read) jumps to the next timer deadline instead of running with the host's real time, so
# an idle spell (Linux has some while it boots) lasts the same on every run.
# Ours boots three times: without a disk (IMAGE's cpio root holds FILE), for every row; with
# FILE on an ext2 disk (virtio-blk, made afresh in WORK, with the marker /bench-disk), for
# the disk rows; and LXIMAGE, whose init runs LXBIN as a Linux program, for the "Linux ..."
# rows (through our personality); and LOCKIMAGE, for the kernel lock rows. The values of
# the later boots replace the first boot's "-". Linux boots LXBIN as /init twice: with FILE and BUSYBOX in its
# initramfs, for every row but the disk rows; and with the same ext2 disk, same throttling,
# for those (ops.c mounts it; its spinner is a SCHED_IDLE thread).
# The rows at 4 harts come from boots at -smp 4 (the 1-hart boots above stay as they are):
# IMAGE again (ops.c sees 4 harts and measures only its native row across harts),
# LXSMPIMAGE (SMPBIN under our init, through the personality) and Linux with SMPBIN as
# /init. Their rows come last in the table.
set -euo pipefail
img=$1 lximg=$2 work=$3 file=$4 lxbin=$5 busybox=$6 lxsimg=$7 smpbin=$8 lockimg=$9 cache=${LINUX_CACHE:?set LINUX_CACHE}
qver=$(qemu-system-riscv64 --version | head -1 | awk '{print $4}')
rm -rf "$work/stage" && mkdir -p "$work/stage"
cp "$file" "$work/stage/" && : > "$work/stage/bench-disk"
mke2fs -q -t ext2 -b 4096 -d "$work/stage" -F "$work/disk.img" 8M > "$work/mke2fs.log" 2>&1 ||
	{ cat "$work/mke2fs.log"; echo "bench: mke2fs failed"; exit 1; }
ours() {   # ours LOG KERNEL [QEMU options]: boot KERNEL, print its "bench" lines
	local log=$1 kernel=$2 out; shift 2
	rm -f "$work/$log"
	out=$(timeout --foreground -k 5 300 qemu-system-riscv64 -M virt -m 256M -nographic -bios default \
		-icount shift=0,sleep=off -kernel "$kernel" "$@" < /dev/null 2>&1) || { echo "$out" | tail -20 >&2; echo "bench: QEMU failed" >&2; return 1; }
	echo "$out" | tr -d '\r' > "$work/$log"
	grep -a '^bench' "$work/$log" || true
}
oursA=$(ours ours.log "$img")
# (grep -q reads a here-string: echo | grep -q fails under pipefail when grep is done
# before echo, which then gets SIGPIPE.)
grep -q '^bench: ' <<< "$oursA" || { tail -20 "$work/ours.log"; echo "bench: no bench: lines from our kernel"; exit 1; }
# The disk boots: QEMU throttles the disk (at most 500 requests a second), so that nearly
# every read completes after the reader has started waiting for it; ops.c counts only
# those (see its notes).
disk=(-drive file="$work/disk.img",format=raw,if=none,id=hd0,throttling.iops-total=500
	-device virtio-blk-device,drive=hd0)
oursB=$(ours ours-disk.log "$img" "${disk[@]}")
grep -q '^bench: ' <<< "$oursB" || { tail -20 "$work/ours-disk.log"; echo "bench: no bench: lines from the disk boot"; exit 1; }
oursK=$(ours ours-lock.log "$lockimg")
grep -q '^bench: ' <<< "$oursK" || { tail -20 "$work/ours-lock.log"; echo "bench: no bench: lines from the kernel lock boot"; exit 1; }
# The personality boot: the "Linux ..." rows stay "unavailable" if it cannot be built or run.
oursL= lxwhy=
if [ ! -f "$lximg" ]; then
	lxwhy="the Linux build of ops.c is missing (see make's errors above)"
elif ! oursL=$(ours ours-lx.log "$lximg") || ! grep -q '^bench: ' <<< "$oursL"; then
	tail -20 "$work/ours-lx.log" >&2 2>/dev/null || true
	lxwhy="no bench: lines from the personality boot ($work/ours-lx.log)" oursL=
fi
# The boots at 4 harts: IMAGE (its native row), LXSMPIMAGE (the "Linux ..." rows of
# smp.c, which stay out of the table, with a line saying why, if it cannot run).
oursS=$(ours ours-smp.log "$img" -smp 4)
grep -q '^bench: ' <<< "$oursS" || { tail -20 "$work/ours-smp.log"; echo "bench: no bench: lines from the 4-hart boot"; exit 1; }
oursLS= lxsmpwhy=
if [ ! -f "$lxsimg" ]; then
	lxsmpwhy="the Linux build of smp.c is missing (see make's errors above)"
elif ! oursLS=$(ours ours-lx-smp.log "$lxsimg" -smp 4) || ! grep -q '^bench: ' <<< "$oursLS"; then
	tail -20 "$work/ours-lx-smp.log" >&2 2>/dev/null || true
	lxsmpwhy="no bench: lines from the personality boot at 4 harts ($work/ours-lx-smp.log)" oursLS=
fi
# The Linux column: "unavailable: <reason>" when it cannot be built or run. Its disk rows
# stay "-" (with a line saying why) if only the disk boot fails.
linux= linuxB= linuxS= lname=Linux lxdiskwhy= lxsmpwhyL=
if kdir=$(bash scripts/linux-baseline/build-kernel.sh "$cache") &&
	linux=$(bash scripts/linux-baseline/run.sh "$kdir" "$work/linux" "$lxbin" "$file" "$busybox"); then
	lver=$(cat "$kdir/version") lname="Linux $(cut -d' ' -f1 "$kdir/version")"
	lver="Linux $lver, tinyconfig + scripts/linux-baseline/fragment.config"
	linuxB=$(bash scripts/linux-baseline/run.sh "$kdir" "$work/linux-disk" "$lxbin" -- "${disk[@]}") ||
		lxdiskwhy=$(echo "$linuxB" | tail -1) linuxB=
	linuxS=$(bash scripts/linux-baseline/run.sh "$kdir" "$work/linux-smp" "$smpbin" -- -smp 4) ||
		lxsmpwhyL=$(echo "$linuxS" | tail -1) linuxS=
else
	why="unavailable: $(echo "${linux:-$kdir}" | tail -1)" lver="Linux column $why" linux=
fi
rounds=$(echo "$oursA" | sed -n 's/^bench-rounds: //p')
echo "instructions retired per operation, warm, average of ${rounds:-?} rounds unless a note says otherwise"
echo "(QEMU $qver, -icount shift=0,sleep=off; $lver):"
{ echo "$oursA" | sed -n 's/^bench: //p'; echo "@more"; echo "$oursB" | sed -n 's/^bench: //p'
  echo "$oursK" | sed -n 's/^bench: //p'
  echo "$oursL" | sed -n 's/^bench: //p'; echo "$oursS" | sed -n 's/^bench: //p'
  echo "$oursLS" | sed -n 's/^bench: //p'; echo "@linux"; echo "$linux" | sed -n 's/^bench: //p'
  echo "$linuxB" | sed -n 's/^bench: //p'; echo "$linuxS" | sed -n 's/^bench: //p'; } |
awk -v lname="$lname" -v why="${why:-}" -v lxwhy="$lxwhy" '
	$0 == "@more" { part = 1; next }
	$0 == "@linux" { part = 2; next }
	{
		v = $NF; sub(/[ \t]+[^ \t]+$/, "")
		if (part == 2) lx[$0] = v
		else if (part == 1) { if ($0 in us) us[$0] = v; else { op[++n] = $0; us[$0] = v } }
		else { op[++n] = $0; us[$0] = (lxwhy != "" && $0 ~ /^Linux /) ? "unavailable" : v }
	}
	END {
		fmt = "| %-76s | %9s | %13s | %10s |\n"
		printf fmt, "operation", "ours", lname, "ours/Linux"
		printf "|%s|%s:|%s:|%s:|\n", "------------------------------------------------------------------------------",
			"----------", "--------------", "-----------"
		for (i = 1; i <= n; i++) {
			o = op[i]; l = (o in lx) ? lx[o] : (why != "" ? "unavailable" : "missing")
			r = (us[o] ~ /^[0-9]+$/ && l ~ /^[0-9]+$/ && l > 0) ? sprintf("%.2f", us[o] / l) : "-"
			printf fmt, o, us[o], l, r
		}
	}'
[ -z "$lxwhy" ] || echo "(the \"Linux ...\" rows of ours: unavailable: $lxwhy)"
[ -z "$lxdiskwhy" ] || echo "(Linux's virtio-blk rows: its disk boot failed: $lxdiskwhy)"
[ -z "$lxsmpwhy" ] || echo "(the \"Linux ...\" rows at 4 harts of ours: left out: $lxsmpwhy)"
[ -z "$lxsmpwhyL" ] || echo "(Linux's rows at 4 harts: its boot at -smp 4 failed: $lxsmpwhyL)"
# The notes (the same source prints them on both systems: once is enough).
{ echo "$oursA"; echo "$linux"; echo "$oursLS"; echo "$linuxS"; } | sed -n 's/^bench-note: //p' | awk '!seen[$0]++ { if (!n++) print ""; print }'
