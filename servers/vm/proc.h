/* proc.h - the tasks the VM server pages for: creation from ELF, end, and waiting. */
#ifndef VM_PROC_H
#define VM_PROC_H
#include <stdint.h>
#include "abi/bootinfo.h"
#include "proto/vm_msgs.h"
#include "vm/vm.h"
#include "pagemap.h"

#define MAX_PROCS 64

struct proc {
	uint8_t used;
	uint8_t zombie;           /* ended; kept until its parent waits */
	uint16_t idx;             /* index in procs[], the frame owner id */
	uint64_t badge;           /* badge of its handles on our endpoint: its id */
	long task;                /* our task handle slot; -1 once destroyed */
	struct proc *parent;
	long wait_token;          /* saved reply to the parent's VM_WAIT on us, 0 if none */
	struct vm_wait_rep end;   /* how it ended */
	uint64_t faults;          /* faults resolved */
	uint64_t sig_trampoline[32], sig_stack[32];   /* VM_SIGACTION, 0: default action */
	uint64_t fault_regs[4];   /* the last fault's pc, sp, a0, a1 (pager.c, VM_FAULT_REGS) */
	uint8_t fault_regs_ok;    /* ... and it was redirected to a trampoline, not yet asked */
	struct vm_mm mm;          /* its VMAs and counters (lib/vm) */
	struct pagemap pm;        /* the frames behind its pages */
	uint8_t dying;            /* being torn down: no page-table updates needed */
	char name[16];
};

/* Adopt the boot tasks; -1 if their images cannot be read. */
int proc_init(const struct bootinfo *bi);
struct proc *proc_by_badge(uint64_t badge);
/* A new task named name, child of parent, with an empty address space but for its stack
 * (and, with inherit, the parent's shared memory at the same addresses, as after fork);
 * NULL with *err = errno. */
struct proc *proc_create(struct proc *parent, const char *name, uint64_t prio, int inherit, long *err);
/* Start p's first thread at entry with stack pointer sp and a0 = arg, with the handles
 * every task gets and the parent's slots give[] (may be NULL). 0 or an errno. */
long proc_start(struct proc *p, uint64_t entry, const int64_t give[VM_SPAWN_PASS], uint64_t prio, uint64_t sp,
                uint64_t arg);
/* Map the ELF image of boot module `name` into p in fresh frames (the break is left
 * alone): its entry, with [*lo, *hi) its executable segment; 0 if malformed or out of
 * memory. */
uint64_t proc_load_module(struct proc *p, const char *name, uint64_t *lo, uint64_t *hi);
/* Undo proc_create (and whatever was mapped since): the task never ran. */
void proc_abort(struct proc *p);
/* Start module `name` as a child of parent (NULL: no parent). Returns the proc or NULL
 * with *err = errno. */
struct proc *proc_spawn(struct proc *parent, const char *name, const int64_t give[VM_SPAWN_PASS],
                        uint64_t prio, long *err);
/* End p: destroy its task, return its frames, record `end`, wake a waiting parent. */
void proc_end(struct proc *p, const struct vm_wait_rep *end);
/* VM_WAIT from parent on child id: 0 with *rep filled if it has ended, 1 if the reply
 * was saved for later, or -errno. */
long proc_wait(struct proc *parent, int64_t child, struct vm_wait_rep *rep);
uint64_t proc_count(void);
/* The live tasks one by one: proc_next(0) is the first; NULL after the last. */
struct proc *proc_next(struct proc *p);
/* Tell the FS server a task has ended (main.c; nothing before the FS server is ready). */
void fs_client_gone(uint64_t badge);
/* The first task, init, has ended (by exit or a signal) with this status: the machine
 * powers off with it once the files are written out (main.c). */
void init_ended(int status);
#endif
