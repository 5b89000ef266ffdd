"""qemu_serial.py - what the console tests' drivers share: QEMU (virt, or another machine)
booting a kernel with
the serial console on pipes, a reader collecting what the console shows, waiting for a
text, typing (slowly, a byte at a time, or fast), and the "ok - console: ..." lines."""
import os, subprocess, threading, time


class Console:
    def __init__(self, kernel, extra=(), machine="virt"):
        qemu = os.environ.get("QEMU", "qemu-system-riscv64")
        self.proc = subprocess.Popen([qemu, "-M", machine, "-m", "256M", "-display", "none", "-monitor", "none",
                                      "-serial", "stdio", "-no-reboot", "-bios", "default", "-kernel", kernel,
                                      *extra],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.out = bytearray()
        self.lock = threading.Condition()
        threading.Thread(target=self._reader, daemon=True).start()

    def _reader(self):
        while True:
            b = self.proc.stdout.read1(65536)
            if not b:
                break
            with self.lock:
                self.out.extend(b)
                self.lock.notify_all()

    def wait_for(self, s, start=0, timeout=20):
        """Where the first s at or after start ends in what the console showed, or -1 if it
        did not show within timeout seconds (or QEMU ended)."""
        end = time.time() + timeout
        with self.lock:
            while True:
                i = self.out.find(s, start)
                if i >= 0:
                    return i + len(s)
                left = end - time.time()
                if left <= 0 or self.proc.poll() is not None:
                    return -1
                self.lock.wait(left)

    def send(self, b, slow=False):
        for i in range(0, len(b), 1 if slow else 4096):
            self.proc.stdin.write(b[i:i + (1 if slow else 4096)])
            self.proc.stdin.flush()
            if slow:
                time.sleep(0.01)

    def finish(self, logname, timeout=15):
        """Wait for QEMU to end (killed after timeout s), write the console to logname:
        QEMU's exit status."""
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        with open(logname, "wb") as f:
            f.write(self.out)
        return self.proc.returncode


def report(ok, what):
    print(("ok - " if ok else "not ok - ") + "console: " + what, flush=True)
