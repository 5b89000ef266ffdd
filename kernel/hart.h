/* hart.h - what each hart (CPU) of the kernel has of its own, and the big kernel lock.
 *
 * In the kernel, tp holds the address of the running hart's struct hart (user tp is in
 * the trapframe): `this_hart` reads it, `current` is its thread. CPU numbers are the
 * index in harts[]: the boot hart is 0, the others follow in device-tree order.
 *
 * One lock (a ticket lock in trap_entry.S) covers all kernel state, as in seL4: every
 * entry takes it before it reads or changes anything shared, and the way out drops it
 * once the thread to resume is chosen. While a hart waits for the lock it answers the
 * holder's requests, each with an IPI back: a stall (hart_stall), by which the holder
 * makes another hart let go of the thread it runs, and a fence (hart_fence), by which it
 * has another hart's TLB entries of an address space flushed. Neither needs that hart's
 * cooperation under the lock, and the holder waits for the answers in wfi (as seL4's
 * remote calls are answered by harts waiting for its lock).
 */
#ifndef HART_H
#define HART_H
#include "object.h"

#define MAX_HARTS 8

struct hart {
	struct thread *cur;          /* running here (T_READY), or NULL while idle */
	struct trapframe *trap_from; /* frame of the thread that entered (or &spare) */
	uint64_t stack_top;
	volatile uint32_t stall;     /* set by the lock holder: give up the thread */
	volatile uint32_t stalled;   /* set by this hart when it has */
	struct trapframe spare;      /* trap_from while no thread's frame is in use */
	uint64_t hartid;
	uint64_t kernel_satp;        /* the kernel's own map (sv39.c) */
	volatile uint32_t fence;     /* set by the lock holder: FENCE_ASK | an ASID to flush */
	uint32_t asker;              /* the hartid of the holder that asked (stall or fence) */
	uint32_t cpu;                /* the index in harts[] */
#ifdef LOCKSTAT
	uint64_t lock_since;         /* make LOCKSTAT=1: instret when this hart took the lock, */
	uint64_t lock_held;          /* the instructions it retired holding it (lock_drop), */
	uint64_t lock_holds;         /* and how many times it took it (SYS_KSTAT's KSTAT_LOCK) */
#endif
	/* Offsets above are used by trap_entry.S and biglock.S (HART_* there). */
	uint32_t online;             /* 1: came up (hart_main); 2: given up on (main.c) */
	uint8_t abandoned;           /* the trap in progress was given up (hart_stall) */
	uint8_t fp_present;          /* this hart has F and D, and sstatus.FS works */
	struct thread *fp_owner;     /* whose values are in this hart's f0-f31 (fpu.h) */
	const struct aspace *vm_loaded; /* whose satp is loaded; NULL: the kernel's */
	/* The scheduler's: ready threads placed on this hart, one FIFO per priority. */
	struct thread *qhead[NPRIO], *qtail[NPRIO];
	uint32_t ready_mask;         /* bit p: queue p is not empty */
	uint64_t slice_end;          /* rdtime at which the running slice ends */
};

extern struct hart harts[MAX_HARTS];
extern uint32_t nharts_online;   /* harts[0 .. nharts_online) run the kernel */
register struct hart *this_hart __asm__("tp");
#define current (this_hart->cur)

/* The hart running th (not this one), or NULL if th runs nowhere else. */
struct hart *hart_running(const struct thread *th);
/* Make hart h (not this one) give up the thread it runs, which is returned (NULL if
 * none): its registers, FP included, go to its trapframe, the trap it was taking is
 * dropped (an ecall or a faulting instruction runs again later), and its address space
 * is unloaded. The thread is still T_READY but in no queue: the caller queues it (or
 * destroys it). Caller holds the lock; h does not need it. */
struct thread *hart_stall(struct hart *h);
#define FENCE_ASK 0x10000u       /* struct hart's fence: asked (the ASID in the low 16 bits) */
/* Flush every TLB entry of ASID asid on the harts in cpus (bit n: harts[n], not this
 * one), each answering from kernel_lock_wait; when this returns, they have. Caller holds
 * the lock; they do not need it. */
void hart_fence(uint32_t cpus, uint16_t asid);
/* An IPI to each hart in cpus (bit n: harts[n]), whatever their hartids: one SBI call
 * for each window of 64 hartids they fall in. */
void hart_ipi(uint64_t cpus);

/* biglock.S: the big lock. kernel_lock also answers stall and fence requests while
 * waiting. */
void kernel_lock(void);
void kernel_unlock(void);
#endif
