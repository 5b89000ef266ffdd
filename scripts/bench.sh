#!/usr/bin/env bash
# bench.sh IMAGE WORK - boot the benchmark (user/bench/ops.c) on our kernel IMAGE and on the
# Linux baseline (scripts/linux-baseline/, Image cached in $LINUX_CACHE), both under QEMU
# -icount shift=0, and print one table: operation | ours | Linux | ours/Linux.
set -euo pipefail
img=$1 work=$2 cache=${LINUX_CACHE:?set LINUX_CACHE}
qver=$(qemu-system-riscv64 --version | head -1 | awk '{print $4}')
out=$(timeout --foreground -k 5 120 qemu-system-riscv64 -M virt -m 256M -nographic -bios default \
	-icount shift=0 -kernel "$img" < /dev/null 2>&1) || { echo "$out" | tail -20; echo "bench: QEMU failed"; exit 1; }
ours=$(echo "$out" | tr -d '\r' | grep '^bench' || true)
echo "$ours" | grep -q '^bench: ' || { echo "$out" | tail -20; echo "bench: no bench: lines from our kernel"; exit 1; }
# The Linux column: "unavailable: <reason>" when it cannot be built or run.
linux= lname=Linux
if kdir=$(bash scripts/linux-baseline/build-kernel.sh "$cache") &&
	linux=$(bash scripts/linux-baseline/run.sh "$kdir" "$work"); then
	lver=$(cat "$kdir/version") lname="Linux $(cut -d' ' -f1 "$kdir/version")"
	lver="Linux $lver, tinyconfig + scripts/linux-baseline/fragment.config"
else
	why="unavailable: $(echo "${linux:-$kdir}" | tail -1)" lver="Linux column $why" linux=
fi
rounds=$(echo "$ours" | sed -n 's/^bench-rounds: //p')
echo "instructions retired per operation, warm, average of ${rounds:-?} rounds"
echo "(QEMU $qver, -icount shift=0; $lver):"
{ echo "$ours" | sed -n 's/^bench: //p'; echo "@linux"; echo "$linux" | sed -n 's/^bench: //p'; } |
awk -v lname="$lname" -v why="${why:-}" '
	$0 == "@linux" { inlinux = 1; next }
	{ v = $NF; sub(/[ \t]+[^ \t]+$/, ""); if (inlinux) lx[$0] = v; else { op[++n] = $0; us[$0] = v } }
	END {
		fmt = "| %-64s | %8s | %13s | %10s |\n"
		printf fmt, "operation", "ours", lname, "ours/Linux"
		printf "|%s|%s:|%s:|%s:|\n", "------------------------------------------------------------------",
			"---------", "--------------", "-----------"
		for (i = 1; i <= n; i++) {
			o = op[i]; l = (o in lx) ? lx[o] : (why != "" ? "unavailable" : "missing")
			r = (us[o] ~ /^[0-9]+$/ && l ~ /^[0-9]+$/ && l > 0) ? sprintf("%.2f", us[o] / l) : "-"
			printf fmt, o, us[o], l, r
		}
	}'
