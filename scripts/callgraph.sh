#!/usr/bin/env bash
# callgraph.sh calls OBJ... | callgraph.sh includes FILE... - the file-level graph of a
# layer's files, and whether it has a cycle.
#   calls: an edge a -> b says that a.o refers to a symbol, a function or data, that b.o
#     defines (read with nm, so a call through a table of functions is an edge to the
#     file that defines the table). Symbols defined outside the set (lib/, the linker
#     script) make no edge. NM names the nm to use (default riscv64-unknown-elf-nm).
#   includes: an edge a.c -> b.h says that a.c has #include "b.h" and b.h is in the set
#     (the name taken from a.c's folder).
# Prints one line per file, "a -> b c" (sorted), then "no cycle" (exit 0) or
# "cycle: a b ..." naming the files tsort found in a loop (exit 1).
set -u -o pipefail
NM=${NM:-riscv64-unknown-elf-nm}
export LC_ALL=C   # sort and join agree on the order
mode=${1:-} && shift
[ -n "$mode" ] && [ $# -gt 0 ] || { echo "usage: callgraph.sh calls OBJ... | includes FILE..." >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: > "$tmp/edges"
case $mode in
calls)
	names=$(for o in "$@"; do basename "$o" .o; done)
	for o in "$@"; do
		f=$(basename "$o" .o)
		"$NM" -g --defined-only "$o" | awk -v f="$f" 'NF == 3 { print $3, f }' >> "$tmp/defs" || exit 2
		"$NM" -u "$o" | awk -v f="$f" '{ print $NF, f }' >> "$tmp/refs" || exit 2
	done
	# Each reference joined with the file that defines the symbol: "user definer".
	join <(sort -u "$tmp/refs") <(sort -u "$tmp/defs") | awk '$2 != $3 { print $2, $3 }' |
		sort -u > "$tmp/edges" ;;
includes)
	names=$(for f in "$@"; do basename "$f"; done)
	declare -A inset
	for f in "$@"; do inset[$(realpath -m "$f")]=1; done
	for f in "$@"; do
		sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f" |
		while read -r inc; do
			g=$(realpath -m "$(dirname "$f")/$inc")
			[ -n "${inset[$g]:-}" ] && echo "$(basename "$f") $(basename "$g")"
		done
	done | sort -u > "$tmp/edges" ;;
*)
	echo "callgraph.sh: no mode $mode (calls or includes)" >&2; exit 2 ;;
esac
for f in $names; do
	echo "$f -> $(awk -v f="$f" '$1 == f { print $2 }' "$tmp/edges" | tr '\n' ' ' | sed 's/ $//')"
done
loop=$( { cat "$tmp/edges"; for f in $names; do echo "$f $f"; done; } |
	tsort 2>&1 >/dev/null | grep -v 'input contains a loop' | sed 's/^tsort: //' | tr '\n' ' ')
if [ -n "$loop" ]; then
	echo "cycle: ${loop% }"
	exit 1
fi
echo "no cycle"
