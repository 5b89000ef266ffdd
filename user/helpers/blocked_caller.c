/* blocked_caller.c - test peer: one call on slot TH_FIRST_FREE (label 5). Exits 1 if
 * it is answered, 100 + KE_* if the call fails (KE_PIPE: the server died). */
#include "kcall.h"
#include "abi/bootinfo.h"

int main(void)
{
	struct msg m = {IPC_TAG(5, 0, 0), {0}};
	long r = k_call(TH_FIRST_FREE, &m);
	return r < 0 ? 100 + (int)-r : 1;
}
