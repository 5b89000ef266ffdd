/* lx_kill.c - signals to other processes, and process groups and sessions: kill, tkill,
 * tgkill, setpgid, getpgid, setsid, getsid. A standard signal for the caller itself is
 * made pending here (lx_signal.c) and delivered as the call returns; any other goes to
 * the VM server (VM_SIGNAL), which keeps it for the target's personality (real-time
 * ones queued, the caller's own too) and interrupts the target (sigqueue.c there).
 * Processes have one thread, so a thread id is its pid. */
#include "linux/lx.h"
#include "kcall.h"
#include "abi/bootinfo.h"
#include "proto/vm_msgs.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"

#define U __attribute__((unused))
#define ARGS long a0 U, long a1 U, long a2 U, long a3 U, long a4 U, long a5 U
#define SI_USER  0
#define SI_TKILL (-6)
#define SIGRTMIN 32

/* sig to pid (Linux's kill pid argument) with si_code code. */
static long send(long pid, long sig, int32_t code)
{
	int self = pid == lx_pid();
	if (self && sig >= 0 && sig < SIGRTMIN)
		return lx_signal_post(sig, code, lx_cred_self_ids(), 0);
	struct vm_signal_req q = {pid, (uint64_t)sig, code};
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
	return send((int)a0, (int)a1, SI_USER);   /* pid_t pid, int sig */
}

static long lx_tgkill(ARGS)
{
	int tgid = (int)a0, tid = (int)a1;
	if (tgid <= 0 || tid <= 0)
		return -LX_EINVAL;
	return tgid != tid ? -LX_ESRCH : send(tid, (int)a2, SI_TKILL);
}

static long lx_tkill(ARGS)
{
	int tid = (int)a0;
	return tid <= 0 ? -LX_EINVAL : send(tid, (int)a1, SI_TKILL);
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
