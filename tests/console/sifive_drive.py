#!/usr/bin/env python3
"""sifive_drive.py KERNEL LOG - boot the default system on QEMU's sifive_u machine (a
SiFive UART, hart 0 without an MMU, a 1 MHz timer: a VisionFive-2-shaped board) and type
into its shell: the FS server takes the input from the SiFive UART by interrupt, the
shell runs what was typed, and its exit status reaches init. sifive_u has no device to
power QEMU off with (the kernel says it powers off; QEMU stays), so QEMU is stopped once
init has ended. Prints "ok - console: ..." lines; the console goes to LOG."""
import sys
from qemu_serial import Console, report

kernel, logname = sys.argv[1], sys.argv[2]
con = Console(kernel, machine="sifive_u")
pos = con.wait_for(b"init: type commands", 0, 90)
report(con.wait_for(b"fs: console: input from the UART, by interrupt") >= 0,
       "sifive_u: the FS server takes input from the SiFive UART by interrupt")
pos = con.wait_for(b"/ # ", max(pos, 0), 30)
con.send(b"echo typed $((40 + 2)) on sifive_u\r", True)
report(con.wait_for(b"typed 42 on sifive_u", max(pos, 0), 30) >= 0, "sifive_u: a command typed runs")
con.send(b"exit 6\r", True)
report(con.wait_for(b"init: /bin/sh exited with status 6", max(pos, 0), 30) >= 0,
       "sifive_u: exit 6 ends the shell, and init with its status")
con.proc.kill()
con.finish(logname)
