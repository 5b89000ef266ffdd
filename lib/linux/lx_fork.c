/* lx_fork.c - processes: fork, wait4, waitid, getppid; clone and clone3, which pass a
 * thread's creation on to lx_thread.c.
 *
 * fork is clone without CLONE_VM (glibc's fork passes SIGCHLD, CLONE_CHILD_SETTID and
 * CLONE_CHILD_CLEARTID); vfork (CLONE_VM | CLONE_VFORK) is a fork whose parent waits
 * until the child has run execve or ended, as Linux's: a program cannot tell it from a
 * vfork but by memory the child writes before it execs (posix_spawn's error report). The VM
 * server's VM_FORK copies the address space, these pages with it: the child's
 * personality already holds the parent's descriptor table, signal dispositions, mask and
 * alternate stack, and the calling thread's block holds the registers of the clone
 * call. What the copy does not carry is written down first (fork_state): the FP
 * registers, and where the kernel resumes the call and the program's tp (LX_RESUME);
 * the child's one thread starts in lx_fork_child (lx_entry.S) on that block, which
 * restores them and leaves the call with 0. A fork of a threaded process copies only
 * the calling thread, as Linux's.
 * Waiting is the VM server's (VM_WAIT4): it knows which tasks are whose children, keeps
 * those that ended until they are waited for, and answers a wait when one ends. */
#include "linux/lx_thread.h"
#include "linux/lx_cloneargs.h"
#include "abi/bootinfo.h"
#include "proto/vm_msgs.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"

#define U __attribute__((unused))
#define ARGS long a0 U, long a1 U, long a2 U, long a3 U, long a4 U, long a5 U


#define WNOHANG    1
#define WUNTRACED  2
#define WEXITED    4
#define WCONTINUED 8
#define WNOWAIT    0x1000000
#define WAIT_MODS  0xe0000000UL   /* __WNOTHREAD, __WALL, __WCLONE */
#define P_ALL  0
#define P_PID  1
#define P_PGID 2
#define SIGCHLD 17
#define CLD_EXITED 1
#define CLD_KILLED 2
#define CLD_STOPPED 5
#define CLD_CONTINUED 6
#define SIGCONT 18

void lx_fork_child(void);
void lx_fp_save(uint64_t *f);
void lx_fp_restore(const uint64_t *f);

/* The parent's call as the child must see it, written before VM_FORK copies it. */
static struct {
	uint64_t fp[33];      /* f0-f31, fcsr */
	uint64_t ret, a7, tp; /* where the call returns to the program (the kernel's record) */
	uint64_t flags, sp, tls, ctid;
} fork_state;

/* A fork (or vfork) with clone's flags, stack, parent_tid, tls and child_tid. */
static long do_fork(uint64_t flags, uint64_t sp, uint64_t ptid, uint64_t tls, uint64_t ctid)
{
	lx_fp_save(fork_state.fp);
	fork_state.a7 = lx_cur->x[LX_A7];
	fork_state.ret = lx_resume(0, fork_state.a7, 0, 0, &fork_state.tp);
	lx_resume(fork_state.ret, fork_state.a7, 0, 0, 0);
	fork_state.flags = flags, fork_state.sp = sp, fork_state.tls = tls, fork_state.ctid = ctid;
	struct vm_fork_req q = {(uint64_t)lx_fork_child, (uint64_t)lx_self() + LX_CALL_STACK_TOP,
	                        (flags & CLONE_VFORK) != 0};
	struct vm_fork_rep r;
	long e = vm_fork_call(TH_VM_EP, &q, 0, 0, &r);
	if (e < 0)
		return e;
	lx_ipc_buffer_own();
	if ((flags & CLONE_PARENT_SETTID) && ptid) {
		int32_t tid = (int32_t)r.child;
		lx_copy_out(ptid, &tid, sizeof tid);   /* as Linux: a fault here is ignored */
	}
	return r.child;
}

/* clone(flags, newsp, parent_tid, tls, child_tid), riscv64's order. */
static long lx_clone(ARGS)
{
	uint64_t flags = (uint64_t)a0;
	long e = lx_clone_check(flags);
	if (e)
		return e;
	if (flags & CLONE_THREAD)
		return lx_clone_thread(flags, (uint64_t)a1, (uint64_t)a2, (uint64_t)a3, (uint64_t)a4);
	return do_fork(flags, (uint64_t)a1, (uint64_t)a2, (uint64_t)a3, (uint64_t)a4);
}

/* clone3(args, size): struct clone_args (lx_cloneargs.h); the new stack is [stack,
 * stack + stack_size). As Linux: a size below the first version's (64 bytes) or above a
 * page is EINVAL, bytes past what is known must be zero (E2BIG); then the arguments'
 * checks (lx_clone3_decode). */
static long lx_clone3(ARGS)
{
	uint64_t c[11] = {0}, size = (uint64_t)a1;
	if (size < 64 || size > 4096)
		return -LX_EINVAL;
	if (lx_copy_in(c, (uint64_t)a0, size < sizeof c ? size : sizeof c))
		return -LX_EFAULT;
	for (uint64_t off = sizeof c; off < size; off += 8) {
		uint64_t w = 0;
		if (lx_copy_in(&w, (uint64_t)a0 + off, size - off < 8 ? size - off : 8))
			return -LX_EFAULT;
		if (w)
			return -LX_E2BIG;
	}
	struct lx_clone k;
	long e = lx_clone3_decode(c, USER_TOP, &k);
	if (e)
		return e;
	if (k.flags & CLONE_THREAD)
		return lx_clone_thread(k.flags, k.sp, k.ptid, k.tls, k.ctid);
	return do_fork(k.flags, k.sp, k.ptid, k.tls, k.ctid);
}

/* The child's first steps, from lx_fork_child on the block of the thread that forked:
 * the only thread now, its own state, the parent's FP registers, the call's way back
 * with the program's tp, and the registers the clone call gives it. */
void lx_fork_child_init(void);
void lx_fork_child_init(void)
{
	lx_thread_forked();
	lx_main_forked();   /* the IPC buffer first: every call below needs it */
	lx_proc_forked();
	lx_signal_forked();
	lx_futex_forked();
	uint64_t tp = fork_state.flags & CLONE_SETTLS ? fork_state.tls : fork_state.tp;
	lx_resume(fork_state.ret, fork_state.a7, tp, 1, 0);
	struct lx_regs *r = lx_cur;
	r->x[LX_A0] = 0;
	if (fork_state.sp)
		r->x[LX_SP] = fork_state.sp;
	if ((fork_state.flags & CLONE_CHILD_SETTID) && fork_state.ctid) {
		int32_t tid = (int32_t)lx_pid();
		lx_copy_out(fork_state.ctid, &tid, sizeof tid);
	}
	lx_fp_restore(fork_state.fp);
	lx_unlock();
}

/* One ended child (or none yet: pid 0) as VM_WAIT4 answers; -errno. A signal to deliver
 * ends the wait with -LX_ERESTARTSYS (made again after a handler with SA_RESTART). */
static long wait_child(long pid, uint64_t options, struct vm_wait4_rep *r)
{
	struct vm_wait4_req q = {pid, options};
	long e;
	for (;;) {
		lx_unlock();
		e = vm_wait4_call(TH_VM_EP, &q, 0, 0, r);
		lx_lock();
		if (e != -LX_EINTR)
			return e;
		if (lx_signal_fetch())
			return -LX_ERESTARTSYS;
	}
}

/* wait4(pid, wstatus, options, rusage), in Linux's order: the options, the pid, the
 * wait; the status and the (zero) usage are written after the child is reaped, so a
 * fault there is EFAULT with the child gone, as on Linux. */
static long lx_wait4(ARGS)
{
	uint64_t opts = (uint32_t)a2;
	int32_t pid = (int32_t)a0;
	if (opts & ~(uint64_t)(WNOHANG | WUNTRACED | WCONTINUED | WAIT_MODS))
		return -LX_EINVAL;
	if (pid == INT32_MIN)
		return -LX_ESRCH;
	struct vm_wait4_rep r;
	uint64_t vopts = VM_WAIT4_EXITED | (opts & WNOHANG ? VM_WAIT4_NOHANG : 0) |
	                 (opts & WUNTRACED ? VM_WAIT4_UNTRACED : 0) | (opts & WCONTINUED ? VM_WAIT4_CONTINUED : 0);
	long e = wait_child(pid, vopts, &r);
	if (e < 0 || r.pid == 0)
		return e < 0 ? e : 0;
	int32_t status = (int32_t)r.wstatus;
	if (a1 && lx_copy_out((uint64_t)a1, &status, sizeof status))
		return -LX_EFAULT;
	static const uint64_t rusage[18];   /* struct rusage: no times are kept */
	if (a3 && lx_copy_out((uint64_t)a3, rusage, sizeof rusage))
		return -LX_EFAULT;
	return r.pid;
}

/* waitid(which, id, infop, options, rusage): ends (WEXITED), stops (WSTOPPED) and
 * continues (WCONTINUED), as the VM server reports them. As Linux, infop gets signo,
 * code, pid, uid and status even when there is nothing (zeros) or the wait failed. */
static long lx_waitid(ARGS)
{
	uint64_t opts = (uint32_t)a3;
	int32_t id = (int32_t)a1;
	long pid;
	if (opts & ~(uint64_t)(WNOHANG | WNOWAIT | WEXITED | WUNTRACED | WCONTINUED | WAIT_MODS))
		return -LX_EINVAL;
	if (!(opts & (WEXITED | WUNTRACED | WCONTINUED)))
		return -LX_EINVAL;
	if (a0 == P_ALL)
		pid = -1;
	else if (a0 == P_PID && id > 0)
		pid = id;
	else if (a0 == P_PGID && id >= 0)
		pid = id ? -(long)id : 0;   /* only the caller's own group has members */
	else
		return -LX_EINVAL;
	struct vm_wait4_rep r = {0, 0};
	uint64_t vopts = (opts & WNOHANG ? VM_WAIT4_NOHANG : 0) | (opts & WNOWAIT ? VM_WAIT4_NOWAIT : 0) |
	                 (opts & WEXITED ? VM_WAIT4_EXITED : 0) | (opts & WUNTRACED ? VM_WAIT4_UNTRACED : 0) |
	                 (opts & WCONTINUED ? VM_WAIT4_CONTINUED : 0);
	long e = wait_child(pid, vopts, &r);
	if (e == -LX_ERESTARTSYS)
		return e;
	if (e < 0)
		r.pid = 0;
	/* si_code and si_status from the wait status: exited, killed, stopped, continued */
	int32_t code, status;
	if (r.wstatus == 0xffff)
		code = CLD_CONTINUED, status = SIGCONT;
	else if ((r.wstatus & 0xff) == 0x7f)
		code = CLD_STOPPED, status = (int32_t)(r.wstatus >> 8) & 0xff;
	else if ((r.wstatus & 0x7f) == 0)
		code = CLD_EXITED, status = (int32_t)(r.wstatus >> 8) & 0xff;
	else
		code = CLD_KILLED, status = (int32_t)(r.wstatus & 0x7f);
	int32_t head[3] = {r.pid ? SIGCHLD : 0, 0, r.pid ? code : 0};
	int32_t body[3] = {(int32_t)r.pid, 0, r.pid ? status : 0};
	static const uint64_t rusage[18];
	if (r.pid && a4 && lx_copy_out((uint64_t)a4, rusage, sizeof rusage))
		return -LX_EFAULT;
	if (a2 && (lx_copy_out((uint64_t)a2, head, sizeof head) || lx_copy_out((uint64_t)a2 + 16, body, sizeof body)))
		return -LX_EFAULT;
	return e < 0 ? e : 0;
}

static long lx_getppid(ARGS)
{
	struct vm_getppid_req q;
	struct vm_getppid_rep r;
	return vm_getppid_call(TH_VM_EP, &q, 0, 0, &r) < 0 ? 1 : r.ppid;
}

const struct lx_call lx_fork_calls[] = {
	{173, lx_getppid}, {220, lx_clone}, {435, lx_clone3}, {260, lx_wait4}, {95, lx_waitid},
};
const size_t lx_fork_ncalls = sizeof lx_fork_calls / sizeof lx_fork_calls[0];
