/* forkinject.c - fault injection in fork (see forkinject.h). One fork at a time has it:
 * the one that began while it was armed, named by its parent's badge, so the forks of
 * other tasks meanwhile are left alone. */
#include "forkinject.h"
#include "kcall.h"

#define LIB_POINTS (VM_INJ_ACCOUNT | VM_INJ_NEWVMA)

static struct fork_injection {
	uint64_t k;           /* fail at the k-th point; 0: disarmed, or it has failed */
	uint64_t owner;       /* the parent whose fork has it; 0: the next VM_FORK's */
	uint64_t passed;      /* points passed (during vm_dup_mmap, also those in dup's count) */
	uint64_t step;        /* FORK_STEP_* where it failed; 0: none (yet) */
	struct vm_mm *dup;    /* during vm_dup_mmap: the child, whose inject_after counts down */
	unsigned dup_after;   /* ... set to this at the start */
} inj;

long fork_inject_arm(uint64_t k, struct vm_fork_inject_rep *rep)
{
	*rep = (struct vm_fork_inject_rep){inj.passed, inj.step, inj.k && !inj.owner};
	if (k > FORK_INJECT_MAX)
		return -KE_INVAL;
	if (inj.owner)
		return -KE_BUSY;
	inj = (struct fork_injection){.k = k};
	return 0;
}

void fork_inject_begin(uint64_t parent)
{
	if (inj.k && !inj.owner)
		inj.owner = parent;
}

void fork_inject_end(uint64_t parent)
{
	if (inj.owner && inj.owner == parent)
		inj.k = 0, inj.owner = 0;
}

/* The point being passed is the k-th: it fails at `step`. */
static int fail_here(unsigned step)
{
	inj.passed = inj.k;
	inj.step = step;
	inj.k = 0;
	return 1;
}

int fork_inject_hit(uint64_t parent, unsigned step)
{
	if (!inj.k || !inj.owner || inj.owner != parent)
		return 0;
	if (inj.dup) {   /* the budget is in the child's count now */
		if (inj.dup->inject_after) {
			inj.dup->inject_after--;
			return 0;
		}
		inj.dup->inject = 0;
		return fail_here(step);
	}
	return ++inj.passed == inj.k ? fail_here(step) : 0;
}

void fork_inject_dup_begin(uint64_t parent, struct vm_mm *child)
{
	if (!inj.k || !inj.owner || inj.owner != parent)
		return;
	inj.dup = child;
	inj.dup_after = (unsigned)(inj.k - inj.passed - 1);   /* k > passed while armed */
	child->inject = LIB_POINTS;
	child->inject_after = inj.dup_after;
}

void fork_inject_dup_end(uint64_t parent, struct vm_mm *child)
{
	if (!inj.dup || inj.dup != child || inj.owner != parent)
		return;
	inj.dup = 0;
	if (inj.k && child->inject != LIB_POINTS)   /* one of lib/vm's points failed */
		fail_here(child->inject & VM_INJ_ACCOUNT ? FORK_STEP_NODE : FORK_STEP_CHARGE);
	else if (inj.k)
		inj.passed += inj.dup_after - child->inject_after;
	child->inject = 0, child->inject_after = 0;
}
