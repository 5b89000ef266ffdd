/* spinner.c - test peer: tells its parent it runs (a send on slot TH_FIRST_FREE), then
 * spins forever without a system call. Only preemption lets anyone else run. */
#include "kcall.h"
#include "abi/bootinfo.h"

int main(void)
{
	struct msg m = {IPC_TAG(7, 0, 0), {0}};
	k_send(TH_FIRST_FREE, &m);
	for (volatile unsigned long i = 0;; i++)
		;
}
