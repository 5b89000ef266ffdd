#!/usr/bin/env python3
"""shell_drive.py KERNEL LOG - boot the default system (KERNEL: init, /etc/rc, then
busybox's ash on the console) in QEMU with the serial console on this script's pipes,
and use the shell as a person would, typing a byte at a time: a command edited with
erase, a pipeline of applets, a redirection into /tmp and back, ^C stopping a running
program (the prompt comes back, status 130), cat /proc/self/maps in Linux's format, free
and ps against what init reported of the VM server, a 64 KiB paste into cat, and an
exit status that QEMU ends with. Prints "ok - console: ..." lines; the console goes to
LOG."""
import re, sys, time
from qemu_serial import Console, report

kernel, logname = sys.argv[1], sys.argv[2]
con = Console(kernel)
PROMPT = b"/ # "
pos = con.wait_for(b"init: type commands", 0, 60)
report(pos >= 0, "init starts the interactive shell")
pos = con.wait_for(PROMPT, max(pos, 0), 20)
report(pos >= 0, "the shell prompts")


def run(line, slow=True, timeout=20):
    """Type line and Enter; what the console showed until the next prompt (without the
    echo of the line itself), or None if no prompt came."""
    global pos
    con.send(line + b"\r", slow)
    start = con.wait_for(b"\n", pos, timeout)
    end = con.wait_for(PROMPT, max(start, pos), timeout)
    if start < 0 or end < 0:
        return None
    shown = bytes(con.out[start:end - len(PROMPT)])
    pos = end
    return shown.replace(b"\r", b"")


out = run(b"echo helo\x7flo wrld\x7f\x7f\x7forld")
report(out == b"hello world\n", "a command edited with erase runs as corrected (%r)" % out)
out = run(b"echo one two three four | tr ' ' '\\n' | sort | head -n 3 | tr '\\n' ' '")
report(out == b"four one three ", "a pipeline of busybox applets (%r)" % out)
out = run(b"seq 1 1000 > /tmp/s; wc -l < /tmp/s; sort -n -r /tmp/s | head -n 1")
report(out == b"1000\n1000\n", "a redirection into /tmp and back (%r)" % out)

con.send(b"sleep 30\r", True)
time.sleep(1)
con.send(b"\x03")
t0 = time.time()
end = con.wait_for(PROMPT, pos, 10)
report(end >= 0 and time.time() - t0 < 5, "^C stops a running program and the prompt comes back")
pos = max(end, pos)
out = run(b"echo $?")
report(out == b"130\n", "... its status is 128 + SIGINT (%r)" % out)

out = run(b"cat /proc/self/maps")
maps = re.compile(rb"^[0-9a-f]{8,16}-[0-9a-f]{8,16} [r-][w-][x-][ps] [0-9a-f]{8} [0-9a-f]{2}:[0-9a-f]{2} \d+ *(\S.*)?$")
lines = (out or b"").splitlines()
report(len(lines) >= 4 and all(maps.match(l) for l in lines) and b"[stack]" in out and b"/bin/busybox" in out,
       "cat /proc/self/maps in Linux's format, with the program's file and its stack")

m = re.search(rb"init: \d+ tasks, \d+ of (\d+) frames free", con.out)
out = run(b"free | sed -n 2p")
f = (out or b"").split()
report(m is not None and len(f) >= 4 and f[0] == b"Mem:" and int(f[1]) == int(m.group(1)) * 4 and
       int(f[1]) == int(f[2]) + int(f[3]) + int(f[5]) if len(f) >= 6 else False,
       "free: the total is the VM server's frames, used + free + cache add up (%r)" % out)
out = run(b"ps -o pid,comm | grep -c -e ' sh$' -e ' ps$'")
report(out == b"2\n", "ps lists the shell and itself (%r)" % out)
out = run(b"ps -o pid,comm | grep -w -c \"$$ sh\"")
report(out == b"1\n", "... the shell by its own pid (%r)" % out)

paste = b"".join(b"%04d %058d\n" % (i, i) for i in range(1024))
con.send(b"cat > /tmp/paste\r", True)
time.sleep(0.5)
con.send(paste)
con.send(b"\x04")
pos = max(con.wait_for(PROMPT, pos + len(paste), 60), pos)
out = run(b"wc -c < /tmp/paste; md5sum < /tmp/paste")
import hashlib
want = b"65536\n" + hashlib.md5(paste).hexdigest().encode() + b"  -\n"
report(out == want, "a 64 KiB paste into cat arrives whole and in order")

con.send(b"exit 5\r", True)
report(con.wait_for(b"init: /bin/sh exited with status 5", pos, 20) >= 0, "exit 5 ends the shell")
report(con.finish(logname) == 5, "QEMU exits with the shell's status 5")
