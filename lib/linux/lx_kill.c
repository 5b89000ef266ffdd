/* lx_kill.c - signals to other processes, and process groups and sessions: kill, tkill,
 * tgkill, setpgid, getpgid, setsid, getsid. A standard signal for the caller itself is
 * made pending here (lx_signal.c) and delivered as the call returns; any other goes to
 * the VM server (VM_SIGNAL), which keeps it for the target's personality (real-time
 * ones queued, the caller's own too) and interrupts the target (sigqueue.c there): so
 * does one for another thread of the caller's (tgkill, tkill), and one for the process
 * that the calling thread blocks while it has others, which may take it. */
#include "linux/lx_thread.h"
#include "abi/bootinfo.h"
#include "proto/vm_msgs.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"

#define U __attribute__((unused))
#define ARGS long a0 U, long a1 U, long a2 U, long a3 U, long a4 U, long a5 U
#define SI_USER  0
#define SI_TKILL (-6)
#define SIGRTMIN 32

/* sig to pid (Linux's kill pid argument; with tid not 0, to that thread of it) with
 * si_code code. */
static long send(long pid, long tid, long sig, int32_t code)
{
	int self = pid == lx_pid(), mine = self && (!tid || tid == lx_gettid_self());
	int blocked = sig > 0 && sig <= 64 && (lx_sigmask() >> (sig - 1) & 1);
	if (mine && sig >= 0 && sig < SIGRTMIN && (tid || !blocked || lx_thread_count() == 1))
		return tid ? lx_signal_post_thread(sig, code, lx_cred_self_ids())
		           : lx_signal_post(sig, code, lx_cred_self_ids(), 0);
	struct vm_signal_req q = {pid, (uint64_t)sig, code, tid};
	struct vm_signal_rep r;
	if (sig < 0)
		q.sig = ~0ull;   /* no signal: EINVAL, once the target is known */
	long e = vm_signal_call(TH_VM_EP, &q, 0, 0, &r);
	if (e == 0 && self)
		lx_signal_queued(sig);
	return e;
}

static long lx_kill(ARGS)
{
	return send((int)a0, 0, (int)a1, SI_USER);   /* pid_t pid, int sig */
}

static long lx_tgkill(ARGS)
{
	int tgid = (int)a0, tid = (int)a1;
	if (tgid <= 0 || tid <= 0)
		return -LX_EINVAL;
	return send(tgid, tid, (int)a2, SI_TKILL);
}

/* tkill(tid, sig): a thread of the caller's, or of any process (the VM server finds it). */
static long lx_tkill(ARGS)
{
	int tid = (int)a0;
	if (tid <= 0)
		return -LX_EINVAL;
	return send(tid == lx_gettid_self() || tid == lx_pid() ? lx_pid() : 0, tid, (int)a1, SI_TKILL);
}

/* setpgid(pid, pgid), or setsid() with pgid -1: the id, or -errno. */
static long set_group(long pid, long pgid)
{
	struct vm_setpgid_req q = {pid, pgid};
	struct vm_setpgid_rep r;
	long e = vm_setpgid_call(TH_VM_EP, &q, 0, 0, &r);
	return e < 0 ? e : r.id;
}

/* getpgid(pid) (session 0) or getsid(pid) (session 1). */
static long get_group(long pid, int session)
{
	struct vm_getpgid_req q = {pid, (uint64_t)session};
	struct vm_getpgid_rep r;
	if (pid < 0)
		return -LX_ESRCH;
	long e = vm_getpgid_call(TH_VM_EP, &q, 0, 0, &r);
	return e < 0 ? e : r.id;
}

static long lx_setpgid(ARGS)
{
	int pid = (int)a0, pgid = (int)a1;
	if (pgid < 0)
		return -LX_EINVAL;
	if (pid < 0)
		return -LX_ESRCH;
	long e = set_group(pid, pgid);
	return e < 0 ? e : 0;
}

static long lx_getpgid(ARGS) { return get_group((int)a0, 0); }
static long lx_getsid(ARGS) { return get_group((int)a0, 1); }
static long lx_setsid(ARGS) { return set_group(0, -1); }

const struct lx_call lx_kill_calls[] = {
	{129, lx_kill}, {130, lx_tkill}, {131, lx_tgkill},
	{154, lx_setpgid}, {155, lx_getpgid}, {156, lx_getsid}, {157, lx_setsid},
};
const size_t lx_kill_ncalls = sizeof lx_kill_calls / sizeof lx_kill_calls[0];
