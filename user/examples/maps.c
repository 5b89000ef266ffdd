/* maps.c - print this program's mappings, like cat /proc/self/maps on Linux:
 * `make run NATIVE_PROG=user/examples/maps.c`. */
#include <stdio.h>
#include <sys/mman.h>
#include "vmclient.h"

int main(void)
{
	char buf[4096];
	uint64_t next = 0;
	long n;
	mmap(0, 3 * 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	while ((n = vm_maps_text(&next, buf, sizeof buf)) > 0)
		fputs(buf, stdout);
	return n < 0 ? 1 : 0;
}
