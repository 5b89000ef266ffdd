/* vmclient.c - client side of proto/vm.h: exit, spawn, wait, kill, stat. */
#include "vmclient.h"
#include <string.h>
#include "abi/bootinfo.h"

/* Send a request and return the reply's status: 0 or -errno. */
static long vm_request(struct msg *m, uint64_t label, const void *req, uint64_t reqsize, uint64_t nbytes)
{
	m->tag = IPC_TAG(label, nbytes, (reqsize + 7) / 8);
	if (req)
		memcpy(m->w, req, reqsize);
	long r = k_call(TH_VM_EP, m);
	if (r < 0)
		return r;
	return -(long)IPC_TAG_LABEL(m->tag);
}

_Noreturn void vm_exit(int status)
{
	struct msg m = {0};
	struct vm_exit_req req = {status};
	vm_request(&m, VM_EXIT, &req, sizeof req, 0);
	for (;;)            /* the VM server destroys us; nothing to return to */
		k_thread_exit();
}

long vm_spawn(const char *name, const long give[VM_SPAWN_PASS], uint64_t prio)
{
	struct msg m = {0};
	struct vm_spawn_req req;
	size_t len = strlen(name) + 1;
	if (len > IPC_BUF_MAX)
		return -KE_2BIG;
	memcpy(__ipc_buffer, name, len);
	for (int i = 0; i < VM_SPAWN_PASS; i++)
		req.give[i] = give ? give[i] : -1;
	req.prio = prio;
	long r = vm_request(&m, VM_SPAWN, &req, sizeof req, len);
	if (r < 0)
		return r;
	return m.w[0];
}

long vm_wait(long child, struct vm_wait_rep *rep)
{
	struct msg m = {0};
	struct vm_wait_req req = {child};
	long r = vm_request(&m, VM_WAIT, &req, sizeof req, 0);
	if (r == 0)
		memcpy(rep, m.w, sizeof *rep);
	return r;
}

long vm_kill(long child)
{
	struct msg m = {0};
	struct vm_kill_req req = {child};
	return vm_request(&m, VM_KILL, &req, sizeof req, 0);
}

long vm_stat(struct vm_stat_rep *rep)
{
	struct msg m = {0};
	long r = vm_request(&m, VM_STAT, 0, 0, 0);
	if (r == 0)
		memcpy(rep, m.w, sizeof *rep);
	return r;
}

long vm_map_device(uint64_t pa, uint64_t npages)
{
	struct msg m = {0};
	struct vm_map_device_req req = {pa, npages};
	long r = vm_request(&m, VM_MAP_DEVICE, &req, sizeof req, 0);
	return r < 0 ? r : (long)m.w[0];
}

long vm_irq_bind(uint64_t irq, long notification, uint64_t bit)
{
	struct msg m = {0};
	struct vm_irq_bind_req req = {irq, notification, bit};
	return vm_request(&m, VM_IRQ_BIND, &req, sizeof req, 0);
}
