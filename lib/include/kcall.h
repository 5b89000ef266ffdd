/* kcall.h - user-space wrappers for every kernel system call (see abi/syscall.h). */
#ifndef KCALL_H
#define KCALL_H

#include <stdint.h>
#include "abi/syscall.h"

/* An IPC message as the registers carry it. */
struct msg {
	uint64_t tag;
	uint64_t w[IPC_MAX_WORDS];
};

static inline long k_syscall(long nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                             uint64_t a4, uint64_t a5)
{
	register uint64_t r0 __asm__("a0") = a0;
	register uint64_t r1 __asm__("a1") = a1;
	register uint64_t r2 __asm__("a2") = a2;
	register uint64_t r3 __asm__("a3") = a3;
	register uint64_t r4 __asm__("a4") = a4;
	register uint64_t r5 __asm__("a5") = a5;
	register uint64_t r7 __asm__("a7") = (uint64_t)nr;
	__asm__ volatile("ecall" : "+r"(r0), "+r"(r2)
	                 : "r"(r1), "r"(r3), "r"(r4), "r"(r5), "r"(r7) : "memory");
	return (long)r0;
}

/* One IPC system call: words go out in a2..a6, t3..t5 and come back the same way. */
static inline long k_ipc(long nr, long h, struct msg *m)
{
	register uint64_t r0 __asm__("a0") = (uint64_t)h;
	register uint64_t r1 __asm__("a1") = m->tag;
	register uint64_t w0 __asm__("a2") = m->w[0];
	register uint64_t w1 __asm__("a3") = m->w[1];
	register uint64_t w2 __asm__("a4") = m->w[2];
	register uint64_t w3 __asm__("a5") = m->w[3];
	register uint64_t w4 __asm__("a6") = m->w[4];
	register uint64_t w5 __asm__("t3") = m->w[5];
	register uint64_t w6 __asm__("t4") = m->w[6];
	register uint64_t w7 __asm__("t5") = m->w[7];
	register uint64_t r7 __asm__("a7") = (uint64_t)nr;
	__asm__ volatile("ecall"
	                 : "+r"(r0), "+r"(r1), "+r"(w0), "+r"(w1), "+r"(w2), "+r"(w3), "+r"(w4),
	                   "+r"(w5), "+r"(w6), "+r"(w7)
	                 : "r"(r7) : "memory");
	m->tag = r1;
	m->w[0] = w0, m->w[1] = w1, m->w[2] = w2, m->w[3] = w3;
	m->w[4] = w4, m->w[5] = w5, m->w[6] = w6, m->w[7] = w7;
	return (long)r0;
}

/* Call h and wait for the reply, which replaces *m. Returns 0 or -KE_*. */
static inline long k_call(long h, struct msg *m) { return k_ipc(SYS_CALL, h, m); }
/* Send without waiting for a reply (blocks until received). */
static inline long k_send(long h, struct msg *m) { return k_ipc(SYS_SEND, h, m); }
/* Receive on h into *m. Returns the sender's badge (>= 0) or -KE_*. */
static inline long k_recv(long h, struct msg *m) { return k_ipc(SYS_RECV, h, m); }
/* Reply *m to the current caller, then receive the next message into *m. */
static inline long k_reply_recv(long h, struct msg *m) { return k_ipc(SYS_REPLY_RECV, h, m); }
/* Reply *m to a caller saved with k_caller_save() (token 0: the current caller). */
static inline long k_reply(long token, struct msg *m) { return k_ipc(SYS_REPLY, token, m); }
/* Copy len bytes from src to offset off of the window the current caller lent. */
static inline long k_window_write(uint64_t off, const void *src, uint64_t len)
{
	return k_syscall(SYS_WINDOW_WRITE, off, (uint64_t)src, len, 0, 0, 0);
}
static inline long k_caller_save(void) { return k_syscall(SYS_CALLER_SAVE, 0, 0, 0, 0, 0, 0); }

static inline long k_null(void) { return k_syscall(SYS_NULL, 0, 0, 0, 0, 0, 0); }
static inline long k_yield(void) { return k_syscall(SYS_YIELD, 0, 0, 0, 0, 0, 0); }
static inline long k_console_write(const void *buf, uint64_t len)
{
	return k_syscall(SYS_CONSOLE_WRITE, (uint64_t)buf, len, 0, 0, 0, 0);
}
static inline long k_console_write_raw(const void *buf, uint64_t len)
{
	return k_syscall(SYS_CONSOLE_WRITE, (uint64_t)buf, len, CONSOLE_RAW, 0, 0, 0);
}
/* A call without arguments that answers in a0 and a1: a0 returned, a1 in *a1. */
static inline long k_syscall_a1(long nr, uint64_t *a1)
{
	register uint64_t r0 __asm__("a0") = 0;
	register uint64_t r1 __asm__("a1") = 0;
	register uint64_t r7 __asm__("a7") = (uint64_t)nr;
	__asm__ volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r7) : "memory");
	*a1 = r1;
	return (long)r0;
}
/* Up to 8 bytes typed on the firmware's console (SYS_CONSOLE_READ): how many. */
static inline long k_console_read(uint64_t *bytes) { return k_syscall_a1(SYS_CONSOLE_READ, bytes); }
/* The calling thread's CPU mask, set to cpus unless 0 (SYS_THREAD_AFFINITY). */
static inline long k_thread_affinity(uint64_t cpus)
{
	return k_syscall(SYS_THREAD_AFFINITY, cpus, 0, 0, 0, 0, 0);
}
/* The CPU this thread runs on; *ncpus: how many run (SYS_CPU). */
static inline long k_cpu(uint64_t *ncpus) { return k_syscall_a1(SYS_CPU, ncpus); }
/* The kernel's counts (SYS_KSTAT): objects in use, free page-table pool pages, and the
 * pool pages the live tasks' page tables hold. */
struct kstat {
	uint64_t tasks, threads, endpoints, notifications, kpool_free, kpool_tasks;
};
static inline long k_kstat(struct kstat *k)
{
	register uint64_t r0 __asm__("a0") = KSTAT_OBJECTS;
	register uint64_t r1 __asm__("a1"), r2 __asm__("a2"), r3 __asm__("a3"), r4 __asm__("a4"),
		r5 __asm__("a5"), r6 __asm__("a6");
	register uint64_t r7 __asm__("a7") = SYS_KSTAT;
	__asm__ volatile("ecall" : "+r"(r0), "=r"(r1), "=r"(r2), "=r"(r3), "=r"(r4), "=r"(r5), "=r"(r6)
	                 : "r"(r7) : "memory");
	*k = (struct kstat){r1, r2, r3, r4, r5, r6};
	return (long)r0;
}
/* The big lock's counts (SYS_KSTAT's KSTAT_LOCK, kernels built with make LOCKSTAT=1):
 * *held instructions retired holding it, in *holds takes, all harts; or -KE_NOSYS. */
static inline long k_kstat_lock(uint64_t *held, uint64_t *holds)
{
	register uint64_t r0 __asm__("a0") = KSTAT_LOCK;
	register uint64_t r1 __asm__("a1"), r2 __asm__("a2");
	register uint64_t r7 __asm__("a7") = SYS_KSTAT;
	__asm__ volatile("ecall" : "+r"(r0), "=r"(r1), "=r"(r2) : "r"(r7) : "memory");
	*held = r1, *holds = r2;
	return (long)r0;
}
static inline long k_notify_signal(long h, uint64_t bits)
{
	return k_syscall(SYS_NOTIFY_SIGNAL, (uint64_t)h, bits, 0, 0, 0, 0);
}
static inline long k_notify_wait(long h) { return k_syscall(SYS_NOTIFY_WAIT, (uint64_t)h, 0, 0, 0, 0, 0); }
/* The same with a deadline in timer ticks (rdtime; 0: none): the bits, or -KE_TIMEDOUT. */
static inline long k_notify_wait_until(long h, uint64_t deadline)
{
	return k_syscall(SYS_NOTIFY_WAIT, (uint64_t)h, deadline, 0, 0, 0, 0);
}
/* k_notify_wait that SYS_LX_INTERRUPT does not cut short: a lock's sleep. */
static inline long k_notify_wait_uninterrupted(long h)
{
	return k_syscall(SYS_NOTIFY_WAIT, (uint64_t)h, 0, NOTIFY_UNINTERRUPTED, 0, 0, 0);
}
static inline long k_endpoint_create(void) { return k_syscall(SYS_ENDPOINT_CREATE, 0, 0, 0, 0, 0, 0); }
static inline long k_notify_create(void) { return k_syscall(SYS_NOTIFY_CREATE, 0, 0, 0, 0, 0, 0); }
static inline long k_handle_copy(long src_task, long src_slot, long dst_task, long dst_slot,
                                 uint64_t rights, uint64_t badge)
{
	return k_syscall(SYS_HANDLE_COPY, (uint64_t)src_task, (uint64_t)src_slot, (uint64_t)dst_task,
	                 (uint64_t)dst_slot, rights, badge);
}
static inline long k_handle_close(long slot) { return k_syscall(SYS_HANDLE_CLOSE, (uint64_t)slot, 0, 0, 0, 0, 0); }
static inline long k_task_create(long ctl, uint64_t max_prio, const char *name)
{
	return k_syscall(SYS_TASK_CREATE, (uint64_t)ctl, max_prio, (uint64_t)name, 0, 0, 0);
}
static inline long k_task_destroy(long task) { return k_syscall(SYS_TASK_DESTROY, (uint64_t)task, 0, 0, 0, 0, 0); }
static inline long k_thread_start(long task, uint64_t pc, uint64_t sp, uint64_t arg,
                                  uint64_t prio, long pager)
{
	return k_syscall(SYS_THREAD_START, (uint64_t)task, pc, sp, arg, prio, (uint64_t)pager);
}
static inline _Noreturn void k_thread_exit(void)
{
	k_syscall(SYS_THREAD_EXIT, 0, 0, 0, 0, 0, 0);
	__builtin_unreachable();
}
static inline long k_task_linux(long task, uint64_t entry, uint64_t lo, uint64_t hi, uint64_t intr)
{
	return k_syscall(SYS_TASK_LINUX, (uint64_t)task, entry, lo, hi, intr, 0);
}
static inline long k_lx_interrupt(long task) { return k_syscall(SYS_LX_INTERRUPT, (uint64_t)task, 0, 0, 0, 0, 0); }
static inline long k_set_ipc_buffer(void *va) { return k_syscall(SYS_SET_IPC_BUFFER, (uint64_t)va, 0, 0, 0, 0, 0); }
static inline long k_map(long task, uint64_t va, long mem, uint64_t off, uint64_t npages, uint64_t perms)
{
	return k_syscall(SYS_MAP, (uint64_t)task, va, (uint64_t)mem, off, npages, perms);
}
static inline long k_map_pages(long task, uint64_t va, long mem, const uint64_t *offsets, uint64_t npages,
                               uint64_t perms)
{
	return k_syscall(SYS_MAP_PAGES, (uint64_t)task, va, (uint64_t)mem, (uint64_t)offsets, npages, perms);
}
static inline long k_unmap(long task, uint64_t va, uint64_t npages)
{
	return k_syscall(SYS_UNMAP, (uint64_t)task, va, npages, 0, 0, 0);
}
static inline long k_move(long task, uint64_t from, uint64_t to, uint64_t npages)
{
	return k_syscall(SYS_MOVE, (uint64_t)task, from, to, npages, 0, 0);
}
static inline long k_task_threads_end(long task, long token)
{
	return k_syscall(SYS_TASK_THREADS_END, (uint64_t)task, (uint64_t)token, 0, 0, 0, 0);
}
static inline long k_protect(long task, uint64_t va, uint64_t npages, uint64_t perms)
{
	return k_syscall(SYS_PROTECT, (uint64_t)task, va, npages, perms, 0, 0);
}
/* Returns the PTE flags (PERM_* | PTE_ACCESSED | PTE_DIRTY) and sets *pa, or -KE_NOENT. */
static inline long k_query(long task, uint64_t va, uint64_t *pa)
{
	register uint64_t r0 __asm__("a0") = (uint64_t)task;
	register uint64_t r1 __asm__("a1") = va;
	register uint64_t r2 __asm__("a2") = 0;
	register uint64_t r7 __asm__("a7") = SYS_QUERY;
	__asm__ volatile("ecall" : "+r"(r0), "+r"(r2) : "r"(r1), "r"(r7) : "memory");
	*pa = r2;
	return (long)r0;
}
static inline long k_irq_bind(long ctl, uint64_t irq, long notif, uint64_t bit)
{
	return k_syscall(SYS_IRQ_BIND, (uint64_t)ctl, irq, (uint64_t)notif, bit, 0, 0);
}
static inline long k_irq_ack(long notif, uint64_t irq) { return k_syscall(SYS_IRQ_ACK, (uint64_t)notif, irq, 0, 0, 0, 0); }
static inline long k_poweroff(long power, int status)
{
	return k_syscall(SYS_POWEROFF, (uint64_t)power, (uint64_t)status, 0, 0, 0, 0);
}

/* The IPC buffer page of the calling thread: the program's one (set up by the C
 * runtime), unless a module with several threads defines IPC_BUFFER as its own
 * per-thread one (the Linux personality: lib/linux/linux.mk). */
#ifndef IPC_BUFFER
extern char __ipc_buffer[IPC_BUF_MAX];
#define IPC_BUFFER __ipc_buffer
#endif

#endif
