/* ipc.h - synchronous endpoints, replies, notifications and fault messages. */
#ifndef IPC_H
#define IPC_H
#include "object.h"

/* Each of these is called with validated arguments and sets the result registers of the
 * threads involved; they may block `th` (current) or switch to another thread. */
void ipc_call(struct thread *th, struct endpoint *ep, uint64_t badge, uint64_t tag);
void ipc_send(struct thread *th, struct endpoint *ep, uint64_t badge, uint64_t tag);
void ipc_recv(struct thread *th, struct endpoint *ep);
/* Reply to `to`, a thread in T_REPLY whose reply th holds. Returns 0 or -KE_FAULT when
 * th's own buffer could not be read (then `to` keeps waiting). */
long ipc_reply(struct thread *th, struct thread *to, uint64_t tag);
/* SYS_WINDOW_WRITE for th (see abi/syscall.h): it checks the arguments itself. */
long ipc_window_write(struct thread *th, uint64_t off, uint64_t src, uint64_t len);
/* th trapped: send the fault message to its pager (or stop it if it has none). */
void ipc_fault(struct thread *th, uint64_t scause, uint64_t stval, uint64_t access);

void notify_signal(struct notification *n, uint64_t bits);
/* Wait on n until a bit is set or, with a deadline (rdtime ticks; 0: none), until then:
 * the bits, or -KE_TIMEDOUT, in th's a0; or -KE_INTR for SYS_LX_INTERRUPT, unless
 * `uninterrupted` (then th's lx_intr waits for its next chance). */
void notify_wait(struct thread *th, struct notification *n, uint64_t deadline, int uninterrupted);
/* th's deadline came first (timeout.c): it stops waiting with -KE_TIMEDOUT. */
void notify_timed_out(struct thread *th);
/* SYS_LX_INTERRUPT reached th in NOTIFY_WAIT: it stops waiting with -KE_INTR. */
void notify_interrupt(struct thread *th);
/* A Linux-ABI thread with lx_intr set whose pc is in its program (not the personality)
 * enters the personality's interrupt entry, every register as it was, its pc and a7
 * kept for SYS_LX_RETURN as for a redirected ecall: 1; else nothing changes: 0. */
int lx_interrupt_enter(struct thread *th);
/* th, a thread of a Linux-ABI task in its program, enters the personality at entry: its
 * pc and a7 are kept for SYS_LX_RETURN, and tp changes from the program's to the
 * personality's own (lx_ptp, whatever tp was at the thread's last SYS_LX_RETURN), so
 * that each thread finds its own state there; the program's tp is kept (lx_utp). */
void lx_enter(struct thread *th, uint64_t entry);
/* Is pc in t's personality (t a Linux-ABI task)? */
static inline int lx_inside(const struct task *t, uint64_t pc)
{
	return t->lx_entry && pc >= t->lx_lo && pc < t->lx_hi;
}

/* Called by trap_entry.S, lock held, for an ecall whose a7 is SYS_CALL or
 * SYS_REPLY_RECV: their fast paths straight from the trap, as seL4 takes them (a leaf
 * function: it saves nothing). The trapframe of the partner, now current and resumed
 * (prepare_return), if they did the whole call; NULL, with nothing changed, when a
 * guard sends the ecall the general way (trap_syscall). */
extern int ipc_fastpath_enabled;   /* boot argument ipc=slow turns them off (tests) */
struct trapframe *ipc_fast_trap(void);

/* Wake every thread queued on a dying endpoint with -KE_PIPE. */
void ipc_endpoint_drain(struct endpoint *ep);
/* Unlink a dying thread from every IPC relation, telling its partners. */
void ipc_thread_detach(struct thread *th);
#endif
