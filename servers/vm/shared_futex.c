/* shared_futex.c - Linux's futexes without FUTEX_PRIVATE_FLAG (see shared_futex.h).
 *
 * A waiter is keyed as Linux's get_futex_key keys it: on a page of a shared anonymous
 * object or of a file's page cache by the object or file and the offset in it, so that
 * every process mapping it meets there; elsewhere by the process and the address. The VM server is the
 * one party that sees every process's mappings, and it serves one request at a time, so
 * the check of the word and the queueing (VM_FUTEX_WAIT) and a wake (VM_FUTEX_WAKE) are
 * each atomic with respect to the others, as under Linux's hash-bucket lock: no wake is
 * lost. The waiter does not wait here (a call would have no deadline and no signal to end
 * it): the VM server keeps a copy of the thread's notification and signals it (bit
 * SHARED_FUTEX_WOKEN) when a wake takes the waiter off, and the thread waits on it in its
 * personality, taking itself off (VM_FUTEX_CANCEL) on a timeout or a signal. */
#include "shared_futex.h"
#include "frames.h"
#include "kcall.h"
#include "memobj.h"
#include "pagemap.h"

#define WAITERS 256

struct waiter {
	struct waiter *next;      /* in the order they came */
	struct proc *proc;        /* NULL: free */
	int64_t tid;
	struct key { uint64_t kind, id, off; } key;   /* (kind) the process and the address,
	                                                 * an object or a file and the offset */
	uint32_t bits;
	long notif;               /* our copy of the thread's notification */
};
static struct waiter pool[WAITERS], *queue;

enum { KEY_PROC, KEY_OBJECT, KEY_FILE };

/* The key of the word at uaddr in p, and its current value: 0, -VM_EINVAL (misaligned),
 * -VM_EFAULT (not mapped), or -VM_EAGAIN (no page holds it now; *k is set: the caller of
 * a wait touched it first, so another thread took it away, and looks again). As Linux's
 * get_futex_key, the key follows the page: one of a file's page cache (a shared or a
 * not yet written private file mapping) is the file's, known by the FS server's key (the
 * same for every open of it), with the offset; one of a shared anonymous object is the
 * object's; any other (anonymous, or a private copy) is p's, with the address. A page
 * not in memory is keyed as the fault that brings it would make it. */
static long key_of(struct proc *p, uint64_t uaddr, struct key *k, uint32_t *val)
{
	if (uaddr & 3)
		return -VM_EINVAL;
	struct vm_area *v = uaddr < USER_TOP ? vm_find_vma(&p->mm, uaddr) : 0;
	if (!v || uaddr < v->start)
		return -VM_EFAULT;
	uint64_t off = (v->pgoff << VM_PAGE_SHIFT) + (uaddr - v->start);
	uint64_t e = pm_get(&p->pm, uaddr & ~(uint64_t)(PAGE_SIZE - 1));
	if (memobj_is_shmem(v->file) && (v->flags & VM_SHARED))
		*k = (struct key){KEY_OBJECT, (uint64_t)v->file, off};
	else if (v->file && !memobj_is_shmem(v->file) && (!e || (e & PM_FILE)))
		*k = (struct key){KEY_FILE, memobj_of(v->file)->key, off};
	else
		*k = (struct key){KEY_PROC, (uint64_t)p, uaddr};
	if (!e || (e & PM_DEVICE))
		return e ? -VM_EFAULT : -VM_EAGAIN;
	*val = *(volatile uint32_t *)((char *)frame_ptr(PM_ADDR(e)) + (uaddr & (PAGE_SIZE - 1)));
	return 0;
}

/* Take w off the queue (prev: the one before it, or NULL) and free it. */
static void drop(struct waiter *w, struct waiter *prev)
{
	*(prev ? &prev->next : &queue) = w->next;
	k_handle_close(w->notif);
	w->proc = 0;
}

long shared_futex_wait(struct proc *p, int64_t tid, uint64_t uaddr, uint32_t val, uint32_t bits, long notif)
{
	struct key k;
	uint32_t cur;
	if (!bits)
		return -VM_EINVAL;
	long e = key_of(p, uaddr, &k, &cur);
	if (e < 0)
		return e;
	if (cur != val)
		return -VM_EAGAIN;
	struct waiter *w = 0, **tail = &queue;
	for (int i = 0; i < WAITERS && !w; i++)
		if (!pool[i].proc)
			w = &pool[i];
	if (!w)
		return -VM_ENOMEM;
	long slot = k_handle_copy(p->task, notif, HANDLE_SELF, -1, RIGHT_SEND, 0);
	if (slot < 0)
		return -VM_EINVAL;
	while (*tail)
		tail = &(*tail)->next;
	*w = (struct waiter){0, p, tid, k, bits, slot};
	*tail = w;
	return 0;
}

long shared_futex_wake(struct proc *p, uint64_t uaddr, uint32_t bits, long nwake, uint64_t uaddr2, long nmove,
                       unsigned how, uint32_t cmpval)
{
	int cmp = how & SHARED_FUTEX_CMP;
	struct key k, k2 = {0, 0, 0};
	uint32_t cur, cur2;
	if (!bits || nwake < 0 || nmove < 0)
		return -VM_EINVAL;
	long e = key_of(p, uaddr, &k, &cur);
	if (e == -VM_EAGAIN && !cmp)
		e = 0;   /* a wake needs only the key */
	if (e == 0 && (how & SHARED_FUTEX_REQUEUE) && (e = key_of(p, uaddr2, &k2, &cur2)) == -VM_EAGAIN)
		e = 0;
	if (e < 0)
		return e;
	if (cmp && cur != cmpval)
		return -VM_EAGAIN;
	long done = 0, moved = 0;
	for (struct waiter *w = queue, *prev = 0, *next; w && (done < nwake || moved < nmove); w = next) {
		next = w->next;
		if (w->key.kind != k.kind || w->key.id != k.id || w->key.off != k.off || !(w->bits & bits)) {
			prev = w;
		} else if (done < nwake) {
			k_notify_signal(w->notif, SHARED_FUTEX_WOKEN);
			drop(w, prev);
			done++;
		} else {
			w->key = k2;   /* it waits on uaddr2 now */
			moved++;
			prev = w;
		}
	}
	return done + moved;
}

long shared_futex_cancel(struct proc *p, int64_t tid)
{
	for (struct waiter *w = queue, *prev = 0; w; prev = w, w = w->next)
		if (w->proc == p && w->tid == tid) {
			drop(w, prev);
			return 1;
		}
	return 0;
}

void shared_futex_gone(struct proc *p, int64_t tid)
{
	for (struct waiter *w = queue, *prev = 0, *next; w; w = next) {
		next = w->next;
		if (w->proc == p && (tid < 0 || w->tid == tid))
			drop(w, prev);
		else
			prev = w;
	}
}
