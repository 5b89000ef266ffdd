#!/usr/bin/env bash
# protodoc.sh - docs/protocol.md lists exactly the messages the .def files declare.
set -u
BUILD=${BUILD:-build}
if cmp -s docs/protocol.md <(bash scripts/protodoc.sh "$BUILD/host/protodoc" docs/protocol.md); then
	echo "ok - protocol_doc_up_to_date"
else
	echo "not ok - protocol_doc_up_to_date: run make protodoc"
fi
