/* main.c - the VM server: owner of all user memory and pager of every other task.
 * Its main thread serves proto/vm_msgs.h requests (and the boot tasks' faults) on its
 * endpoint, one at a time, holding vm_big (vmlock.h); fault workers, one per hart, serve
 * the other tasks' faults (faultpool.c).
 *
 * Its files are layers, each calling only those below it (a memory object's type, a
 * table of functions, is how the lower layers reach a file's pages; an answer of the FS
 * server reaches the record's completion function):
 *   dispatch       main.c (this loop, the task and FS requests), faultpool.c (the fault
 *                  workers), memcalls.c (the memory requests), procinfo.c (what /proc
 *                  shows)
 *   tasks          exec.c (programs from files), clone.c (fork), kill.c (kill, process
 *                  groups), proc.c (life cycle: spawn, fork, wait, end), sigqueue.c
 *                  (signals waiting for a task's personality),
 *                  shutdown.c (sync, then power off)
 *   paging         filemap.c (the file type: page-ins, copy-on-write, write-back),
 *                  populate.c (requests waiting for file pages), pager.c (faults and
 *                  their signals), device.c (device registers, DMA pages, modules)
 *   address spaces mm.c (lib/vm's environment: VMAs carried out in frames and page tables)
 *   memory         memobj.c (memory objects and their types; shared anonymous memory),
 *                  anoncache.c (its pages), pagemap.c, frames.c
 *   foundations    proctab.c (the table of tasks), fslink.c (the FS link), forkinject.c
 *                  (fault injection in fork, for tests): they call nothing of ours;
 *                  threads.c (a Linux task's other threads) calls only proctab.c
 * A layer below the tasks that finds a task must end marks it (proc_doom); proc.c ends it
 * before the next message (proc_end_doomed). */
#include "kcall.h"
#include "frames.h"
#include "proc.h"
#include "childwait.h"
#include "cred.h"
#include "shutdown.h"
#include "pager.h"
#include "device.h"
#include "mm.h"
#include "memcalls.h"
#include "procinfo.h"
#include "exec.h"
#include "clone.h"
#include "forkinject.h"
#include "kill.h"
#include "sigqueue.h"
#include "shared_futex.h"
#include "threads.h"
#include "filemap.h"
#include "fslink.h"
#include "populate.h"
#include "pagemap.h"
#include "faultpool.h"
#include "vmlock.h"
#include "proto/fs_msgs.h"
#include "base/mem.h"
#include "rt/log.h"
#include "abi/fault.h"

static const struct bootinfo *bi = (const struct bootinfo *)BOOTINFO_VA;

/* The FS server: everything we ask of it is posted through fslink.c and answered by
 * its own calls to us (VM_FS_PAGE, VM_FS_DONE), so we never wait on it. */
static int from_fs(const struct proc *p)
{
	uint64_t fs = fslink_fs_badge();
	return fs && p->badge == fs;
}

static long do_vm_fs_ready(struct proc *p, const struct vm_fs_ready_req *q, struct vm_fs_ready_rep *r)
{
	(void)r;
	if (strcmp(p->name, "fs") || p->parent || fslink_fs_badge())
		return -KE_PERM;
	long h = k_handle_copy(HANDLE_SELF, VMH_FS_EP, HANDLE_SELF, -1, RIGHT_SEND, 1);
	if (h < 0)
		return h;
	long pagein = q->pagein_ep < 0 ? -1 : k_handle_copy(p->task, q->pagein_ep, HANDLE_SELF, -1, RIGHT_SEND, 1);
	if (pagein < 0 && q->pagein_ep >= 0)
		log_printf("vm: the FS server's page-in endpoint %ld is not one (%ld)\n", q->pagein_ep, -pagein);
	long e = fslink_start(h, pagein < 0 ? -1 : pagein, p->badge);
	if (e < 0) {
		k_handle_close(h);
		if (pagein >= 0)
			k_handle_close(pagein);
	}
	return e;
}

static long do_vm_fs_page(struct proc *p, const struct vm_fs_page_req *q, struct vm_fs_page_rep *r)
{
	(void)r;
	if (!from_fs(p))
		return -KE_PERM;
	fslink_page_ready(p, q);
	if (proc_any_doomed())
		proc_end_doomed();   /* a page-in's fault it cannot survive */
	return 0;
}

static long do_vm_fs_done(struct proc *p, const struct vm_fs_done_req *q, struct vm_fs_done_rep *r)
{
	(void)r;
	if (!from_fs(p))
		return -KE_PERM;
	fslink_done(q);
	return 0;
}

static long do_vm_fs_page_users(struct proc *p, const struct vm_fs_page_users_req *q, struct vm_fs_page_users_rep *r)
{
	const uint64_t va[8] = {q->va0, q->va1, q->va2, q->va3, q->va4, q->va5, q->va6, q->va7};
	uint64_t e[8];
	if (!from_fs(p))
		return -KE_PERM;
	for (int k = 0; k < 8; k++) {   /* every one checked before any answer */
		e[k] = !va[k] || (va[k] & (PAGE_SIZE - 1)) ? 0 : pm_get(&p->pm, va[k]);
		if (va[k] && (!e[k] || (e[k] & (PM_DEVICE | PM_FILE))))
			return -KE_INVAL;
	}
	r->used = 0;
	for (int k = 0; k < 8; k++)
		r->used |= (uint64_t)(e[k] && frame_refs(PM_ADDR(e[k])) > 1) << k;
	return 0;
}

static long do_vm_fs_unmap(struct proc *p, const struct vm_fs_unmap_req *q, struct vm_fs_unmap_rep *r)
{
	(void)r;
	if (!from_fs(p))
		return -KE_PERM;
	return filemap_unmap(q->key, q->first, q->last, q->cows != 0);
}

/* Handlers of proto/vm.def: the context is the calling task. */
/* Power off for any task: every task is uid 0 (root) until there are credentials. */
static long do_vm_poweroff(struct proc *p, const struct vm_poweroff_req *q, struct vm_poweroff_rep *r)
{
	(void)r;
	log_printf("vm: %s (id %lu) powers the system off (status %lu)\n", p->name, p->badge, q->status & 0xff);
	shutdown_after_sync((int)(q->status & 0xff));
	return PROTO_NO_REPLY;
}

static long do_vm_exit(struct proc *p, const struct vm_exit_req *q, struct vm_exit_rep *r)
{
	(void)r;
	uint64_t sig = q->signal < 65 ? q->signal : 9;
	struct vm_wait_rep end = {sig ? (int64_t)(128 + sig) : q->status, 0, 0, 0, sig};
	proc_end(p, &end);   /* init's end powers off */
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

static long do_vm_spawn_fd(struct proc *p, const struct vm_spawn_fd_req *q, struct vm_spawn_fd_rep *r)
{
	(void)r;
	__ipc_buffer[IPC_BUF_MAX - 1] = 0;
	return exec_spawn_fd(p, q, __ipc_buffer);
}

static long do_vm_execve(struct proc *p, const struct vm_execve_req *q, struct vm_execve_rep *r)
{
	(void)r;
	__ipc_buffer[IPC_BUF_MAX - 1] = 0;
	return exec_execve(p, q, __ipc_buffer);
}

static long do_vm_wait(struct proc *p, const struct vm_wait_req *q, struct vm_wait_rep *r)
{
	long s = proc_wait(p, q->child, r);
	return s == 1 ? PROTO_NO_REPLY : s;
}

static long do_vm_wait4(struct proc *p, const struct vm_wait4_req *q, struct vm_wait4_rep *r)
{
	long s = proc_wait4(p, q->pid, q->options, r);
	return s == 1 ? PROTO_NO_REPLY : s;
}

static long do_vm_getppid(struct proc *p, const struct vm_getppid_req *q, struct vm_getppid_rep *r)
{
	(void)q;
	r->ppid = p->parent && p->parent->badge >= 0x100 ? proc_pid(p->parent) : 1;   /* a boot task: init's */
	return 0;
}

static long do_vm_sigstate(struct proc *p, const struct vm_sigstate_req *q, struct vm_sigstate_rep *r)
{
	(void)r;
	if (!p->lx_entry)
		return -KE_INVAL;
	if (q->intr != p->lx_intr) {
		long e = k_task_linux(p->task, p->lx_entry, p->lx_lo, p->lx_hi, q->intr);   /* checks it */
		if (e < 0)
			return e;
		p->lx_intr = q->intr;
	}
	p->sig_ignored = q->ignored & ~(1ull << (SIGKILL - 1));   /* never ignored */
	p->nocldwait = q->nocldwait != 0;
	sigq_drop(p, p->sig_ignored);
	return 0;
}

static long do_vm_stop(struct proc *p, const struct vm_stop_req *q, struct vm_stop_rep *r)
{
	(void)r;
	return kill_stop(p, q->sig);
}

static long do_vm_signal(struct proc *p, const struct vm_signal_req *q, struct vm_signal_rep *r)
{
	(void)r;
	return kill_signal(p, q->pid, q->sig, q->code, q->tid);
}

/* The terminal's signals: only the FS server, which keeps the console, sends them. */
static long do_vm_tty_signal(struct proc *p, const struct vm_tty_signal_req *q, struct vm_tty_signal_rep *r)
{
	(void)r;
	if (!from_fs(p))
		return -KE_PERM;
	if (q->pgrp <= 0 || q->pgrp > INT32_MAX)
		return -KE_INVAL;
	return kill_signal(p, -q->pgrp, q->sig, SI_KERNEL, 0);
}

static long do_vm_sigqueue(struct proc *p, const struct vm_sigqueue_req *q, struct vm_sigqueue_rep *r)
{
	(void)r;
	return kill_queue(p, q->pid, q->sig, q->code, q->ids, q->value, q->tid);
}

static long do_vm_sigtake(struct proc *p, const struct vm_sigtake_req *q, struct vm_sigtake_rep *r)
{
	struct thread_state *th = thread_of(p, q->tid);
	if (!th)
		return -KE_INVAL;
	sigq_take(p, th, q->mask, r);
	return 0;
}

static long do_vm_thread_new(struct proc *p, const struct vm_thread_new_req *q, struct vm_thread_new_rep *r)
{
	uint64_t tid = 0;
	long err = proc_thread_new(p, q->pc, q->sp, q->arg, &tid);
	r->tid = (int64_t)tid;
	return -err;
}

static long do_vm_futex_wait(struct proc *p, const struct vm_futex_wait_req *q, struct vm_futex_wait_rep *r)
{
	(void)r;
	return shared_futex_wait(p, q->tid, q->uaddr, (uint32_t)q->val, (uint32_t)q->bits, q->notif);
}

static long do_vm_futex_wake(struct proc *p, const struct vm_futex_wake_req *q, struct vm_futex_wake_rep *r)
{
	long n = shared_futex_wake(p, q->uaddr, (uint32_t)q->bits, q->nwake, q->uaddr2, q->nmove, (unsigned)q->how,
	                           (uint32_t)q->cmpval);
	r->count = n;
	return n < 0 ? n : 0;
}

static long do_vm_futex_cancel(struct proc *p, const struct vm_futex_cancel_req *q, struct vm_futex_cancel_rep *r)
{
	r->queued = shared_futex_cancel(p, q->tid);
	return 0;
}

static long do_vm_thread_exit(struct proc *p, const struct vm_thread_exit_req *q, struct vm_thread_exit_rep *r)
{
	(void)r;
	struct thread_state *th = q->tid > 0 && q->tid != proc_pid(p) ? thread_of(p, q->tid) : 0;
	if (!th)
		return -KE_INVAL;
	sigq_thread_gone(p, th);   /* what was sent to it alone goes with it */
	shared_futex_gone(p, q->tid);
	return thread_free(p, q->tid);
}

static long do_vm_setpgid(struct proc *p, const struct vm_setpgid_req *q, struct vm_setpgid_rep *r)
{
	long id = kill_setpgid(p, q->pid, q->pgid);
	r->id = id;
	return id < 0 ? id : 0;
}

static long do_vm_getpgid(struct proc *p, const struct vm_getpgid_req *q, struct vm_getpgid_rep *r)
{
	long id = kill_getpgid(p, q->pid, q->session != 0);
	r->id = id;
	return id < 0 ? id : 0;
}

static long do_vm_setid(struct proc *p, const struct vm_setid_req *q, struct vm_setid_rep *r)
{
	return cred_setid(p, q->op, q->a, q->b, q->c, r);
}

static long do_vm_fork(struct proc *p, const struct vm_fork_req *q, struct vm_fork_rep *r)
{
	(void)r;
	return clone_fork(p, q->entry, q->sp, q->vfork != 0);
}

/* Tests only: init alone may make forks fail (any other task could break its siblings'). */
static long do_vm_fork_inject(struct proc *p, const struct vm_fork_inject_req *q, struct vm_fork_inject_rep *r)
{
	if (!proc_is_init(p))
		return -KE_PERM;
	return fork_inject_arm(q->k, r);
}

static long do_vm_kill(struct proc *p, const struct vm_kill_req *q, struct vm_kill_rep *r)
{
	(void)r;
	struct proc *c = proc_by_badge((uint64_t)q->child);
	if (!c || c->parent != p || c->zombie)
		return -KE_SRCH;
	struct vm_wait_rep end = {128 + 9, 0, 0, 0, 9};
	proc_end(c, &end);
	return 0;
}

static long do_vm_stat(struct proc *p, const struct vm_stat_req *q, struct vm_stat_rep *r)
{
	(void)q;
	struct proc *fs = fslink_fs_badge() ? proc_by_badge(fslink_fs_badge()) : 0;
	*r = (struct vm_stat_rep){p->faults, frames_free_count(), frames_total(), proc_count(), p->badge, 0, 0,
	                          fs ? fs->faults : 0};
	filemap_stats(&r->pageins, &r->pageins_inflight_max);
	return 0;
}

static long do_vm_file_stat(struct proc *p, const struct vm_file_stat_req *q, struct vm_file_stat_rep *r)
{
	(void)p, (void)q;
	filemap_parallel_stats(&r->together_max, &r->fast_faults);
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

	if (sl_thread_init(0) < 0 || faultpool_start() < 0) {
		log_printf("vm: cannot start the fault workers or their locks\n");
		k_poweroff(VMH_POWER, 95);
	}

	struct msg m = {0};
	long badge = k_recv(VMH_ENDPOINT, &m);
	for (;;) {
		int reply = 0;
		uint64_t label = IPC_TAG_LABEL(m.tag);
		sl_write_lock(&vm_big);
		struct proc *p = badge > 0 ? proc_by_badge((uint64_t)badge) : 0;
		if (label == FAULT_LABEL_PAGE || label == FAULT_LABEL_EXCEPTION) {
			reply = fault_serve(badge, &m);   /* a boot task's */
		} else if (p && !p->zombie) {
			populate_begin(p);
			int d = vm_dispatch(p, &m);
			if (d == 0)
				m.tag = IPC_TAG(KE_NOSYS, 0, 0);
			int later = populate_end(d == 2 ? -1 : 0, &m);   /* file pages to wait for */
			reply = d != 2 && !later;
			shutdown_poll();   /* an answer of the FS server may have made room for its sync */
			if (proc_any_doomed())   /* (a call that found a task must end, as mremap's */
				proc_end_doomed();   /* move out of memory: before the next message) */
		}   /* (else a task we no longer know: nothing to answer) */
		sl_write_unlock(&vm_big);
		badge = reply ? k_reply_recv(VMH_ENDPOINT, &m) : k_recv(VMH_ENDPOINT, &m);
	}
}
