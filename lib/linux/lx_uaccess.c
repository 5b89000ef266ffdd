/* lx_uaccess.c - reading and writing the program's memory. A bad pointer from the
 * program must give EFAULT, as on Linux, not kill it: each copy runs under lx_catch,
 * and the personality's fault handler (lx_signal.c) calls lx_uaccess_fault(), which
 * resumes the copy's lx_catch when a copy was under way. The VM server pages the
 * program's memory in as for any other access. */
#include "linux/lx_thread.h"
#include "base/mem.h"
#include "abi/syscall.h"

__attribute__((returns_twice)) int lx_catch(uint64_t ctx[14]);
_Noreturn void lx_throw(uint64_t ctx[14]);

/* The calling thread's copy under way: where lx_throw goes, and whether one is. */
#define ctx (lx_self()->catch_ctx)
#define active (lx_self()->catch_active)

/* A fault the VM server could not resolve: if inside a copy, end the copy with EFAULT
 * (does not return); else return. */
void lx_uaccess_fault(void)
{
	if (active) {
		active = 0;
		lx_throw(ctx);
	}
}

/* [a, a + n) can be the program's memory: below USER_TOP, not the personality's. */
static int range_ok(uint64_t a, size_t n)
{
	return a >= 4096 && a + n >= a && a + n <= USER_TOP && !lx_own_range(a, n);
}

long lx_copy_in(void *dst, uint64_t src, size_t n)
{
	if (!n)
		return 0;
	if (!range_ok(src, n) || lx_catch(ctx))
		return -LX_EFAULT;
	active = 1;
	memcpy(dst, (const void *)src, n);
	active = 0;
	return 0;
}

long lx_copy_out(uint64_t dst, const void *src, size_t n)
{
	if (!n)
		return 0;
	if (!range_ok(dst, n) || lx_catch(ctx))
		return -LX_EFAULT;
	active = 1;
	memcpy((void *)dst, src, n);
	active = 0;
	return 0;
}

size_t lx_copy_out_part(uint64_t dst, const void *src, size_t n)
{
	size_t done = 0;
	while (done < n) {
		size_t piece = 4096 - ((dst + done) & 4095);
		if (piece > n - done)
			piece = n - done;
		if (lx_copy_out(dst + done, (const char *)src + done, piece))
			break;
		done += piece;
	}
	return done;
}

long lx_copy_str(char *dst, uint64_t src, size_t max)
{
	if (!range_ok(src, 1) || lx_catch(ctx))
		return -LX_EFAULT;
	active = 1;
	const volatile char *s = (const char *)src;
	uint64_t top = src < LX_BASE ? LX_BASE : USER_TOP;   /* the string may not run into them */
	for (volatile size_t i = 0; i < max; i++) {
		if (src + i >= top)
			break;
		if (!(dst[i] = s[i])) {
			active = 0;
			return (long)i;
		}
	}
	active = 0;
	return src + max > top ? -LX_EFAULT : -LX_ENAMETOOLONG;
}
