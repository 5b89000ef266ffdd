/* fpregs.h - test code's direct access to f0-f31 and fcsr (tests/qemu/fp_preempt.c and
 * user/helpers/fp_worker.c). The programs are built for rv64imac, so the compiler never
 * uses these registers itself: only the inline assembly here, with D enabled, does. */
#ifndef FPREGS_H
#define FPREGS_H
#include <stdint.h>

struct fpregs {
	uint64_t f[32];
	uint64_t fcsr;
};

#define FPR_ALL(op, base)                                                          \
	op " f0, 0(" base ")\n"   op " f1, 8(" base ")\n"   op " f2, 16(" base ")\n"  \
	op " f3, 24(" base ")\n"  op " f4, 32(" base ")\n"  op " f5, 40(" base ")\n"  \
	op " f6, 48(" base ")\n"  op " f7, 56(" base ")\n"  op " f8, 64(" base ")\n"  \
	op " f9, 72(" base ")\n"  op " f10, 80(" base ")\n" op " f11, 88(" base ")\n" \
	op " f12, 96(" base ")\n" op " f13, 104(" base ")\n" op " f14, 112(" base ")\n" \
	op " f15, 120(" base ")\n" op " f16, 128(" base ")\n" op " f17, 136(" base ")\n" \
	op " f18, 144(" base ")\n" op " f19, 152(" base ")\n" op " f20, 160(" base ")\n" \
	op " f21, 168(" base ")\n" op " f22, 176(" base ")\n" op " f23, 184(" base ")\n" \
	op " f24, 192(" base ")\n" op " f25, 200(" base ")\n" op " f26, 208(" base ")\n" \
	op " f27, 216(" base ")\n" op " f28, 224(" base ")\n" op " f29, 232(" base ")\n" \
	op " f30, 240(" base ")\n" op " f31, 248(" base ")\n"

/* Load every register from *r. */
static inline void fpregs_load(const struct fpregs *r)
{
	__asm__ volatile(".option push\n.option arch, +d\n"
	                 FPR_ALL("fld", "%0")
	                 "fscsr %1\n"
	                 ".option pop"
	                 :: "r"(r), "r"(r->fcsr) : "memory");
}

/* Store every register into *r. */
static inline void fpregs_store(struct fpregs *r)
{
	uint64_t fcsr;
	__asm__ volatile(".option push\n.option arch, +d\n"
	                 FPR_ALL("fsd", "%1")
	                 "frcsr %0\n"
	                 ".option pop"
	                 : "=&r"(fcsr) : "r"(r) : "memory");
	r->fcsr = fcsr;
}

/* Flip the sign of f31 with an FP instruction (fsgnjn.d raises no flags). */
static inline void fpregs_flip31(void)
{
	__asm__ volatile(".option push\n.option arch, +d\nfsgnjn.d f31, f31, f31\n.option pop");
}

/* The pattern a program of number `seed` keeps: distinct per register and per seed,
 * with both halves of every register non-zero; fcsr a valid frm with some flags. */
static inline void fpregs_pattern(struct fpregs *r, uint64_t seed)
{
	for (int i = 0; i < 32; i++)
		r->f[i] = (seed * 0x9e3779b97f4a7c15ull) ^ ((uint64_t)(i + 1) << 40) ^ (uint64_t)(i + 1) ^
		          0x0101010101010101ull;
	r->fcsr = (seed % 5) << 5 | (seed * 7 % 31 + 1);
}

/* How many registers of *r differ from *want (fcsr counts as one). */
static inline int fpregs_diff(const struct fpregs *r, const struct fpregs *want)
{
	int n = r->fcsr != want->fcsr;
	for (int i = 0; i < 32; i++)
		n += r->f[i] != want->f[i];
	return n;
}

/* Spin for `ticks` of rdtime using F/D registers all along: each round flips f31 and
 * checks all 33 registers against *want (updated with the flip). Returns the number of
 * rounds that found a difference; *gaps counts the rounds that took over 2 ms of time
 * (at QEMU virt's 10 MHz timebase), i.e. another thread ran in between. */
static inline long fpregs_spin(struct fpregs *want, uint64_t ticks, long *gaps)
{
	uint64_t start, last, now;
	long bad = 0;
	struct fpregs r;
	__asm__ volatile("rdtime %0" : "=r"(start));
	last = start;
	*gaps = 0;
	do {
		fpregs_flip31();
		want->f[31] ^= 1ull << 63;
		fpregs_store(&r);
		bad += fpregs_diff(&r, want) != 0;
		__asm__ volatile("rdtime %0" : "=r"(now));
		if (now - last > 20000)
			++*gaps;
		last = now;
	} while (now - start < ticks);
	return bad;
}
#endif
