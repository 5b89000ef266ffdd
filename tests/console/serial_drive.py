#!/usr/bin/env python3
"""serial_drive.py KERNEL LOG - boot KERNEL (tests/console/ttyprobe.c as the program of
/etc/init.args) in QEMU with the serial console on this script's pipes, and type what
the program's "@@ WANT NAME" lines ask for. Prints "ok - ..." / "not ok - ..." lines of
its own (the echo seen on the console, the end), the whole console going to LOG; the
program's own checks are in LOG for serial_input.sh to count."""
import sys, time
from qemu_serial import Console, report

kernel, logname = sys.argv[1], sys.argv[2]
con = Console(kernel)
out, wait_for, send = con.out, con.wait_for, con.send

paste = b"".join(b"%04d %058d\n" % (i, i) for i in range(1024))
keys = {
    "edit": (b"hellp\x7fo wrld\x17world junk\x15hello world\r", True),
    "lines": (b"one\ntwo\nthree\n\x04", True),
    "intr": (b"\x03", False),
    "ctrlc": (b"\x03", False),
    "raw": (b"a\x15\r", True),
    "poll": (b"xy", False),
    "paste": (paste, False),
}
pos = 0
for name in ["edit", "lines", "intr", "ctrlc", "raw", "poll", "paste"]:
    p = wait_for(b"@@ WANT " + name.encode() + b"\r", pos, 60 if name == "edit" else 20)
    if p < 0:
        report(False, "the program asked for %s" % name)
        break
    pos = p
    if name == "ctrlc":
        time.sleep(0.3)   # the child is in its pause
    send(*keys[name])
    if name == "edit":
        # as Linux echoes it: ^? as "\b \b", ^W the word and ^U the line erased the same way
        echo = (b"hellp\b \bo wrld\b \b\b \b\b \b\b \bworld junk" + b"\b \b" * 16 + b"hello world")
        report(wait_for(echo, pos) >= 0, "typing echoes, erase, word-erase and kill erase on the screen")
    if name == "intr":
        report(wait_for(b"^C", pos) >= 0, "^C echoes as ^C")
    if name == "raw":   # nothing between the request and the program's answer
        e = wait_for(b"ok - tty: raw", pos)
        report(e >= 0 and not out[pos:e - len(b"ok - tty: raw")].strip(b"\r\n"),
               "raw mode without echo shows nothing typed")
report(wait_for(b"@@ DONE", pos, 30) >= 0, "the program ran to its end")
report(wait_for(b"@@ init: program end, exit status 0", pos, 10) >= 0, "it exited with status 0")
report(con.finish(logname) == 0, "QEMU exited with status 0")
