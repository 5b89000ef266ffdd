#!/usr/bin/env bash
# libfuzz.sh - the short, seeded slice of the libFuzzer harnesses in make test: each
# $BUILD/fuzz/fuzz_NAME (tests/fuzz/fuzz_NAME.c) replays its corpus tests/fuzz/corpus/NAME
# (seeds and the inputs that once crashed it), then mutates for at most RUNS inputs
# (-seed=1: the same inputs at every run) or SECONDS, whichever comes first. New inputs
# go to a scratch directory, never into the corpus. One line each:
#   ok - fuzz_NAME: N runs, no crash        not ok - fuzz_NAME: <sanitizer summary>
# Tunables (environment): FUZZ_SLICE_RUNS (default 20000), FUZZ_SLICE_SECONDS (default 4).
set -u
BUILD=${BUILD:-build}
RUNS=${FUZZ_SLICE_RUNS:-20000}
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
	mkdir -p "$scratch/$n" "$scratch/art-$n"
	log=$scratch/$n.log
	"$bin" -seed=1 -runs="$RUNS" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=1024 \
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
