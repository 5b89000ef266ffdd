/* proctab.c - the table of tasks (see proctab.h). */
#include "proctab.h"
#include "base/mem.h"

static struct proc procs[MAX_PROCS];
unsigned proc_ndoomed;
/* A spawned task's badge (its id) is a serial number above its slot's index, so it is
 * never reused and finds its slot at once; the kernel's boot badges are below 0x100. */
#define SLOT_BITS 6
_Static_assert(MAX_PROCS == 1 << SLOT_BITS, "a badge's low bits are the slot");
static uint64_t next_serial = 0x100 >> SLOT_BITS;

struct proc *proc_boot_slot(uint32_t i, uint64_t badge)
{
	if (i >= MAX_PROCS)
		return 0;
	struct proc *p = &procs[i];
	p->used = 1;
	p->idx = (uint16_t)i;
	p->badge = badge;
	p->nproc[0] = p->nproc[1] = NPROC_DEFAULT;
	return p;
}

struct proc *proc_free_slot(void)
{
	struct proc *p = 0;
	for (int i = 0; i < MAX_PROCS && !p; i++)
		if (!procs[i].used)
			p = &procs[i];
	if (!p)
		return 0;
	memset(p, 0, sizeof *p);
	p->idx = (uint16_t)(p - procs);
	p->badge = proc_new_id(p);
	p->nproc[0] = p->nproc[1] = NPROC_DEFAULT;
	return p;
}

void proc_release_slot(struct proc *p)
{
	p->used = 0;
}

struct proc *proc_by_badge(uint64_t badge)
{
	if (badge >= 0x100) {
		struct proc *p = proc_of_id(badge);
		return p && p->badge == badge ? p : 0;
	}
	for (int i = 0; i < MAX_PROCS; i++)   /* a boot task */
		if (procs[i].used && procs[i].badge == badge)
			return &procs[i];
	return 0;
}

struct proc *proc_of_id(uint64_t id)
{
	struct proc *p = &procs[id & (MAX_PROCS - 1)];
	return id >= 0x100 && p->used ? p : 0;
}

uint64_t proc_new_id(const struct proc *p)
{
	return next_serial++ << SLOT_BITS | p->idx;
}

int proc_is_init(const struct proc *p)
{
	return !p->parent && p->badge < 0x100 && !strcmp(p->name, "init");
}

struct proc *proc_next(struct proc *p)
{
	for (int i = p ? (int)(p - procs) + 1 : 0; i < MAX_PROCS; i++)
		if (procs[i].used && !procs[i].zombie)
			return &procs[i];
	return 0;
}

struct proc *proc_next_any(struct proc *p)
{
	for (int i = p ? (int)(p - procs) + 1 : 0; i < MAX_PROCS; i++)
		if (procs[i].used)
			return &procs[i];
	return 0;
}

struct proc *proc_next_child(const struct proc *parent, struct proc *c)
{
	for (int i = c ? (int)(c - procs) + 1 : 0; i < MAX_PROCS; i++)
		if (procs[i].used && procs[i].parent == parent)
			return &procs[i];
	return 0;
}

struct proc *proc_reaper(void)
{
	for (int i = 0; i < MAX_PROCS; i++) {
		struct proc *p = &procs[i];
		if (p->used && !p->zombie && proc_is_init(p))
			return p;
	}
	return 0;
}

int proc_pgrp_orphaned(int64_t pgid, int64_t sid)
{
	struct proc *init = proc_reaper();
	for (int i = 0; i < MAX_PROCS; i++) {
		const struct proc *t = &procs[i], *up = t->parent;
		if (t->used && !t->zombie && t->pgid == pgid && up && up != init && up->pgid != pgid && up->sid == sid)
			return 0;
	}
	return 1;
}

uint64_t proc_count_user(uint32_t uid)
{
	uint64_t n = 0;
	for (int i = 0; i < MAX_PROCS; i++)
		n += procs[i].used && procs[i].uid[0] == uid;
	return n;
}

uint64_t proc_count(void)
{
	uint64_t n = 0;
	for (int i = 0; i < MAX_PROCS; i++)
		n += procs[i].used && !procs[i].zombie;
	return n;
}

void proc_doom(struct proc *p, const struct vm_wait_rep *end)
{
	if (p->doomed)
		return;   /* the first reason stands */
	p->end = *end;
	p->doomed = 1;
	proc_ndoomed++;
}

struct proc *proc_take_doomed(void)
{
	for (int i = 0; proc_ndoomed && i < MAX_PROCS; i++)
		if (procs[i].doomed) {
			procs[i].doomed = 0;
			proc_ndoomed--;
			if (procs[i].used && !procs[i].zombie)   /* (not ended some other way meanwhile) */
				return &procs[i];
		}
	return 0;
}
