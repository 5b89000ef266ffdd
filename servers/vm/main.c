/* main.c - the VM server: owner of all user memory and pager of every other task.
 * It serves proto/vm.h requests and fault messages on one endpoint, one at a time. */
#include "kcall.h"
#include "frames.h"
#include "proc.h"
#include "fault.h"
#include "device.h"
#include "mm.h"
#include "proto/fs.h"
#define PROTO_FILE "proto/fs.def"
#include "proto/gen_client.h"
#undef PROTO_FILE
#include "base/mem.h"
#include "rt/log.h"
#include "abi/fault.h"

static const struct bootinfo *bi = (const struct bootinfo *)BOOTINFO_VA;

/* Calls to the FS server. Only once it said VM_FS_READY: from then on it never waits on
 * us, so a call cannot deadlock. fs_handle is our badged handle on its endpoint. */
static long fs_handle = -1;
static uint64_t fs_badge;

static void sync_files(void)
{
	struct fs_sync_req q;
	struct fs_sync_rep r;
	if (fs_handle < 0 || fs_sync_call(fs_handle, &q, 0, 0, &r) < 0)
		log_printf("vm: the FS server could not sync\n");
}

void fs_client_gone(uint64_t badge)
{
	struct fs_client_gone_req q = {badge};
	struct fs_client_gone_rep r;
	if (fs_handle >= 0 && badge == fs_badge) {   /* the FS server itself: never call it again */
		k_handle_close(fs_handle);
		fs_handle = -1;
	} else if (fs_handle >= 0) {
		fs_client_gone_call(fs_handle, &q, 0, 0, &r);
	}
}

static long do_vm_fs_ready(struct proc *p, const struct vm_fs_ready_req *q, struct vm_fs_ready_rep *r)
{
	(void)q, (void)r;
	if (strcmp(p->name, "fs") || p->parent || fs_handle >= 0)
		return -KE_PERM;
	fs_handle = k_handle_copy(HANDLE_SELF, VMH_FS_EP, HANDLE_SELF, -1, RIGHT_SEND, 1);
	fs_badge = p->badge;
	return fs_handle < 0 ? fs_handle : 0;
}

/* Handlers of proto/vm.def: the context is the calling task. */
static long do_vm_exit(struct proc *p, const struct vm_exit_req *q, struct vm_exit_rep *r)
{
	(void)r;
	struct vm_wait_rep end = {q->status, 0, 0, 0};
	int is_init = !p->parent && !strcmp(p->name, "init");
	proc_end(p, &end);
	if (is_init) {
		log_printf("vm: init exited with status %ld\n", (long)end.status);
		sync_files();
		k_poweroff(VMH_POWER, (int)end.status);
	}
	return PROTO_NO_REPLY;
}

static long do_vm_spawn(struct proc *p, const struct vm_spawn_req *q, struct vm_spawn_rep *r)
{
	long err;
	const int64_t give[VM_SPAWN_PASS] = {q->give0, q->give1, q->give2, q->give3};
	__ipc_buffer[IPC_BUF_MAX - 1] = 0;
	if (q->prio > 8)
		return -KE_PERM;
	struct proc *c = proc_spawn(p, __ipc_buffer, give, q->prio, &err);
	if (!c)
		return -err;
	r->child = (int64_t)c->badge;
	return 0;
}

static long do_vm_wait(struct proc *p, const struct vm_wait_req *q, struct vm_wait_rep *r)
{
	long s = proc_wait(p, q->child, r);
	return s == 1 ? PROTO_NO_REPLY : s;
}

static long do_vm_kill(struct proc *p, const struct vm_kill_req *q, struct vm_kill_rep *r)
{
	(void)r;
	struct proc *c = proc_by_badge((uint64_t)q->child);
	if (!c || c->parent != p || c->zombie)
		return -KE_SRCH;
	struct vm_wait_rep end = {128 + 9, 0, 0, 0};
	proc_end(c, &end);
	return 0;
}

static long do_vm_stat(struct proc *p, const struct vm_stat_req *q, struct vm_stat_rep *r)
{
	(void)q;
	*r = (struct vm_stat_rep){p->faults, frames_free_count(), frames_total(), proc_count(), p->badge};
	return 0;
}

static long do_vm_map_device(struct proc *p, const struct vm_map_device_req *q, struct vm_map_device_rep *r)
{
	long va = device_map(p, q->pa, q->npages);
	if (va < 0)
		return va;
	r->va = (uint64_t)va;
	return 0;
}

static long do_vm_irq_bind(struct proc *p, const struct vm_irq_bind_req *q, struct vm_irq_bind_rep *r)
{
	(void)r;
	return device_irq_bind(p, q);
}

static long do_vm_dma_alloc(struct proc *p, const struct vm_dma_alloc_req *q, struct vm_dma_alloc_rep *r)
{
	(void)q;
	return device_dma_alloc(p, r);
}

static long do_vm_device_info(struct proc *p, const struct vm_device_info_req *q, struct vm_device_info_rep *r)
{
	(void)p;
	return device_info(q->kind, q->index, r);
}

static long do_vm_map_module(struct proc *p, const struct vm_map_module_req *q, struct vm_map_module_rep *r)
{
	(void)q;
	__ipc_buffer[IPC_BUF_MAX - 1] = 0;
	return device_map_module(p, __ipc_buffer, r);
}

#define PROTO_FILE "proto/vm.def"
#define PROTO_DISPATCH vm_dispatch
#define PROTO_CTX struct proc
#include "proto/gen_server.h"

int main(void)
{
	if (bi->magic != BOOTINFO_MAGIC || frames_init(bi) < 0) {
		log_printf("vm: unusable boot information\n");
		k_poweroff(VMH_POWER, 97);
	}
	mm_init(frames_total());
	if (proc_init(bi) < 0) {
		log_printf("vm: cannot adopt the boot tasks\n");
		k_poweroff(VMH_POWER, 96);
	}
	device_init(bi);
	log_printf("vm: %lu of %lu frames free, %u boot modules\n", frames_free_count(), frames_total(), bi->nmod);

	struct msg m = {0};
	long badge = k_recv(VMH_ENDPOINT, &m);
	for (;;) {
		int reply = 0;
		struct proc *p = badge > 0 ? proc_by_badge((uint64_t)badge) : 0;
		uint64_t label = IPC_TAG_LABEL(m.tag);
		if (!p || p->zombie) {
			reply = 0;             /* a task we no longer know: nothing to answer */
		} else if (label == FAULT_LABEL_PAGE || label == FAULT_LABEL_EXCEPTION) {
			reply = fault_handle(p, &m);
		} else {
			int d = vm_dispatch(p, &m);
			if (d == 0)
				m.tag = IPC_TAG(KE_NOSYS, 0, 0);
			reply = d != 2;
		}
		badge = reply ? k_reply_recv(VMH_ENDPOINT, &m) : k_recv(VMH_ENDPOINT, &m);
	}
}
