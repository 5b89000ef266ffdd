/* ops.c - the measured operations, written once for every system. The same file is built
 * as init of our system (make bench) and, with riscv64-linux-gnu-gcc -static, as /init of
 * the Linux baseline (scripts/linux-baseline/run.sh); bench_sys.h picks the small
 * per-system layer. Counts are instructions retired (rdinstret) under QEMU -icount shift=0,
 * which are the same on every run. Each operation runs once untimed (warm-up), then ROUNDS
 * times; each line gives the per-operation average. Lines "bench: <what> <count>" are
 * collected by scripts/bench.sh; instead of a count, "n/a" means the system lacks the
 * interface so far (mmap answers ENOSYS) and "-" that the operation does not apply. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include "bench_sys.h"

#define ROUNDS 1000
#define PAGE   4096UL
#define FAILED UINT64_MAX

static inline uint64_t instret(void)
{
	uint64_t v;
	__asm__ volatile("rdinstret %0" : "=r"(v));
	return v;
}

static void report(const char *what, uint64_t total)
{
	if (total == FAILED)
		printf("bench: %-64s failed\n", what);
	else
		printf("bench: %-64s %lu\n", what, (unsigned long)(total / ROUNDS));
}

static void report_none(const char *what, const char *why) { printf("bench: %-64s %s\n", what, why); }

static uint64_t op_null(void)
{
	sys_null();
	uint64_t t0 = instret();
	for (int i = 0; i < ROUNDS; i++)
		sys_null();
	return instret() - t0;
}

#define RW (PROT_READ | PROT_WRITE)
static char *map_anon(size_t len)
{
	void *p = mmap(NULL, len, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

/* Map one anonymous page (never touched) and unmap it. */
static uint64_t op_mmap_munmap(void)
{
	int bad = 0;
	char *p = map_anon(PAGE);
	bad |= !p || munmap(p, PAGE);
	uint64_t t0 = instret();
	for (int i = 0; i < ROUNDS; i++) {
		p = map_anon(PAGE);
		bad |= !p || munmap(p, PAGE);
	}
	uint64_t t = instret() - t0;
	return bad ? FAILED : t;
}

/* The first write to each page of a fresh anonymous mapping: the fault, allocating and
 * zeroing the page, mapping it. Page 0 is the warm-up. */
static uint64_t op_first_write(void)
{
	size_t len = (ROUNDS + 1) * PAGE;
	volatile char *p = map_anon(len);
	if (!p)
		return FAILED;
	p[0] = 1;
	uint64_t t0 = instret();
	for (int i = 1; i <= ROUNDS; i++)
		p[i * PAGE] = 1;
	uint64_t t = instret() - t0;
	return munmap((void *)p, len) ? FAILED : t;
}

/* A 3-page mapping, all pages written: mprotect the middle page read-only (splitting the
 * mapping in three) and back to read-write (merging it again). One round is the pair. */
static uint64_t op_mprotect_pair(void)
{
	volatile char *p = map_anon(3 * PAGE);
	if (!p)
		return FAILED;
	p[0] = p[PAGE] = p[2 * PAGE] = 1;
	char *mid = (char *)p + PAGE;
	int bad = mprotect(mid, PAGE, PROT_READ) | mprotect(mid, PAGE, RW);
	uint64_t t0 = instret();
	for (int i = 0; i < ROUNDS; i++)
		bad |= mprotect(mid, PAGE, PROT_READ) | mprotect(mid, PAGE, RW);
	uint64_t t = instret() - t0;
	return bad || munmap((void *)p, 3 * PAGE) ? FAILED : t;
}

/* 1 if mmap works, 0 if the system does not have it yet (ENOSYS), -1 if it fails. */
static int have_mman(void)
{
	char *p = map_anon(PAGE);
	if (!p)
		return errno == ENOSYS ? 0 : -1;
	return munmap(p, PAGE) ? -1 : 1;
}

#if SYS_HAS_IPC
/* Round trips to the echo peer in another address space: nwords register words and
 * nbytes through the buffer path. */
static uint64_t op_ipc(unsigned nwords, unsigned nbytes)
{
	sys_ipc_msg m = {0};
	sys_ipc_call(&m, nwords, nbytes);
	uint64_t t0 = instret();
	for (int i = 0; i < ROUNDS; i++)
		sys_ipc_call(&m, nwords, nbytes);
	return instret() - t0;
}
#endif

#if SYS_HAS_LOCAL_IPC
/* Round trips to a thread of this task. */
static uint64_t op_local_ipc(unsigned nwords)
{
	sys_ipc_msg m = {0};
	sys_local_call(&m, nwords);
	uint64_t t0 = instret();
	for (int i = 0; i < ROUNDS; i++)
		sys_local_call(&m, nwords);
	return instret() - t0;
}
#endif

#if SYS_HAS_RING
/* Round trips through the shared ring, `batch` requests per notification; the figure is
 * per request. */
static uint64_t op_ring(unsigned batch)
{
	sys_ring_call(batch);
	uint64_t t0 = instret();
	for (int i = 0; i < ROUNDS / (int)batch; i++)
		sys_ring_call(batch);
	return instret() - t0;   /* ROUNDS requests in all */
}
#endif

static const char *const mman_ops[] = {
	"mmap + munmap, 1 anonymous page",
	"first write to an anonymous page (fault + zeroing)",
	"mprotect split middle of 3 pages + merge back (pair)",
};
static uint64_t (*const mman_fns[])(void) = {op_mmap_munmap, op_first_write, op_mprotect_pair};

/* Fill the address space with about n VMAs: n pages, every other one made writable, so
 * each is a VMA of its own (they cannot merge). Returns the region, or NULL. */
static char *make_vmas(unsigned n)
{
	char *base = mmap(NULL, (size_t)n * PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (base == MAP_FAILED)
		return NULL;
	for (unsigned i = 1; i < n; i += 2)
		if (mprotect(base + (size_t)i * PAGE, PAGE, RW))
			return NULL;
	return base;
}

/* The memory operations with about n VMAs already in the address space. */
static void report_mman(unsigned n)
{
	char *region = n > 10 ? make_vmas(n) : NULL;
	char what[96];
	for (unsigned i = 0; i < sizeof mman_ops / sizeof mman_ops[0]; i++) {
		snprintf(what, sizeof what, "%s, %u VMAs", mman_ops[i], n);
		if (n > 10 && !region)
			report_none(what, "failed");
		else
			report(what, mman_fns[i]());
	}
	if (region)
		munmap(region, (size_t)n * PAGE);
}
static const struct { unsigned words, bytes; const char *what; } ipc_ops[] = {
	{0, 0, "IPC call+reply, 2 address spaces, 0 words"},
	{4, 0, "IPC call+reply, 2 address spaces, 4 words"},
	{8, 0, "IPC call+reply, 2 address spaces, 8 words"},
	{0, 256, "IPC call+reply, 2 address spaces, 256-byte buffer"},
};

int main(void)
{
	if (sys_init() != 0)
		return 1;
	printf("bench-rounds: %d\n", ROUNDS);
	report("null system call", op_null());
	int mm = have_mman();
	static const unsigned vmas[] = {10, 1000, 10000};
	for (unsigned v = 0; v < sizeof vmas / sizeof vmas[0]; v++) {
		if (mm > 0) {
			report_mman(vmas[v]);
			continue;
		}
		for (unsigned i = 0; i < sizeof mman_ops / sizeof mman_ops[0]; i++) {
			char what[96];
			snprintf(what, sizeof what, "%s, %u VMAs", mman_ops[i], vmas[v]);
			report_none(what, mm ? "failed" : "n/a");
		}
	}
	for (unsigned i = 0; i < sizeof ipc_ops / sizeof ipc_ops[0]; i++) {
#if SYS_HAS_IPC
		report(ipc_ops[i].what, op_ipc(ipc_ops[i].words, ipc_ops[i].bytes));
#else
		report_none(ipc_ops[i].what, "-");
#endif
	}
	for (unsigned w = 0; w <= 8; w += 4) {
		char what[96];
		snprintf(what, sizeof what, "IPC call+reply, same address space, %u words", w);
#if SYS_HAS_LOCAL_IPC
		report(what, op_local_ipc(w));
#else
		report_none(what, "-");
#endif
	}
	static const unsigned batches[] = {1, 8};
	for (unsigned i = 0; i < sizeof batches / sizeof batches[0]; i++) {
		char what[96];
		snprintf(what, sizeof what, "shared ring + notifications, %u request%s per signal (per request)",
		         batches[i], batches[i] > 1 ? "s" : "");
#if SYS_HAS_RING
		report(what, op_ring(batches[i]));
#else
		report_none(what, "-");
#endif
	}
	return sys_fini();
}
