/* brk.c - the program break, kept by the VM server (Linux's brk semantics); picolibc's
 * malloc grows the heap through sbrk. */
#include <errno.h>
#include <stdint.h>
#include <unistd.h>
#include "kcall.h"
#include "abi/bootinfo.h"
#include "proto/vm_msgs.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"

static uintptr_t cur_brk;

/* Ask for the break at addr (0: just report it); returns the break now in force. */
static uintptr_t set_brk(uintptr_t addr)
{
	struct vm_brk_req q = {addr};
	struct vm_brk_rep r;
	if (vm_brk_call(TH_VM_EP, &q, 0, 0, &r) < 0)
		return cur_brk;
	return cur_brk = r.brk;
}

int brk(void *addr)
{
	if (set_brk((uintptr_t)addr) != (uintptr_t)addr) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

void *sbrk(ptrdiff_t incr)
{
	uintptr_t old = cur_brk ? cur_brk : set_brk(0);
	if (incr == 0)
		return (void *)old;
	uintptr_t want = old + (uintptr_t)incr;
	if ((incr > 0 && want < old) || (incr < 0 && want > old) || set_brk(want) != want) {
		errno = ENOMEM;
		return (void *)-1;
	}
	return (void *)old;
}
