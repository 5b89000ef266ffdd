/* lx.h - the Linux personality: code mapped by the VM server into every Linux-ABI task
 * (like a vDSO) at LX_BASE. The kernel sends each ecall the program makes to
 * lx_syscall_entry (SYS_TASK_LINUX) with every register as it was; the entry saves
 * them in a struct lx_regs (lx_entry.S), lx_dispatch() runs the system call
 * with Linux's number (a7), arguments (a0-a5) and errno convention (-errno in a0) by
 * IPC to the VM and FS servers, and the entry restores the registers and returns with
 * SYS_LX_RETURN. The personality's own ecalls lie inside its code, so they reach the
 * kernel. The process's state is static, each thread's in its block (lx_thread.h). */
#ifndef LX_H
#define LX_H
#include <stddef.h>
#include <stdint.h>

#define LX_BASE 0x3ff8000000UL
#define LX_RW_MAX 0x7ffff000L   /* Linux's MAX_RW_COUNT: the most one read or write moves */

#include "linux/lx_errno.h"
/* Not seen by programs: a call a signal cut short, to end with EINTR or be made again
 * (SA_RESTART) when the signal is delivered (lx_signal_deliver), as Linux's. */
#define LX_ERESTARTSYS 512
/* ... to end with EINTR if a handler runs, else be made again (ppoll, pselect6). */
#define LX_ERESTARTNOHAND 514

/* The program's registers at its ecall: x[1..31] (x[0] unused; x[2] is its sp). */
struct lx_regs {
	uint64_t x[32];
};
#define LX_RA 1
#define LX_SP 2
#define LX_A0 10
#define LX_A7 17

/* One system call's handler: the six argument registers; returns the result or -errno. */
typedef long (*lx_call_fn)(long a0, long a1, long a2, long a3, long a4, long a5);

/* The registers of the call being served (for calls that need more than arguments:
 * rt_sigreturn, signal delivery): the calling thread's, at the start of its block
 * (lx_thread.h), which tp points to while it runs in the personality. */
#define lx_cur ((struct lx_regs *)__builtin_thread_pointer())
#define LX_TP 4

/* SYS_LX_RESUME: the next SYS_LX_RETURN goes to pc with a7 (and, with set_tp, gives the
 * program tp): the pc it would have gone to; *old_tp (if not NULL) the program's tp. */
static inline uint64_t lx_resume(uint64_t pc, uint64_t a7, uint64_t tp, int set_tp, uint64_t *old_tp)
{
	register uint64_t r0 __asm__("a0") = pc, r1 __asm__("a1") = a7, r2 __asm__("a2") = tp;
	register uint64_t r3 __asm__("a3") = (uint64_t)set_tp, r7 __asm__("a7") = 29;   /* SYS_LX_RESUME */
	__asm__ volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r3), "r"(r7) : "memory");
	if (old_tp)
		*old_tp = r1;
	return r0;
}

/* The personality's own pages, [LX_BASE, __lx_end): where Linux has nothing of the
 * program's. So the program's pointers into them are EFAULT (lx_uaccess.c), and its
 * memory calls take them for a hole that no call changes (lx_mem.c): a program that
 * unmaps, protects or discards a range across them keeps its system calls. */
extern const char __lx_end[];
/* Does [a, a + n) meet the personality's pages? */
static inline int lx_own_range(uint64_t a, uint64_t n)
{
	return a < (uint64_t)__lx_end && a + n > LX_BASE;
}

/* Copy between the program's memory and the personality's: 0, or -LX_EFAULT if the
 * program's range is not mapped as needed (a fault there is caught, not fatal). */
long lx_copy_in(void *dst, uint64_t src, size_t n);
long lx_copy_out(uint64_t dst, const void *src, size_t n);
/* As much of the copy out as can be made, a page at a time: the bytes copied before the
 * first page that faults (Linux's partial copy_to_user). */
size_t lx_copy_out_part(uint64_t dst, const void *src, size_t n);
/* A NUL-terminated string of the program's, at most max bytes with the NUL: its length,
 * -LX_EFAULT, or -LX_ENAMETOOLONG. */
long lx_copy_str(char *dst, uint64_t src, size_t max);
/* Write to the console (descriptors on the console). */
void lx_console(const void *buf, size_t n);
/* End the task with a status (exit_group), or as killed by signal sig (not 0); does not
 * return. */
_Noreturn void lx_exit(int status);
_Noreturn void lx_exit_signal(int status, int sig);
/* In a fork's child, before it returns to the program: each module's state that is the
 * process's own rather than inherited (the IPC buffer, the unimplemented-call counts, the
 * id, pending signals) starts afresh. */
void lx_main_forked(void);
/* The calling thread's IPC buffer (in its block) made the kernel's, and, since the
 * kernel writes a message only into a page that is there and writable, its page written
 * once, which brings it in at the start (.bss is zero-filled on a
 * touch) and, after a fork, gives the task its own copy of the page shared copy-on-write
 * (both sides call it). */
void lx_ipc_buffer_own(void);
/* The process's id (asked of the VM server once). */
long lx_pid(void);
/* How many CPUs run (the kernel's harts). */
unsigned lx_ncpus(void);
struct lx_thread;
/* Give the caller's kernel thread t's CPU mask if it changed (sched_setaffinity). */
void lx_apply_cpus(struct lx_thread *t);
/* A new program: take the CPU mask the kernel has for the caller (execve keeps it). */
void lx_cpus_start(void);
void lx_proc_forked(void);
void lx_signal_forked(void);
/* At execve, once the old image is gone: handled signals go back to their default
 * action (ignored ones stay ignored), and the alternate stack is forgotten; the mask
 * and pending signals stay. And the unimplemented calls are reported for the old image. */
void lx_signal_exec(void);
void lx_main_exec(void);
/* n bytes from a generator seeded with the clock (xorshift; not for cryptography until
 * there is an entropy source): getrandom's, and AT_RANDOM's after an execve. */
void lx_random(uint8_t *b, size_t n);
/* A large buffer seldom used (execve's strings, the groups): in a segment of its own
 * (linux.ld), so that the VMA of the small variables stays small. */
#define LX_LARGE __attribute__((section(".bss.lx_large")))
/* rdtime's frequency, from the auxv (lx_main.c). */
extern uint64_t lx_timebase;
/* After an execve: prctl's name and dumpable start again (lx_proc.c). */
void lx_proc_exec(void);
/* After an execve: the saved ids follow the effective ones (lx_cred.c's copy). */
void lx_cred_exec(void);
/* The ids a new program's auxv gives: uid, euid, gid, egid. */
void lx_cred_aux(uint32_t ids[4]);
/* A signal's si_pid | si_uid << 32 when the process sends it to itself. */
uint64_t lx_cred_self_ids(void);
/* The id file permissions are checked against (root: 0), and whether gid is the
 * process's file system group or a supplementary one. */
uint32_t lx_cred_fsuid(void);
int lx_cred_in_group(uint32_t gid);

/* The handlers by area; each file registers its calls with lx_table(). */
struct lx_call { int nr; lx_call_fn fn; };
/* lx_mem.c, lx_file.c, lx_proc.c, lx_signal.c */
extern const struct lx_call lx_mem_calls[], lx_file_calls[], lx_proc_calls[], lx_signal_calls[], lx_pipe_calls[],
	lx_fork_calls[], lx_exec_calls[], lx_kill_calls[], lx_cred_calls[], lx_sigqueue_calls[],
	lx_attr_calls[], lx_statfs_calls[];
extern const size_t lx_mem_ncalls, lx_file_ncalls, lx_proc_ncalls, lx_signal_ncalls, lx_pipe_ncalls,
	lx_fork_ncalls, lx_exec_ncalls, lx_kill_ncalls, lx_cred_ncalls, lx_sigqueue_ncalls,
	lx_attr_ncalls, lx_statfs_ncalls;

/* lx_file.c: the FS server's descriptor behind the program's descriptor fd (for mmap),
 * -LX_EBADF if fd is not open, -LX_ENODEV if it is the console. */
long lx_fd_to_fs(long fd);
#define LX_ENODEV 19

/* What lx_start found on the initial stack (auxv): the program's path (AT_EXECFN). */
extern const char *lx_execfn;
/* Signals: deliver what is pending and not blocked before returning to the program; a
 * result of -LX_ERESTARTSYS becomes EINTR or the call made again. */
void lx_signal_deliver(struct lx_regs *r);
/* Make sig pending for the task, sent by itself (SI_USER), as the kernel sends SIGPIPE. */
void lx_signal_raise(int sig);
/* Linux's siginfo_t (128 bytes): f[0] holds si_pid | si_uid << 32, f[1] si_value (or
 * SIGCHLD's si_status), for the signals one process sends another. */
struct lx_siginfo { int32_t signo, err, code, pad; uint64_t f[14]; };
/* Make sig (0: just check) pending with si_code code, ids (si_pid | si_uid << 32) and
 * value (si_value, or SIGCHLD's si_status), unless it is ignored, or (a standard one)
 * pending already: 0, or -LX_EINVAL for a number that is no signal. */
long lx_signal_post(long sig, int32_t code, uint64_t ids, uint64_t value);
/* sig was sent to the process itself through the VM server (a real-time one, or one
 * the calling thread blocks while others may not): it is taken from there by a thread
 * that does not block it and delivered as its call returns. */
void lx_signal_queued(long sig);
/* Take the lowest pending signal in set (real-time ones from the VM server's queue,
 * blocked or not) with its siginfo: the signal, or 0 if none in set is pending. */
int lx_signal_dequeue(uint64_t set, struct lx_siginfo *info);
/* The blocked mask; a wait's own mask put in force over it (ppoll, pselect6,
 * rt_sigsuspend, rt_sigtimedwait: Linux's set_user_sigmask), and the old mask back
 * once the wait ended with result, unless that is -LX_EINTR or -LX_ERESTARTNOHAND: a
 * handler's frame then keeps it (or, if none runs, it comes back as the call ends), as
 * Linux's restore_saved_sigmask_unless. */
uint64_t lx_sigmask(void);
void lx_sigmask_push(uint64_t mask);
void lx_sigmask_pop(long result);
/* Take the signals other tasks sent (VM_SIGTAKE) into the pending ones: is any pending
 * signal now unblocked, so that a wait it cut short must end? A wait that ends by a
 * signal (-KE_INTR from the kernel, the FS server or the VM server) asks this and goes
 * on waiting if not. */
int lx_signal_fetch(void);
/* The clock (ns since boot), and sleeping until it reads end (UINT64_MAX: for ever):
 * 0, or -LX_EINTR when a signal to deliver cut it short. */
uint64_t lx_now_ns(void);
long lx_sleep_until(uint64_t end);
/* rdtime's reading at the clock's end (ns), rounded up; UINT64_MAX: never. */
uint64_t lx_ticks_at(uint64_t end);
/* The personality's own fault handlers (lx_signal.c), installed at start. */
void lx_signal_init(void);
/* The file mode creation mask now in force (umask, kept by lx_proc.c), for open and mkdir. */
int lx_umask_get(void);
#endif
