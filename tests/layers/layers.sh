#!/usr/bin/env bash
# layers.sh - the layering of issue 16, checked on the objects `make test` has built and on
# the sources: no call cycle among the kernel's files (with KTRACE=1 too, the objects of
# `make trace-tests-build`) nor among the VM server's, no include cycle among their
# files, and no two headers of the project with the same base name. The graphs are
# scripts/callgraph.sh's; a failure names the files of the cycle.
set -u
BUILD=${BUILD:-build}

# check NAME CMD...: "ok - NAME" if CMD succeeds, else "not ok" with its last line.
check() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		echo "ok - $name"
	else
		echo "not ok - $name: $(echo "$out" | tail -1)"
	fi
}
# objs DIR SRC...: the object DIR/SRC.o of each source (not whatever DIR holds).
objs() {
	local dir=$1 s
	shift
	for s in "$@"; do echo "$dir/${s%.*}.o"; done
}

check kernel_no_call_cycle bash scripts/callgraph.sh calls $(objs "$BUILD/k" kernel/*.[cS])
check kernel_ktrace_no_call_cycle bash scripts/callgraph.sh calls $(objs "$BUILD/trace/k" kernel/*.[cS])
check vm_server_no_call_cycle bash scripts/callgraph.sh calls $(objs "$BUILD/srv" servers/vm/*.c)
check kernel_no_include_cycle bash scripts/callgraph.sh includes kernel/*.[chS]
check vm_server_no_include_cycle bash scripts/callgraph.sh includes servers/vm/*.[ch]

same=$(git ls-files --cached --others --exclude-standard '*.h' | sed 's|.*/||' | sort | uniq -d)
if [ -z "$same" ]; then
	echo "ok - header_base_names_unique"
else
	echo "not ok - header_base_names_unique: $(echo $same)"
fi
