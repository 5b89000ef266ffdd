/* pager.c - page faults reach the pager (the VM server) as IPC; its mapping resumes the
 * thread: fresh pages read as zero, keep what is written, and each costs one fault. */
#include <stdlib.h>
#include <string.h>
#include "qtest.h"
#include "vmclient.h"
#include <sys/mman.h>

#define NPAGES 100

static unsigned long recurse(unsigned depth)
{
	volatile char frame[1024];
	frame[0] = (char)depth;
	return depth ? recurse(depth - 1) + frame[0] : 0;
}

int main(void)
{
	struct vm_stat_rep s0, s1, s2, s3;
	volatile uint64_t *base = mmap(0, NPAGES * 4096UL, PROT_READ | PROT_WRITE,
	                               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	QCHECK("mmap_region", base != MAP_FAILED, "mmap failed");
	if (base == MAP_FAILED)
		return qtest_done();
	qtest_settle();
	vm_stat(&s0);
	int nonzero = 0;
	for (int i = 0; i < NPAGES; i++)
		nonzero |= base[i * 512] != 0;
	vm_stat(&s1);
	QCHECK("fresh_pages_read_zero", !nonzero, "a fresh page was not zero");
	QCHECK("one_fault_per_page", s1.faults - s0.faults == NPAGES, "%lu faults",
	       (unsigned long)(s1.faults - s0.faults));
	/* One frame per page, plus at most the pagemap nodes for a new 2 MiB region. */
	QCHECK("frames_used", s0.free_frames - s1.free_frames >= NPAGES &&
	       s0.free_frames - s1.free_frames <= NPAGES + 3, "%lu frames",
	       (unsigned long)(s0.free_frames - s1.free_frames));
	for (int i = 0; i < NPAGES; i++)
		for (int j = 0; j < 512; j += 64)
			base[i * 512 + j] = (uint64_t)i << 32 | (uint64_t)j;
	int bad = 0;
	for (int i = 0; i < NPAGES; i++)
		for (int j = 0; j < 512; j += 64)
			bad |= base[i * 512 + j] != ((uint64_t)i << 32 | (uint64_t)j);
	vm_stat(&s2);
	QCHECK("writes_kept", !bad, "data lost");
	QCHECK("no_fault_on_mapped", s2.faults == s1.faults, "%lu more faults",
	       (unsigned long)(s2.faults - s1.faults));

	unsigned long r = recurse(512), expect = 0;   /* about 600 KiB of stack */
	for (unsigned d = 1; d <= 512; d++)
		expect += (unsigned char)d;
	vm_stat(&s3);
	QCHECK("stack_grows", r == expect && s3.faults > s2.faults + 100, "r %lu, %lu stack faults",
	       r, (unsigned long)(s3.faults - s2.faults));

	char *heap = malloc(1 << 20);
	int ok = heap != 0;
	if (ok) {
		memset(heap, 0x5a, 1 << 20);
		for (int i = 0; i < (1 << 20); i += 4096)
			ok &= heap[i] == 0x5a;
		free(heap);
	}
	QCHECK("malloc_1MiB", ok, "malloc'd memory unusable");
	return qtest_done();
}
