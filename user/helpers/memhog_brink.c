/* memhog_brink.c - test peer: touches anonymous memory until fewer than 256 frames are
 * free, then waits for ever on the endpoint it was given (slot TH_FIRST_FREE), holding
 * it all, so that the next task to fault for a frame finds none: the VM server must end
 * this task (the one with the most frames), not that one. Exits 2 if its mapping is
 * refused, 3 if the wait ends. */
#include <stdint.h>
#include <sys/mman.h>
#include "vmclient.h"
#include "abi/bootinfo.h"

int main(void)
{
	uint64_t len = 4UL << 30;
	volatile char *p = mmap(0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return 2;
	struct vm_stat_rep s;
	for (uint64_t off = 0; off < len && vm_stat(&s) == 0 && s.free_frames >= 256; off += 64 * 4096)
		for (uint64_t o = off; o < off + 64 * 4096; o += 4096)
			p[o] = 1;
	struct msg m = {0};
	k_recv(TH_FIRST_FREE, &m);
	return 3;
}
