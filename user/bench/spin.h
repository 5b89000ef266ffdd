/* spin.h - the spinning thread of the disk boots (ops.c's disk_main), on both systems: each
 * layer (bench_sys_ours.h, bench_sys_linux.h) starts bench_spinner() as a thread of lowest
 * priority, and ops.c leaves out the instructions it runs (sys_spun()).
 *
 * While the benchmark waits for virtio-blk, every other thread waits too and the kernel
 * would idle in wfi; under -icount, QEMU then advances the virtual clock - which rdinstret
 * reads - by the host's real I/O time (or, with sleep=off, from timer deadline to timer
 * deadline while the host's I/O lasts), a different amount on every run. So this thread
 * spins instead, where the kernel would idle. Every instruction it runs but one in 512 is
 * an amoadd of 1 to bench_spun: a pass is 511 of them and a jump back, 512 instructions,
 * one QEMU translation block (2 KiB, aligned). QEMU delivers the disk interrupt between
 * blocks, so sys_spun() is exactly the instructions spun (a timer tick may split a block;
 * ops.c's median leaves such samples out). */
#ifndef BENCH_SPIN_H
#define BENCH_SPIN_H
#include <stdint.h>

#define SPIN_PASS 511
volatile uint64_t bench_spun;
/* Never returns; needs only pc and sp (it sets gp itself: a new thread of ours starts with
 * nothing else). */
void bench_spinner(void) __attribute__((noreturn));
__asm__(".pushsection .text.bench_spinner, \"ax\"\n"
        ".globl bench_spinner\n"
        "bench_spinner:\n"
        ".option push\n.option norelax\n"
        "lla gp, __global_pointer$\n"
        "lla a0, bench_spun\n"
        ".option pop\n"
        "li a1, 1\n"
        "j 1f\n"
        ".balign 2048\n"
        "1:\n"
        ".rept 511\n"
        "amoadd.d zero, a1, (a0)\n"
        ".endr\n"
        "j 1b\n"
        ".popsection\n");

/* The instructions the spinner has run so far. */
static inline uint64_t sys_spun(void)
{
	uint64_t n = bench_spun;
	return n + n / SPIN_PASS;
}
#endif
