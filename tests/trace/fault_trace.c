/* fault_trace.c - init of the traced kernel: one anonymous page fault, then exit. */
#include <stdint.h>
#include "rt/layout.h"

int main(void)
{
	volatile uint64_t *p = (volatile uint64_t *)USER_HEAP_BASE;
	*p = 42;
	return *p == 42 ? 0 : 1;
}
