#!/usr/bin/env bash
# powercut.sh - power cuts during a write-heavy workload (issue 15, "Faults survived").
# tests/powercut/workload.c runs from an ext2 root on virtio-blk, writing files with
# write() + fsync, changing them through MAP_SHARED mappings + msync(MS_SYNC), renaming
# and removing them, and says on the console what each step made durable. In each round
# QEMU is killed (SIGKILL) at a pseudo-random moment after the workload started, and then:
#   - e2fsck -fn may find only what e2fsck -p repairs by itself: -fp on a copy exits 0 or
#     1, and -fn on that repaired copy then finds nothing;
#   - every file the console declared durable ("@@ durable NAME LEN CKSUM", not revoked by
#     a later "@@ begin NAME") holds exactly that (debugfs cat | cksum), and every name
#     declared removed ("@@ removed NAME") is gone;
#   - QEMU was still running when it was killed (the workload never ends by itself), and
#     the workload's own read-back checks said nothing ("not ok").
# Round K uses the seed SEED*1000+K, for the workload and for the cut's delay (0 to
# MAX_MS ms after the workload's start line). One "ok"/"not ok" line per round, then a
# summary line. Then one more round of FIRST with the workload's broken variant (no fsync,
# no msync, its mappings kept, its steps declared durable all the same) must fail the
# checks by a file's contents: the test can see lost data.
#   ROUNDS=50 bash tests/disk/powercut.sh       (make powercut ROUNDS=50)
#   SEED=3 ROUNDS=1 FIRST=17 bash tests/disk/powercut.sh   (round 17 of seed 3 again)
source "$(dirname "$0")/../../scripts/disk-lib.sh"
rounds=${ROUNDS:-5} base=${SEED:-1} first=${FIRST:-1} max_ms=${MAX_MS:-3000}
dir=$BUILD/disk/powercut
rm -rf "$dir" && mkdir -p "$dir"
make --no-print-directory -s BUILD="$BUILD" PROG=tests/powercut/workload.c prog-image > "$dir/build.log" 2>&1
pdir=$(tail -n 1 "$dir/build.log")
[ -f "$pdir/kernel.bin" ] || { sed 's/^/#   /' "$dir/build.log"; echo "not ok - powercut: does not build"; exit 1; }
cp "$pdir/kernel.bin" "$dir/kernel.bin"   # later builds relink $pdir's

# round K [nosync]: one boot, one cut, the checks; prints one line.
round() {
	local k=$1 seed=$(( base * 1000 + $1 )) rdir=$dir/round$1${2:+-$2} why= delay
	local img=$rdir/disk.img log=$rdir/console.log
	mkdir -p "$rdir/stage/bin" "$rdir/stage/etc"
	cp "$pdir/workload" "$rdir/stage/bin/workload"
	printf '%s\n' /bin/workload "$seed" ${2:+-1 "$2"} > "$rdir/stage/etc/init.args"
	mke2fs -q -t ext2 -b 4096 -d "$rdir/stage" -F "$img" 16M > "$rdir/mke2fs.log" 2>&1 ||
		{ echo "not ok - powercut: round $k (seed $seed): mke2fs failed"; return; }
	RANDOM=$seed
	delay=$(( (RANDOM * 32768 + RANDOM) % (max_ms + 1) ))
	[ -z "${2:-}" ] || delay=$(( delay + 2000 ))   # the broken variant: a few mmap steps first (8 kept at most)
	: > "$log.raw"
	timeout -s KILL 60 qemu-system-riscv64 -M virt -m 256M -nographic -no-reboot -bios default \
		-kernel "$dir/kernel.bin" -drive file="$img",format=raw,if=none,id=hd0 \
		-device virtio-blk-device,drive=hd0 < /dev/null > "$log.raw" 2>&1 &
	local tpid=$! qpid= t
	for (( t = 0; t < 400; t++ )); do   # up to 40 s for the boot
		grep -aq '^@@ powercut: start seed' "$log.raw" && break
		kill -0 "$tpid" 2> /dev/null || break
		sleep 0.1
	done
	if ! grep -aq '^@@ powercut: start seed' "$log.raw"; then
		why="the workload did not start"
	else
		sleep "$(printf '%d.%03d' $(( delay / 1000 )) $(( delay % 1000 )))"
		qpid=$(pgrep -P "$tpid")
		if [ -n "$qpid" ]; then
			kill -KILL "$qpid"   # the power cut
		else
			why="QEMU ended before the cut"
		fi
	fi
	wait "$tpid" 2> /dev/null
	# The console's lines end CR LF; a last line without its end may be cut short: dropped.
	sed 's/\r*$//' "$log.raw" > "$log"
	[ "$(tail -c 1 "$log.raw" | od -An -tx1 | tr -d ' ')" = 0a ] || sed -i '$d' "$log"
	grep -aq 'kernel panic' "$log" && why="${why:+$why; }kernel panic"
	grep -aq '^vm: .* killed' "$log" && why="${why:+$why; }$(grep -a -m1 '^vm: .* killed' "$log")"
	grep -aq '^not ok - ' "$log" && why="${why:+$why; }$(grep -a -m1 '^not ok - ' "$log")"
	grep -aq '^@@ init: program end' "$log" && why="${why:+$why; }the workload ended"

	# The file system: at most what e2fsck -p repairs.
	local fsck_n fsck_p fsck_after
	e2fsck -fn "$img" > "$rdir/e2fsck-n.log" 2>&1; fsck_n=$?
	cp "$img" "$rdir/preen.img"
	e2fsck -fp "$rdir/preen.img" > "$rdir/e2fsck-p.log" 2>&1; fsck_p=$?
	e2fsck -fn "$rdir/preen.img" > "$rdir/e2fsck-after.log" 2>&1; fsck_after=$?
	[ "$fsck_n" -eq 0 ] || [ "$fsck_n" -eq 4 ] || why="${why:+$why; }e2fsck -fn exited with $fsck_n"
	[ "$fsck_p" -le 1 ] || why="${why:+$why; }e2fsck -fp exited with $fsck_p (not repaired automatically, see $rdir/e2fsck-p.log)"
	[ "$fsck_p" -le 1 ] && [ "$fsck_after" -ne 0 ] && why="${why:+$why; }e2fsck -fn still finds problems after -fp (see $rdir/e2fsck-after.log)"

	# What the console promised.
	declare -A state=()
	local tag name len ck n_durable=0 n_removed=0 bad=0 listing
	while read -r _ tag name len ck; do
		case $tag in
		begin) state[$name]=unknown ;;
		durable) state[$name]="$len $ck" ;;
		removed) state[$name]=removed ;;
		esac
	done < <(grep -a -E '^@@ (begin|durable|removed) /' "$log")
	listing=$(debugfs -R 'ls -p /pc' "$img" 2> /dev/null | awk -F/ 'NF >= 7 { print $6 }')
	for name in "${!state[@]}"; do
		case ${state[$name]} in
		unknown) ;;
		removed)
			n_removed=$((n_removed + 1))
			if grep -qx "${name#/pc/}" <<< "$listing"; then
				why="${why:+$why; }$name was removed but is there"; bad=$((bad + 1))
			fi ;;
		*)
			n_durable=$((n_durable + 1))
			if ! grep -qx "${name#/pc/}" <<< "$listing"; then
				why="${why:+$why; }$name (durable: ${state[$name]}) is missing"; bad=$((bad + 1))
			else
				read -r ck len < <(debugfs -R "cat $name" "$img" 2> /dev/null | cksum)
				[ "$len $ck" = "${state[$name]}" ] ||
					{ why="${why:+$why; }$name holds $len bytes, cksum $ck, not the durable ${state[$name]}"; bad=$((bad + 1)); }
			fi ;;
		esac
	done
	local steps
	steps=$(grep -a -c -E '^@@ (durable|removed) /' "$log")
	if [ -z "$why" ]; then
		echo "ok - powercut: round $k (seed $seed): cut ${delay} ms after the start, $steps durable steps before it;" \
			"$n_durable files and $n_removed removals intact; e2fsck -fn $fsck_n, -fp $fsck_p"
	else
		echo "not ok - powercut: round $k (seed $seed, cut ${delay} ms after the start): $why (see $rdir)"
		grep -a -v '^@@ ' "$rdir/e2fsck-n.log" | head -n 12 | sed 's/^/#   /'
	fi
}

pass=0
for (( k = first; k < first + rounds; k++ )); do
	line=$(round "$k")
	echo "$line"
	[ "${line#ok - }" != "$line" ] && pass=$((pass + 1))
done
echo "# powercut: $pass of $rounds rounds passed (seed $base)"

# The checks can fail: the workload without its fsyncs and msyncs (declaring its steps
# durable all the same) must be caught losing data by round FIRST's cut.
line=$(round "$first" nosync)
case $line in
"not ok - "*"is missing"* | "not ok - "*"holds"*)
	echo "ok - powercut: the broken variant (no fsync, no msync) is caught: ${line#*): }" | head -n 1 | cut -c1-300 ;;
*)
	echo "not ok - powercut: the broken variant (no fsync, no msync) is not caught: $line" | head -n 1 ;;
esac
[ "$pass" -eq "$rounds" ]
