/* fp_worker.c - test peer of tests/qemu/fp_preempt.c: reports whether it started with
 * every floating-point register zero, then keeps its own pattern in all of them while
 * it spins as long as told, and reports whether the pattern survived. Calls its parent
 * on slot TH_FIRST_FREE:
 *   label 1, words (registers not zero, first such (32: fcsr), its value); the reply's
 *     label says what next: 1 spin for w[0] ticks, 0 exit;
 *   after spinning: label 2, words (rounds with a wrong register, rounds of over 2 ms,
 *     registers wrong at the end).
 * It spins on CPU 0, as its parent does, so that they preempt each other. It exits with
 * yet another pattern in the registers, never saved: the kernel must not let the next
 * thread see it. */
#include "kcall.h"
#include "abi/bootinfo.h"
#include "fpregs.h"

int main(void)
{
	struct fpregs r, want;
	fpregs_store(&r);
	uint64_t nonzero = 0, first = 0, value = 0;
	for (int i = 32; i >= 0; i--) {
		uint64_t v = i == 32 ? r.fcsr : r.f[i];
		if (v) {
			nonzero++;
			first = (uint64_t)i;
			value = v;
		}
	}
	fpregs_pattern(&want, 2);
	fpregs_load(&want);

	struct msg m = {IPC_TAG(1, 0, 3), {nonzero, first, value}};
	if (k_call(TH_FIRST_FREE, &m) < 0)
		return 2;
	if (IPC_TAG_LABEL(m.tag) == 1) {
		long gaps;
		k_thread_affinity(1);
		long bad = fpregs_spin(&want, m.w[0], &gaps);
		fpregs_store(&r);
		m = (struct msg){IPC_TAG(2, 0, 3), {(uint64_t)bad, (uint64_t)gaps,
		                                    (uint64_t)fpregs_diff(&r, &want)}};
		if (k_call(TH_FIRST_FREE, &m) < 0)
			return 3;
	}
	fpregs_pattern(&want, 3);
	fpregs_load(&want);
	return 0;
}
