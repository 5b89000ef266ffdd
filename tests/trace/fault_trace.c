/* fault_trace.c - init of the traced kernel: map one anonymous page, touch it (one page
 * fault), exit. */
#include <stdint.h>
#include <sys/mman.h>

int main(void)
{
	volatile uint64_t *p = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 2;
	*p = 42;
	return *p == 42 ? 0 : 1;
}
