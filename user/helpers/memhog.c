/* memhog.c - test peer: with overcommit "always", maps far more than the machine has
 * and touches it all. The VM server must end it (out of memory) and take every frame
 * back, and keep serving everybody else. */
#include <stdint.h>
#include <sys/mman.h>

int main(void)
{
	uint64_t len = 4UL << 30;   /* 4 GiB on a 256 MiB machine */
	volatile char *p = mmap(0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 2;
	for (uint64_t off = 0; off < len; off += 4096)
		p[off] = 1;
	return 3;   /* not reached: there is not that much memory */
}
