/* crasher.c - test peer: asks its parent (endpoint in slot TH_FIRST_FREE) what to do,
 * then does something a task must not be able to do. The VM server should end it. */
#include "kcall.h"
#include "abi/bootinfo.h"

int main(void)
{
	struct msg m = {IPC_TAG(1, 0, 0), {0}};
	if (k_call(TH_FIRST_FREE, &m) < 0)
		return 2;
	volatile uint64_t *p = (volatile uint64_t *)m.w[1];
	switch (m.w[0]) {
	case 0: return (int)*p;                        /* read */
	case 1: *p = 0x1234; return 0;                 /* write */
	case 2: ((void (*)(void))p)(); return 0;       /* execute */
	case 3: __asm__ volatile(".word 0"); return 0; /* illegal instruction */
	case 4: __asm__ volatile("csrw satp, zero"); return 0; /* privileged */
	}
	return 3;
}
