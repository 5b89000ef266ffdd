/* vmclient.c - the process calls of vmclient.h on the generated VM protocol stubs. */
#include <string.h>
#include "vmclient.h"
#include "abi/bootinfo.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"

_Noreturn void vm_exit(int status)
{
	struct vm_exit_req q = {status, 0};
	struct vm_exit_rep r;
	vm_exit_call(TH_VM_EP, &q, 0, 0, &r);
	for (;;)            /* the VM server destroys us; nothing to return to */
		k_thread_exit();
}

long vm_spawn(const char *name, const long give[VM_SPAWN_PASS], uint64_t prio)
{
	struct vm_spawn_req q = {-1, -1, -1, -1, prio};
	struct vm_spawn_rep r;
	if (give)
		q.give0 = give[0], q.give1 = give[1], q.give2 = give[2], q.give3 = give[3];
	long e = vm_spawn_call(TH_VM_EP, &q, name, strlen(name) + 1, &r);
	return e < 0 ? e : r.child;
}

long vm_spawn_fd(int fd, char *const argv[], char *const envp[], uint64_t prio)
{
	static char buf[IPC_BUF_MAX];
	size_t used = 0;
	uint64_t n[2] = {0, 0};
	for (int list = 0; list < 2; list++) {
		char *const *v = list ? envp : argv;
		for (; v && v[n[list]]; n[list]++) {
			size_t len = strlen(v[n[list]]) + 1;
			if (len > sizeof buf - used)
				return -KE_2BIG;
			memcpy(buf + used, v[n[list]], len);
			used += len;
		}
	}
	struct vm_spawn_fd_req q = {fd, prio, n[0], n[1]};
	struct vm_spawn_fd_rep r;
	long e = vm_spawn_fd_call(TH_VM_EP, &q, buf, used, &r);
	return e < 0 ? e : r.child;
}

long vm_wait(long child, struct vm_wait_rep *rep)
{
	struct vm_wait_req q = {child};
	return vm_wait_call(TH_VM_EP, &q, 0, 0, rep);
}

long vm_wait_reaping(long child, struct vm_wait_rep *rep)
{
	for (;;) {
		struct vm_wait4_req q = {-1, VM_WAIT4_EXITED};
		struct vm_wait4_rep r;
		long e = vm_wait4_call(TH_VM_EP, &q, 0, 0, &r);
		if (e < 0)
			return e;
		if (r.pid == VM_LINUX_PID(child)) {
			uint64_t sig = r.wstatus & 0x7f;
			*rep = (struct vm_wait_rep){0};
			rep->signal = sig;
			rep->status = sig ? 128 + sig : r.wstatus >> 8 & 0xff;
			return 0;
		}
	}
}

long vm_kill(long child)
{
	struct vm_kill_req q = {child};
	struct vm_kill_rep r;
	return vm_kill_call(TH_VM_EP, &q, 0, 0, &r);
}

long vm_stat(struct vm_stat_rep *rep)
{
	struct vm_stat_req q;
	return vm_stat_call(TH_VM_EP, &q, 0, 0, rep);
}

long vm_map_device(uint64_t pa, uint64_t npages)
{
	struct vm_map_device_req q = {pa, npages};
	struct vm_map_device_rep r;
	long e = vm_map_device_call(TH_VM_EP, &q, 0, 0, &r);
	return e < 0 ? e : (long)r.va;
}

long vm_irq_bind(uint64_t irq, long notification, uint64_t bit)
{
	struct vm_irq_bind_req q = {irq, notification, bit};
	struct vm_irq_bind_rep r;
	return vm_irq_bind_call(TH_VM_EP, &q, 0, 0, &r);
}

long vm_maps_text(uint64_t *next, char *buf, size_t size)
{
	struct vm_maps_req q = {*next};
	struct vm_maps_rep r;
	long e = vm_maps_call(TH_VM_EP, &q, 0, 0, &r);
	if (e < 0)
		return e;
	size_t n = strlen(__ipc_buffer);
	if (size == 0 || n >= size)
		return -KE_2BIG;
	memcpy(buf, __ipc_buffer, n + 1);
	*next = r.next;
	return (long)r.count;
}
