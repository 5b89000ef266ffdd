/* lx_cloneargs.c - the checks of clone's and clone3's arguments (lx_cloneargs.h). */
#include "linux/lx_cloneargs.h"
#include "linux/lx_errno.h"

long lx_clone_check(uint64_t flags)
{
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -LX_EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -LX_EINVAL;
	if ((flags & CLONE_NEWNS) && (flags & CLONE_FS))
		return -LX_EINVAL;
	if (flags & (CLONE_NAMESPACES | CLONE_PIDFD | CLONE_PARENT))
		return -LX_EINVAL;
	if (flags & CLONE_THREAD)
		return (flags & CLONE_THREAD_SET) == CLONE_THREAD_SET && !(flags & CLONE_VFORK) ? 0 : -LX_ENOSYS;
	if ((flags & CLONE_VM) && !(flags & CLONE_VFORK))
		return -LX_ENOSYS;    /* a process in the same address space */
	if (flags & (CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_SYSVSEM))
		return -LX_ENOSYS;    /* state shared between processes */
	return 0;
}

/* As Linux's copy_clone_args_from_user and clone3_args_valid: the signal apart from the
 * flags and at most 64, none for a thread or CLONE_PARENT; a stack both given and sized,
 * or neither, inside user space (clone3_stack_valid); no set_tid nor cgroup here. */
long lx_clone3_decode(const uint64_t c[11], uint64_t user_top, struct lx_clone *out)
{
	uint64_t flags = c[0], sig = c[4], stack = c[5], size = c[6];
	if ((flags & CSIGNAL) || sig > 64 || ((flags & (CLONE_THREAD | CLONE_PARENT)) && sig))
		return -LX_EINVAL;
	if (!stack != !size || stack > user_top || size > user_top - stack)
		return -LX_EINVAL;
	if (c[8] || c[9] || c[10])
		return -LX_EINVAL;
	long e = lx_clone_check(flags | sig);
	if (e)
		return e;
	*out = (struct lx_clone){flags | sig, stack ? stack + size : 0, c[3], c[7], c[2]};
	return 0;
}
