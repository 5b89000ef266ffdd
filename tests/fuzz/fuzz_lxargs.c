/* fuzz_lxargs.c - libFuzzer harness of the Linux personality's pure argument checks
 * (lib/linux/lx_cloneargs.c): the input is struct clone_args' 11 words (missing bytes
 * zero). lx_clone_check of the flags and lx_clone3_decode of the words must agree with
 * Linux 6.1's rules whenever they accept: clone3's exit signal apart from the flags, at
 * most 64, none for a thread; a stack both given and sized, or neither, inside user
 * space; a thread sharing everything and no vfork; a process sharing no memory (but a
 * vfork's), descriptors or handlers; no namespaces, pidfd, CLONE_PARENT, set_tid or
 * cgroup. And the clone built must be the words given. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "linux/lx_cloneargs.h"
#include "linux/lx_errno.h"

#define TOP 0x4000000000UL

static void must(int cond)
{
	if (!cond)
		abort();
}

/* What Linux and this personality allow of a clone's flags f, when lx_clone_check took them. */
static void check_flags(uint64_t f)
{
	must(!(f & (CLONE_NAMESPACES | CLONE_PIDFD | CLONE_PARENT)));
	if (f & CLONE_THREAD)
		must((f & CLONE_THREAD_SET) == CLONE_THREAD_SET && !(f & CLONE_VFORK));
	else
		must(!(f & (CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_SYSVSEM)) &&
		     (!(f & CLONE_VM) || (f & CLONE_VFORK)));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	uint64_t c[11] = {0};
	memcpy(c, data, n < sizeof c ? n : sizeof c);
	long e = lx_clone_check(c[0]);
	must(e == 0 || e == -LX_EINVAL || e == -LX_ENOSYS);
	if (e == 0)
		check_flags(c[0]);
	struct lx_clone k;
	e = lx_clone3_decode(c, TOP, &k);
	must(e == 0 || e == -LX_EINVAL || e == -LX_ENOSYS);
	if (e)
		return 0;
	uint64_t sig = c[4], stack = c[5], size = c[6];
	must(!(c[0] & CSIGNAL) && sig <= 64 && k.flags == (c[0] | sig));
	must(!((c[0] & CLONE_THREAD) && sig));
	must((stack == 0) == (size == 0) && (!stack || (stack + size > stack && stack + size <= TOP)));
	must(k.sp == (stack ? stack + size : 0) && k.ptid == c[3] && k.tls == c[7] && k.ctid == c[2]);
	must(!c[8] && !c[9] && !c[10]);
	check_flags(k.flags);
	return 0;
}
