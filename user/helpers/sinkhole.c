/* sinkhole.c - test peer, a server that never answers: receives calls on slot
 * TH_FIRST_FREE, saves each caller's reply (SYS_CALLER_SAVE) and never replies; it
 * tells its parent each token it holds by a send on slot TH_FIRST_FREE + 1 (label 1,
 * the token), so the parent can try to reply with it. */
#include "kcall.h"
#include "abi/bootinfo.h"

int main(void)
{
	for (;;) {
		struct msg m = {0};
		if (k_recv(TH_FIRST_FREE, &m) < 0)
			return 2;
		m = (struct msg){IPC_TAG(1, 0, 1), {(uint64_t)k_caller_save()}};
		k_send(TH_FIRST_FREE + 1, &m);
	}
}
