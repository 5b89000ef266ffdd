/* fault_trace.c - init of the instrumented kernel (KTRACE=1 LOCKSTAT=1): one fault on an
 * anonymous page (VM server only), then one on a page of a file (VM server -> FS server
 * -> VM server), then exit. Around the first fault it prints the big lock's counts
 * ("lockstat: held N holds M", what the fault added), which fault_chain.sh checks. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/mman.h>
#include "kcall.h"

int main(void)
{
	volatile uint64_t *p = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 2;
	uint64_t held0, holds0, held1, holds1;
	long r0 = k_kstat_lock(&held0, &holds0);
	*p = 42;
	long r1 = k_kstat_lock(&held1, &holds1);
	if (r0 || r1)
		printf("lockstat: not counted (%ld, %ld)\n", r0, r1);
	else
		printf("lockstat: held %lu holds %lu\n", (unsigned long)(held1 - held0),
		       (unsigned long)(holds1 - holds0));
	int fd = open("/etc/motd", O_RDONLY);
	volatile const char *f = fd >= 0 ? mmap(0, 4096, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
	if (f == MAP_FAILED)
		return 3;
	return *p == 42 && f[0] == 'W' ? 0 : 1;
}
