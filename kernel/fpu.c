/* fpu.c - lazy switching of the user's floating-point registers (contract in fpu.h).
 *
 * One hart: the registers are live for fp_owner only. The state moves when another
 * thread executes an F/D instruction with FS = Off (fpu_claim), never on a context
 * switch itself; a switch away from fp_owner only turns FS Off, first noting in
 * fp_dirty whether the hardware saw it write the registers (FS = Dirty).
 */
#include <stddef.h>
#include "fpu.h"
#include "object.h"

/* fpu_switch.S; FS must not be Off around them. */
void fpu_save(struct fpstate *st);
void fpu_load(const struct fpstate *st);

_Static_assert(offsetof(struct fpstate, fcsr) == 256, "fpu_switch.S layout");

struct thread *fp_owner;
uint8_t fp_dirty;
static uint8_t fp_present;

void fpu_init(int isa_has_fd)
{
	csr_clear(sstatus, SSTATUS_FS);
	if (!isa_has_fd)
		return;
	/* Without F, FS may be read-only zero. */
	csr_set(sstatus, SSTATUS_FS_INITIAL);
	fp_present = (csr_read(sstatus) & SSTATUS_FS) != SSTATUS_FS_OFF;
	csr_clear(sstatus, SSTATUS_FS);
}

void fpu_toggle(const struct thread *th, uint64_t fs)
{
	if (th == fp_owner) {                   /* FS is Off */
		csr_set(sstatus, fp_dirty ? SSTATUS_FS_DIRTY : SSTATUS_FS_CLEAN);
	} else {                                /* leaving fp_owner: note what it did */
		if (fs == SSTATUS_FS_DIRTY)
			fp_dirty = 1;
		csr_clear(sstatus, SSTATUS_FS);
	}
}

int fpu_claim(struct thread *th, uint64_t status)
{
	if (!fp_present || (status & SSTATUS_FS) != SSTATUS_FS_OFF)
		return 0;
	csr_set(sstatus, SSTATUS_FS_DIRTY);     /* the kernel's own moves below */
	if (th != fp_owner) {
		if (fp_owner && fp_dirty)
			fpu_save(&fp_owner->fp);
		fpu_load(&th->fp);
		fp_owner = th;
		fp_dirty = 0;
	}
	if (!fp_dirty)                          /* Dirty -> Clean */
		csr_clear(sstatus, SSTATUS_FS_DIRTY & ~SSTATUS_FS_CLEAN);
	return 1;
}

void fpu_forget(const struct thread *th)
{
	if (th != fp_owner)
		return;
	fp_owner = 0;
	fp_dirty = 0;
	/* If th is the thread that trapped, FS is on for it: the next thread to return
	 * must not find the dead one's registers enabled. Otherwise FS is Off already. */
	csr_clear(sstatus, SSTATUS_FS);
}
