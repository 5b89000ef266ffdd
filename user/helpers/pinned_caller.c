/* pinned_caller.c - test peer of tests/qemu/pinned_ipc.c: calls its parent on slot
 * TH_FIRST_FREE, pins itself to the hart the first reply's word names (the last one),
 * then calls again until a reply's label is 0. Each call carries the round number and the hart it was
 * made from; the reply must carry the round back plus one. Exits with 0 if every reply
 * did, 2 if a call failed, 3 if a reply came back wrong. */
#include "kcall.h"
#include "abi/bootinfo.h"

int main(void)
{
	struct msg m = {IPC_TAG(1, 0, 0), {0}};
	if (k_call(TH_FIRST_FREE, &m) < 0)   /* the first reply names the hart */
		return 2;
	k_thread_affinity(1UL << m.w[0]);
	for (uint64_t round = 1;; round++) {
		uint64_t n;
		m = (struct msg){IPC_TAG(2, 0, 2), {round, (uint64_t)k_cpu(&n)}};
		if (k_call(TH_FIRST_FREE, &m) < 0)
			return 2;
		if (IPC_TAG_LABEL(m.tag) == 0)
			return 0;
		if (m.w[0] != round + 1)
			return 3;
	}
}
