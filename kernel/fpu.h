/* fpu.h - the user's floating-point registers (F and D), switched lazily.
 *
 * On each hart, f0-f31 and fcsr hold the values of one thread at most, that hart's
 * fp_owner (hart.h); every other thread runs with sstatus.FS = Off, so its first F/D
 * instruction traps and fpu_claim() loads its registers. The kernel is built without F
 * and D and never touches them, so they survive every trap, and threads that never
 * compute in floating point (the servers, IPC) never pay for a save or a load.
 */
#ifndef FPU_H
#define FPU_H
#include <stdint.h>
#include "riscv.h"

struct fpstate {                /* a thread's registers, current whenever it is not running */
	uint64_t f[32];
	uint64_t fcsr;              /* frm and fflags; the rest reads as 0 */
};

struct thread;

/* Decide for this hart whether user mode gets an FPU: `isa_has_fd` is what the device
 * tree says of it; sstatus.FS must also be writable. Leaves FS = Off. */
void fpu_init(int isa_has_fd);

/* An illegal-instruction trap from th, taken with sstatus = `status`. If FS was
 * Off (and there is an FPU), it was th's first F/D instruction since it last ran here:
 * load th's registers (the owner's are saved already), make th this hart's fp_owner
 * with FS = Clean, and return 1; the instruction is then retried. Otherwise return 0:
 * a real illegal instruction. */
int fpu_claim(struct thread *th, uint64_t status);

/* th is being destroyed: if its values are in some hart's registers, nobody owns them
 * now (the next fpu_claim() there overwrites all of them); FS is turned Off here. */
void fpu_forget(const struct thread *th);

/* This hart stops running user threads for now (it waits): fp_owner's registers are
 * saved if they changed, FS goes Off. */
void fpu_leave(void);

void fpu_toggle(const struct thread *th, uint64_t fs);   /* fpu_resume()'s slow half */

/* Set sstatus.FS for th, about to return to user mode on this hart, whose fp_owner is
 * given. The CSR's FS is not Off exactly when the thread that trapped (or was just
 * given the FPU) is fp_owner. fp_owner needs it on (Clean when coming back: its values
 * were saved as it left); anyone else needs it Off (saving fp_owner's values first if
 * they changed). Only a switch to or from fp_owner changes anything; the common cases
 * (the same thread again, or threads that never used floating point) cost a CSR read,
 * a load and two branches. */
static inline void fpu_resume(const struct thread *th, const struct thread *fp_owner)
{
	uint64_t fs = csr_read(sstatus) & SSTATUS_FS;
	if (th == fp_owner ? fs == SSTATUS_FS_OFF : fs != SSTATUS_FS_OFF)
		fpu_toggle(th, fs);
}
#endif
