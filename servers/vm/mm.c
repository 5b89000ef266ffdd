/* mm.c - the memory-management requests of proto/vm.def (mmap, munmap, mprotect, mlock,
 * msync, madvise, brk, rlimits, signals, maps). They are answered by the VMA library
 * (lib/vm) once it is linked in; until then each says ENOSYS. */
#include "mm.h"

/* Where a fault signal goes instead of ending the task (fault.c uses it). */
long do_vm_sigaction(struct proc *p, const struct vm_sigaction_req *q, struct vm_sigaction_rep *r)
{
	(void)r;
	if (q->sig == 0 || q->sig >= 32 || q->trampoline >= USER_TOP || q->stack_top > USER_TOP ||
	    (q->trampoline && (q->stack_top & 15)))
		return -KE_INVAL;
	p->sig_trampoline[q->sig] = q->trampoline;
	p->sig_stack[q->sig] = q->stack_top;
	return 0;
}

#define NOT_YET(name)                                                                   \
	long do_##name(struct proc *p, const struct name##_req *q, struct name##_rep *r)    \
	{                                                                                   \
		(void)p, (void)q, (void)r;                                                      \
		return -KE_NOSYS;                                                               \
	}

NOT_YET(vm_mmap)
NOT_YET(vm_munmap)
NOT_YET(vm_mprotect)
NOT_YET(vm_mlock)
NOT_YET(vm_munlock)
NOT_YET(vm_mlockall)
NOT_YET(vm_munlockall)
NOT_YET(vm_msync)
NOT_YET(vm_madvise)
NOT_YET(vm_brk)
NOT_YET(vm_getrlimit)
NOT_YET(vm_setrlimit)
NOT_YET(vm_maps)
NOT_YET(vm_overcommit)
