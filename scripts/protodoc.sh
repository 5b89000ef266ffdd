#!/usr/bin/env bash
# protodoc.sh TOOL DOC - print DOC with the part between the "generated" markers
# replaced by TOOL's output (the message reference).
set -euo pipefail
tool=$1 doc=$2
awk -v tool="$tool" '
	/<!-- generated: begin/ { print; while ((tool | getline line) > 0) print line; close(tool); skip = 1; next }
	/<!-- generated: end/ { skip = 0 }
	!skip { print }
' "$doc"
