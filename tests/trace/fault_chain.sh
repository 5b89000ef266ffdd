#!/usr/bin/env bash
# fault_chain.sh - the IPC trace of one page fault: boot the KTRACE=1 LOCKSTAT=1 kernel built by
# `make trace-tests-build` (init = tests/trace/fault_trace.c) under -icount shift=0,
# convert its trace with build/host/ktrace, and check the listing shows the chains
# (anonymous: fault -> VM server -> map and resume; file-backed: fault -> VM server -> FS server
# FS_PAGE_IN -> VM_FS_PAGE back to the VM server -> resume) and the JSON is valid Chrome
# trace-event format.
set -u
BUILD=${BUILD:-build}
img=$BUILD/trace/kernel.bin tool=$BUILD/host/ktrace out=$BUILD/trace/out
mkdir -p "$out"
boot() {
	timeout --foreground -k 5 60 qemu-system-riscv64 -M virt -m 256M -nographic -bios default \
		-icount shift=0 -kernel "$img" < /dev/null > "$1" 2>&1
}
if ! boot "$out/console.log"; then
	echo "not ok - traced_boot: QEMU failed (see $out/console.log)"
	exit 1
fi
echo "ok - traced_boot"

if "$tool" --text < "$out/console.log" > "$out/listing.txt" &&
	grep -Eq 'FAULT +init\[[0-9]+\]\.t[0-9]+ +-> vm\[[0-9]+\]\.t[0-9]+ +fault_page\(addr=0x[0-9a-f]+, access=0x2,' "$out/listing.txt" &&
	grep -Eq 'REPLY +vm\[[0-9]+\]\.t[0-9]+ +-> init\[[0-9]+\]\.t[0-9]+ += map' "$out/listing.txt" &&
	grep -Eq 'CALL +init.* vm_exit\(status=0, signal=0x0\)' "$out/listing.txt"; then
	echo "ok - listing_shows_fault_chain"
else
	echo "not ok - listing_shows_fault_chain: see $out/listing.txt"
fi

# The file-backed fault: these four lines in this order, the last three after the first.
if awk '
	/FAULT +init\[[0-9]+\]\.t[0-9]+ +-> vm\[[0-9]+\]\.t[0-9]+ +fault_page\(addr=0x[0-9a-f]+, access=0x1,/ { s = 1; next }
	s == 1 && /CALL +vm\[[0-9]+\]\.t[0-9]+ +-> fs\[[0-9]+\]\.t[0-9]+ +fs_page_in\(file=0x[0-9a-f]+, idx=0x0,/ { s = 2; next }
	s == 2 && /CALL +fs\[[0-9]+\]\.t[0-9]+ +-> vm\[[0-9]+\]\.t[0-9]+ +vm_fs_page\(cookie=0x[0-9a-f]+, status=0x0, va=0x[0-9a-f]+[,)]/ { s = 3; next }
	s == 3 && /REPLY +vm\[[0-9]+\]\.t[0-9]+ +-> init\[[0-9]+\]\.t[0-9]+ += resume/ { s = 4 }
	END { exit s == 4 ? 0 : 1 }' "$out/listing.txt"; then
	echo "ok - listing_shows_file_fault_chain"
else
	echo "not ok - listing_shows_file_fault_chain: see $out/listing.txt"
fi

# The big lock's counts over the anonymous fault: the trap that sends it to the VM server,
# the VM server's reply that maps the page (FAULT_REPLY_MAP) and the first count's own
# call each take the lock once at least, and hold it for a few hundred instructions in
# all (SYS_KSTAT's KSTAT_LOCK, make LOCKSTAT=1).
counts=$(tr -d '\r' < "$out/console.log" | sed -n 's/^lockstat: held \([0-9]*\) holds \([0-9]*\)$/\1 \2/p')
if [ -n "$counts" ] && [ "${counts% *}" -ge 200 ] && [ "${counts#* }" -ge 3 ]; then
	echo "ok - lock_counts_cover_the_fault ($counts)"
else
	echo "not ok - lock_counts_cover_the_fault: '$(grep -a '^lockstat' "$out/console.log")' (want held >= 200, holds >= 3)"
fi

"$tool" --json < "$out/console.log" > "$out/trace.json"
if python3 - "$out/trace.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
ev = doc["traceEvents"]
assert isinstance(ev, list) and ev, "no events"
phases = {"X", "M", "s", "f", "i", "B", "E"}
for e in ev:
    assert isinstance(e.get("name"), str) and e["ph"] in phases, e
    assert isinstance(e["pid"], int) and isinstance(e.get("tid", 0), int), e
    if e["ph"] != "M":
        assert isinstance(e["ts"], (int, float)) and e["ts"] >= 0, e
    if e["ph"] == "X":
        assert e["dur"] >= 0, e
names = {e["args"]["name"]: e["pid"] for e in ev if e["ph"] == "M"}
faults = [e for e in ev if e["ph"] == "X" and e["name"] == "fault_page"]
assert faults and faults[0]["pid"] == names["vm"], "the fault is not on the VM server's track"
waits = [e for e in ev if e["ph"] == "X" and e["name"] == "wait fault_page"]
assert waits and waits[0]["pid"] == names["init"], "init does not wait for its fault"
flows = {e["id"] for e in ev if e["ph"] == "s"} & {e["id"] for e in ev if e["ph"] == "f"}
assert flows, "no flow joins caller and server"
pageins = [e for e in ev if e["ph"] == "X" and e["name"] == "fs_page_in"]
assert pageins and pageins[0]["pid"] == names["fs"], "the page-in is not on the FS server's track"
answers = [e for e in ev if e["ph"] == "X" and e["name"] == "vm_fs_page"]
assert answers and answers[0]["pid"] == names["vm"], "the FS server's answer is not on the VM server's track"
PY
then
	echo "ok - json_is_trace_event_format"
else
	echo "not ok - json_is_trace_event_format: see $out/trace.json"
fi

boot "$out/console2.log"
if cmp -s <("$tool" --text < "$out/console.log") <("$tool" --text < "$out/console2.log"); then
	echo "ok - trace_deterministic"
else
	echo "not ok - trace_deterministic: two -icount runs traced differently"
fi
