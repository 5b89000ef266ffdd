#!/usr/bin/env bash
# libfuzz.sh - the short, seeded slice of the libFuzzer harnesses in make test: each
# $BUILD/fuzz/fuzz_NAME (tests/fuzz/fuzz_NAME.c) replays its corpus tests/fuzz/corpus/NAME
# (seeds and the inputs that once crashed it), then mutates for a fixed number of inputs
# (-seed=1: the same inputs at every run; fewer for the slow harnesses, so that each takes
# about 2 s here), cut at SECONDS on a slower machine. New inputs go to a scratch
# directory, never into the corpus. One line each:
#   ok - fuzz_NAME: N runs, no crash        not ok - fuzz_NAME: <sanitizer summary>
# Tunables (environment): FUZZ_SLICE_SCALE (a factor on the runs, default 1),
# FUZZ_SLICE_SECONDS (default 4).
set -u
BUILD=${BUILD:-build}
SCALE=${FUZZ_SLICE_SCALE:-1}
SECONDS_EACH=${FUZZ_SLICE_SECONDS:-4}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

for src in tests/fuzz/fuzz_*.c; do
	name=$(basename "$src" .c)
	n=${name#fuzz_}
	bin=$BUILD/fuzz/$name
	if [ ! -x "$bin" ]; then
		echo "not ok - $name: $bin not built (make libfuzz-build)"
		continue
	fi
	case $n in
	ext2) runs=1000 ;;   # about 400 inputs a second
	fdt) runs=3000 ;;
	procfs) runs=3000 ;;
	*) runs=20000 ;;
	esac
	runs=$((runs * SCALE))
	mkdir -p "$scratch/$n" "$scratch/art-$n"
	log=$scratch/$n.log
	"$bin" -seed=1 -runs="$runs" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=1024 \
		-artifact_prefix="$scratch/art-$n/" "$scratch/$n" "tests/fuzz/corpus/$n" > "$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log")
	if [ $rc -eq 0 ] && [ -n "$runs" ]; then
		echo "ok - $name: $runs runs, no crash"
	else
		why=$(grep -m1 -E '^SUMMARY|ERROR: libFuzzer' "$log")
		echo "not ok - $name: ${why:-exit status $rc}; input: $(ls "$scratch/art-$n" | head -1)"
		grep -m1 -A12 -E '==ERROR|ERROR: libFuzzer' "$log" | sed 's/^/    /'
	fi
done
