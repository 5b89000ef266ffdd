/* cred.c - user and group ids, and what they allow (see cred.h): Linux's set*id rules
 * (kernel/sys.c), kill's permission check and the RLIMIT_NPROC count per real uid. The
 * ids are the VM server's, so a task cannot forge them; its personality keeps a copy
 * for get*id, which every VM_SETID answer refreshes. */
#include "cred.h"
#include "sigqueue.h"
#include "base/mem.h"

enum { R, E, S, FS };   /* uid[] and gid[]: real, effective, saved, file-system */

static int privileged(const struct proc *p)
{
	return p->uid[E] == 0;
}

/* Is v one of the ids p has in id[] (real, effective or saved)? */
static int has(const uint32_t id[4], uint32_t v)
{
	return v == id[R] || v == id[E] || v == id[S];
}

/* The new ids n[] (from old id[]) for op's kind (0 set*id, 1 setre*id, 2 setres*id,
 * 3 setfs*id) with a, b, c; privileged or not. 0 or -errno. */
static long new_ids(int kind, int priv, const uint32_t id[4], uint32_t n[4], uint32_t a, uint32_t b, uint32_t c)
{
	memcpy(n, id, 4 * sizeof *n);
	switch (kind) {
	case 0:   /* setuid(a) */
		if (a == VM_ID_KEEP)
			return -KE_INVAL;
		if (priv)
			n[R] = n[S] = a;
		else if (a != id[R] && a != id[S])
			return -KE_PERM;
		n[E] = a;
		break;
	case 1:   /* setreuid(a, b) */
		if (a != VM_ID_KEEP) {
			if (!priv && a != id[R] && a != id[E])
				return -KE_PERM;
			n[R] = a;
		}
		if (b != VM_ID_KEEP) {
			if (!priv && !has(id, b))
				return -KE_PERM;
			n[E] = b;
		}
		if (a != VM_ID_KEEP || (b != VM_ID_KEEP && b != id[R]))
			n[S] = n[E];
		break;
	case 2:   /* setresuid(a, b, c) */
		if (!priv && ((a != VM_ID_KEEP && !has(id, a)) || (b != VM_ID_KEEP && !has(id, b)) ||
		              (c != VM_ID_KEEP && !has(id, c))))
			return -KE_PERM;
		n[R] = a != VM_ID_KEEP ? a : id[R];
		n[E] = b != VM_ID_KEEP ? b : id[E];
		n[S] = c != VM_ID_KEEP ? c : id[S];
		break;
	default:   /* setfsuid(a): never an error; no change unless allowed */
		if (a != VM_ID_KEEP && (priv || has(id, a) || a == id[FS]))
			n[FS] = a;
		return 0;
	}
	n[FS] = n[E];   /* the file-system id follows the effective one */
	return 0;
}

/* The capabilities that follow the effective uid (root holds them, as Linux's
 * cap_bprm_creds_from_file and set*id give and take them): CAP_SYS_RESOURCE and
 * CAP_IPC_LOCK (RLIMIT_MEMLOCK not enforced), as lib/vm's mm sees them. */
static void caps(struct proc *p)
{
	p->mm.cap_sys_resource = p->mm.cap_ipc_lock = privileged(p);
}

long cred_setid(struct proc *p, uint64_t op, uint64_t a, uint64_t b, uint64_t c, struct vm_setid_rep *r)
{
	if (op < VM_SETID_UID || op > VM_SETID_FSGID || ((a | b | c) >> 32))
		return -KE_INVAL;
	int gid = op >= VM_SETID_GID, kind = (int)((op - 1) % 4);
	uint32_t n[4], *id = gid ? p->gid : p->uid;
	long e = new_ids(kind, privileged(p), id, n, (uint32_t)a, (uint32_t)b, (uint32_t)c);
	if (e < 0)
		return e;
	if (!gid && n[R] != id[R])   /* Linux's set_user: over RLIMIT_NPROC is for execve to see */
		p->nproc_exceeded = n[R] != 0 && proc_count_user(n[R]) > p->nproc[0];
	memcpy(id, n, sizeof n);
	caps(p);
	*r = (struct vm_setid_rep){p->uid[R], p->uid[E], p->uid[S], p->uid[FS],
	                           p->gid[R], p->gid[E], p->gid[S], p->gid[FS]};
	return 0;
}

int cred_may_signal(const struct proc *p, const struct proc *t, uint64_t sig)
{
	return privileged(p) || p->uid[E] == t->uid[S] || p->uid[E] == t->uid[R] || p->uid[R] == t->uid[S] ||
	       p->uid[R] == t->uid[R] || (sig == SIGCONT && t->sid == p->sid);
}

long cred_may_fork(struct proc *p)
{
	if (proc_count_user(p->uid[R]) >= p->nproc[0] && p->uid[R] != 0 && !privileged(p))
		return -KE_AGAIN;
	return 0;
}

void cred_fork(struct proc *c, const struct proc *p)
{
	memcpy(c->uid, p->uid, sizeof c->uid);
	memcpy(c->gid, p->gid, sizeof c->gid);
	memcpy(c->nproc, p->nproc, sizeof c->nproc);
	c->nproc_exceeded = p->nproc_exceeded;
	caps(c);
}

long cred_may_exec(struct proc *p)
{
	if (p->nproc_exceeded && proc_count_user(p->uid[R]) > p->nproc[0])
		return -KE_AGAIN;
	p->nproc_exceeded = 0;
	return 0;
}

void cred_exec_done(struct proc *p)
{
	p->uid[S] = p->uid[FS] = p->uid[E];
	p->gid[S] = p->gid[FS] = p->gid[E];
	caps(p);
}

void cred_get_nproc(const struct proc *p, uint64_t lim[2])
{
	lim[0] = p->nproc[0], lim[1] = p->nproc[1];
}

long cred_set_nproc(struct proc *p, uint64_t cur, uint64_t max)
{
	if (cur > max)
		return -KE_INVAL;
	if (max > p->nproc[1] && !privileged(p))
		return -KE_PERM;
	p->nproc[0] = cur, p->nproc[1] = max;
	return 0;
}
