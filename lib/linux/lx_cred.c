/* lx_cred.c - the process's user and group ids: get*id, set*id, getres*id, setfs*id,
 * and its supplementary groups. The VM server owns the ids (VM_SETID applies Linux's
 * rules, and kill, fork and execve are checked against them there); this copy answers
 * the get calls without IPC and is refreshed by every VM_SETID answer. It lives in the personality's pages, so a fork's
 * child and an execve's new program keep it, as they keep the ids. A spawned program
 * starts as root. */
#include "linux/lx.h"
#include "kcall.h"
#include "base/mem.h"
#include "abi/bootinfo.h"
#include "proto/vm_msgs.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"

#define U __attribute__((unused))
#define ARGS long a0 U, long a1 U, long a2 U, long a3 U, long a4 U, long a5 U

static struct vm_setid_rep ids;   /* ruid euid suid fsuid rgid egid sgid fsgid */

/* VM_SETID op with the calls' uid_t arguments (32 bits, as Linux reads them): 0 or
 * -errno; ids refreshed. */
static long set(uint64_t op, long a, long b, long c)
{
	struct vm_setid_req q = {op, (uint32_t)a, (uint32_t)b, (uint32_t)c};
	struct vm_setid_rep r;
	long e = vm_setid_call(TH_VM_EP, &q, 0, 0, &r);
	if (e == 0)
		ids = r;
	return e;
}

void lx_cred_exec(void)
{
	ids.suid = ids.fsuid = ids.euid;
	ids.sgid = ids.fsgid = ids.egid;
}

void lx_cred_aux(uint32_t a[4])
{
	a[0] = (uint32_t)ids.ruid, a[1] = (uint32_t)ids.euid, a[2] = (uint32_t)ids.rgid, a[3] = (uint32_t)ids.egid;
}

uint64_t lx_cred_self_ids(void)
{
	return (uint64_t)lx_pid() | ids.ruid << 32;
}

static long lx_getuid(ARGS) { return (long)ids.ruid; }
static long lx_geteuid(ARGS) { return (long)ids.euid; }
static long lx_getgid(ARGS) { return (long)ids.rgid; }
static long lx_getegid(ARGS) { return (long)ids.egid; }
static long lx_setuid(ARGS) { return set(VM_SETID_UID, a0, 0, 0); }
static long lx_setgid(ARGS) { return set(VM_SETID_GID, a0, 0, 0); }
static long lx_setreuid(ARGS) { return set(VM_SETID_REUID, a0, a1, 0); }
static long lx_setregid(ARGS) { return set(VM_SETID_REGID, a0, a1, 0); }
static long lx_setresuid(ARGS) { return set(VM_SETID_RESUID, a0, a1, a2); }
static long lx_setresgid(ARGS) { return set(VM_SETID_RESGID, a0, a1, a2); }

/* setfsuid and setfsgid answer the id before the call, and never fail. */
static long lx_setfsuid(ARGS)
{
	long old = (long)ids.fsuid;
	set(VM_SETID_FSUID, a0, 0, 0);
	return old;
}

static long lx_setfsgid(ARGS)
{
	long old = (long)ids.fsgid;
	set(VM_SETID_FSGID, a0, 0, 0);
	return old;
}

/* The three ids r, e, s (uid_t each) out to a0, a1, a2 in turn, as Linux writes them:
 * EFAULT at the first that cannot be written. */
static long put3(long a0, long a1, long a2, uint64_t r, uint64_t e, uint64_t s)
{
	uint32_t v[3] = {(uint32_t)r, (uint32_t)e, (uint32_t)s};
	uint64_t to[3] = {(uint64_t)a0, (uint64_t)a1, (uint64_t)a2};
	for (int i = 0; i < 3; i++)
		if (lx_copy_out(to[i], &v[i], sizeof v[i]))
			return -LX_EFAULT;
	return 0;
}

/* Supplementary groups: chown checks them (lx_attr.c; the FS server checks no
 * permissions), so they live here, kept sorted as Linux keeps them; setgroups needs
 * privilege, which the VM server's ids say (ids.euid is their copy). */
#define NGROUPS_MAX 65536
static uint32_t groups[NGROUPS_MAX] LX_LARGE;
static long ngroups;

static long lx_getgroups(ARGS)
{
	if ((int)a0 < 0)
		return -LX_EINVAL;
	if ((int)a0 == 0)
		return ngroups;
	if ((int)a0 < ngroups)
		return -LX_EINVAL;
	return lx_copy_out((uint64_t)a1, groups, 4 * (size_t)ngroups) ? -LX_EFAULT : ngroups;
}

/* setgroups(size, list): EPERM unless root, EINVAL past NGROUPS_MAX, EFAULT; sorted. */
static long lx_setgroups(ARGS)
{
	static uint32_t in[NGROUPS_MAX] LX_LARGE;
	if (ids.euid != 0)
		return -LX_EPERM;
	if ((uint32_t)a0 > NGROUPS_MAX)
		return -LX_EINVAL;
	long n = (long)(uint32_t)a0;
	if (lx_copy_in(in, (uint64_t)a1, 4 * (size_t)n))
		return -LX_EFAULT;
	for (long gap = n / 2; gap > 0; gap /= 2)   /* Shell's sort */
		for (long i = gap; i < n; i++)
			for (long j = i; j >= gap && in[j - gap] > in[j]; j -= gap) {
				uint32_t t = in[j];
				in[j] = in[j - gap], in[j - gap] = t;
			}
	memcpy(groups, in, 4 * (size_t)n);
	ngroups = n;
	return 0;
}

uint32_t lx_cred_fsuid(void)
{
	return (uint32_t)ids.fsuid;
}

int lx_cred_in_group(uint32_t gid)
{
	if (gid == ids.fsgid)
		return 1;
	for (long i = 0; i < ngroups; i++)
		if (groups[i] == gid)
			return 1;
	return 0;
}

static long lx_getresuid(ARGS) { return put3(a0, a1, a2, ids.ruid, ids.euid, ids.suid); }
static long lx_getresgid(ARGS) { return put3(a0, a1, a2, ids.rgid, ids.egid, ids.sgid); }

const struct lx_call lx_cred_calls[] = {
	{143, lx_setregid}, {144, lx_setgid}, {145, lx_setreuid}, {146, lx_setuid},
	{147, lx_setresuid}, {148, lx_getresuid}, {149, lx_setresgid}, {150, lx_getresgid},
	{151, lx_setfsuid}, {152, lx_setfsgid},
	{158, lx_getgroups}, {159, lx_setgroups},
	{174, lx_getuid}, {175, lx_geteuid}, {176, lx_getgid}, {177, lx_getegid},
};
const size_t lx_cred_ncalls = sizeof lx_cred_calls / sizeof lx_cred_calls[0];
