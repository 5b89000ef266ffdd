/* fpu.h - the user's floating-point registers (F and D), switched lazily.
 *
 * f0-f31 and fcsr hold the values of one thread at most, fp_owner; every other thread
 * runs with sstatus.FS = Off, so its first F/D instruction traps and fpu_claim() moves
 * the registers over. The kernel is built without F and D and never touches them, so
 * they survive every trap, and threads that never compute in floating point (the
 * servers, IPC) never pay for a save or a load.
 */
#ifndef FPU_H
#define FPU_H
#include <stdint.h>
#include "riscv.h"

struct fpstate {                /* a thread's registers while it is not fp_owner */
	uint64_t f[32];
	uint64_t fcsr;              /* frm and fflags; the rest reads as 0 */
};

struct thread;
extern struct thread *fp_owner;   /* whose values are in f0-f31 and fcsr, or NULL */
extern uint8_t fp_dirty;          /* they changed since fp_owner->fp was loaded or saved */

/* Decide once whether user mode gets an FPU: `isa_has_fd` is what the device tree says
 * of the boot hart; sstatus.FS must also be writable. Leaves FS = Off. */
void fpu_init(int isa_has_fd);

/* An illegal-instruction trap from th, taken with sstatus = `status`. If FS was
 * Off (and there is an FPU), it was th's first F/D instruction since it last ran: save
 * fp_owner's registers if they are dirty, load th's, make th fp_owner with FS = Clean,
 * and return 1; the instruction is then retried. Otherwise return 0: a real illegal
 * instruction. */
int fpu_claim(struct thread *th, uint64_t status);

/* th is being destroyed: if its values are in the registers, nobody owns them now
 * (the next fpu_claim() overwrites all of them) and FS is turned Off. */
void fpu_forget(const struct thread *th);

void fpu_toggle(const struct thread *th, uint64_t fs);   /* fpu_resume()'s slow half */

/* Set sstatus.FS for th, about to return to user mode. The CSR's FS is not Off exactly
 * when the thread that trapped (or was just given the FPU) is fp_owner. fp_owner needs
 * it on: Clean, or Dirty if the registers have unsaved changes; anyone else needs it
 * Off. Only a switch to or from fp_owner changes anything; the common cases (the same
 * thread again, or threads that never used floating point) cost a CSR read, a load and
 * two branches. */
static inline void fpu_resume(const struct thread *th)
{
	uint64_t fs = csr_read(sstatus) & SSTATUS_FS;
	if (th == fp_owner ? fs == SSTATUS_FS_OFF : fs != SSTATUS_FS_OFF)
		fpu_toggle(th, fs);
}
#endif
