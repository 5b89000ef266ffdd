/* fpu.c - lazy switching of the user's floating-point registers (contract in fpu.h).
 *
 * On each hart the registers are live for that hart's fp_owner only. They are loaded
 * when a thread executes an F/D instruction with FS = Off (fpu_claim), never on a
 * context switch itself. A switch away from fp_owner turns FS Off and, if the hardware
 * saw the registers change (FS = Dirty), saves them first: so a thread that is not
 * running always has its values in th->fp, and may run next on any hart. fp_owner
 * stays, clean, so that the thread coming back to the same hart reloads nothing.
 */
#include <stddef.h>
#include "fpu.h"
#include "hart.h"

/* fpu_switch.S; FS must not be Off around them. */
void fpu_save(struct fpstate *st);
void fpu_load(const struct fpstate *st);

_Static_assert(offsetof(struct fpstate, fcsr) == 256, "fpu_switch.S layout");
_Static_assert(offsetof(struct thread, fp) == THREAD_FP, "trap_entry.S layout");

void fpu_init(int isa_has_fd)
{
	struct hart *h = this_hart;
	csr_clear(sstatus, SSTATUS_FS);
	if (!isa_has_fd)
		return;
	/* Without F, FS may be read-only zero. */
	csr_set(sstatus, SSTATUS_FS_INITIAL);
	h->fp_present = (csr_read(sstatus) & SSTATUS_FS) != SSTATUS_FS_OFF;
	csr_clear(sstatus, SSTATUS_FS);
}

void fpu_toggle(const struct thread *th, uint64_t fs)
{
	struct hart *h = this_hart;
	if (th == h->fp_owner) {                /* FS is Off; the registers are th's */
		csr_set(sstatus, SSTATUS_FS_CLEAN);
		return;
	}
	if (fs == SSTATUS_FS_DIRTY && h->fp_owner)   /* leaving fp_owner: keep what it did */
		fpu_save(&h->fp_owner->fp);
	csr_clear(sstatus, SSTATUS_FS);
}

void fpu_leave(void)
{
	struct hart *h = this_hart;
	uint64_t fs = csr_read(sstatus) & SSTATUS_FS;
	if (fs == SSTATUS_FS_DIRTY && h->fp_owner)
		fpu_save(&h->fp_owner->fp);
	csr_clear(sstatus, SSTATUS_FS);
}

int fpu_claim(struct thread *th, uint64_t status)
{
	struct hart *h = this_hart;
	if (!h->fp_present || (status & SSTATUS_FS) != SSTATUS_FS_OFF)
		return 0;
	csr_set(sstatus, SSTATUS_FS_CLEAN);     /* the kernel's own moves below */
	if (th != h->fp_owner) {
		fpu_load(&th->fp);   /* (the owner's values are saved: FS was Off) */
		if (th->fp_hart && th->fp_hart->fp_owner == th)
			th->fp_hart->fp_owner = 0;  /* that hart's copy is old from now on */
		h->fp_owner = th;
		th->fp_hart = h;
	}
	return 1;
}

void fpu_forget(const struct thread *th)
{
	struct hart *h = th->fp_hart;
	if (!h || h->fp_owner != th)
		return;
	h->fp_owner = 0;
	/* If th is the thread that trapped here, FS is on for it: the next thread to
	 * return must not find the dead one's registers enabled. Otherwise FS is Off. */
	if (h == this_hart)
		csr_clear(sstatus, SSTATUS_FS);
}
