/* bench_sys_ours.h - the benchmark layer for our system (see bench_sys.h). */
#include <stdio.h>
#include "vmclient.h"
#include "abi/bootinfo.h"

#define SYS_HAS_IPC 1

static long bench_ep = -1, bench_child = -1;

static inline long sys_null(void) { return k_null(); }

typedef struct msg sys_ipc_msg;
static inline void sys_ipc_call(sys_ipc_msg *m, unsigned nwords, unsigned nbytes)
{
	m->tag = IPC_TAG(1, nbytes, nwords);
	k_call(bench_ep, m);
}

/* Start the echo peer (user/helpers/ipc_echo.c) in its own address space. */
static int sys_init(void)
{
	bench_ep = k_endpoint_create();
	long give[VM_SPAWN_PASS] = {bench_ep, -1, -1, -1};
	bench_child = bench_ep < 0 ? -1 : vm_spawn("ipc_echo", give, 4);
	if (bench_child < 0) {
		printf("bench: cannot start the echo peer\n");
		return 1;
	}
	return 0;
}

static int sys_fini(void)
{
	struct msg stop = {IPC_TAG(0, 0, 0), {0}};
	k_call(bench_ep, &stop);
	struct vm_wait_rep end;
	vm_wait(bench_child, &end);
	return 0;
}
