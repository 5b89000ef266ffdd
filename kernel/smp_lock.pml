/* smp_lock.pml - a Promela model of how the harts share the kernel: the big lock
 * (biglock.S), the stall by which the holder takes a thread from another hart (hart.c)
 * and the TLB shootdown of an address space (sv39.c), checked by spin in `make test`
 * (tests/spin/smp_lock.sh).
 *
 * It lives here, beside biglock.S, because the rules it checks are the kernel's: a
 * waiter for the lock looks at `serving` again after it puts its bit in lock_sleepers
 * and before it sleeps, so that kernel_unlock, which reads lock_sleepers after it lets
 * the next ticket in, wakes every waiter that could have missed it; a waiter answers a
 * stall, so the holder that waits for the answer never waits for a hart that waits for
 * the holder; likewise a waiter answers a fence, the shootdown's request to flush the
 * address space's ASID; each answer ends with an IPI to the holder, which waits for it
 * in wfi and clears SSIP before it looks, so no answer is missed; and an address space's
 * `cpus` keeps every hart that may hold its translations until a shootdown has flushed
 * them.
 *
 * The world: NH harts, each a hart() running a user thread or idle, and each with a
 * walker(), the hardware that fills its TLB from the page table whenever satp holds
 * the address space (in user mode, or in the kernel waiting for the lock). There is one
 * ASID, one address space at a time with it (a task's), one page. A user hart traps (a
 * system call, a fault, the timer: a few each, or an IPI: always) and takes the lock;
 * the holder may change the page's PTE (an unmap or a downgrade) and shoot down, take a
 * thread from another hart (thread_hold), destroy the task (stall the harts that have
 * its address space loaded, free the tables, shoot down, and give the ASID to a new
 * address space) or kick another hart; then it returns to a thread (loading the address
 * space) or goes idle (hart_idle). IPIs set the hart's SSIP, and wfi waits for SSIP:
 * nothing else (no timer) ends it, and it never ends for no reason.
 *
 * What is checked:
 *   - mutual exclusion: one holder at a time;
 *   - no lost wakeup, no deadlock: every hart ends in user mode or idle in hart_idle
 *     (spin's invalid end states: a hart asleep in kernel_lock's wfi, or a holder
 *     waiting for `stalled`, with nothing left to move, is one);
 *   - the stall: when hart_stall returns, the thread's registers are in its trapframe
 *     and the stalled hart's satp no longer holds the address space (a holder that
 *     waits for an answer in wfi with nothing left to move is a deadlock too);
 *   - the shootdown: when it returns (and until the holder drops the lock) no hart
 *     holds a TLB entry older than the change, and no user access ever uses one from
 *     before a change whose shootdown returned, nor from the address space that had
 *     the ASID before; and no hart's walker reads the freed tables of a destroyed one.
 *
 * What is abstracted away: threads and tasks (a hart runs "a thread" or none; a stalled
 * thread may run anywhere later), the scheduler (a hart picks a thread or idles at will;
 * kick stands for its IPIs), page contents and addresses (a PTE is a version number:
 * each change or new address space makes a newer one, and a TLB entry is the version it
 * was read from), TLB eviction, the memory model (each load, store and AMO is atomic and
 * in program order, as the fences and aqrl make the ones that matter; hart_stall's store
 * to `stall` is seen before its IPI), a walk in flight (a fill is atomic), the FP
 * registers (saved with the rest), the ticket counters' width (they count modulo
 * TICKETS, as many as the harts: no more tickets are out at once).
 *
 * The broken variants, each of which spin must reject:
 *   BROKEN_NO_RECHECK: the waiter sleeps without looking at `serving` again after it
 *     sets its bit in lock_sleepers: the unlock may read the bits before, and the
 *     waiter sleeps forever (a lost wakeup);
 *   BROKEN_NO_STALL_CHECK: the waiter does not answer a stall: the holder waits for
 *     `stalled` while the stalled hart waits for the lock (a deadlock);
 *   BROKEN_STALLED_FIRST: the waiter says `stalled` before it has stored the registers
 *     and left the address space: hart_stall returns too soon;
 *   BROKEN_CPUS_ZERO: shootdown leaves `cpus` empty instead of the harts that have the
 *     address space loaded: a hart fills its TLB again, the next shootdown misses it,
 *     and its stale entry outlives the change;
 *   BROKEN_NO_FENCE_CHECK: the waiter does not answer a fence: the holder waits for it
 *     while it waits for the lock (a deadlock);
 *   BROKEN_NO_ANSWER_IPI: an answer is not followed by an IPI to the holder, which may
 *     have looked just before it and sleeps in wfi for good.
 *
 * Run it: spin -a kernel/smp_lock.pml && cc -O2 -DSAFETY -DCOLLAPSE -o pan pan.c &&
 * ./pan (add -DBROKEN_xxx to spin for a variant). */

#define NH       2          /* harts */
#define TICKETS  NH         /* ticket values: a hart holds one at most */
#define SPINS    1          /* spins before a waiter sleeps (biglock.S: 2000) */
#define ROUNDS   1          /* traps each hart makes other than IPIs */
#define CHANGES  2          /* PTE changes and task destructions, all harts together */
#define STALLS   1          /* thread_hold's stalls, all harts together */
#define KICKS    1          /* the scheduler's IPIs, all harts together */
#define FREED    2          /* satp: the tables of a destroyed address space */

#ifdef BROKEN_NO_RECHECK
#define RECHECK(t)  false
#else
#define RECHECK(t)  (serving == t)
#endif
#ifdef BROKEN_NO_STALL_CHECK
#define STALL(me)   false
#else
#define STALL(me)   stall[me]
#endif
#ifdef BROKEN_NO_FENCE_CHECK
#define FENCE(me)   false
#else
#define FENCE(me)   fence[me]
#endif
#ifdef BROKEN_NO_ANSWER_IPI
#define ANSWER(me)  skip
#else
#define ANSWER(me)  ssip[asker[me]] = 1         /* ipi_asker (biglock.S) */
#endif

/* biglock.S */
byte next, serving;         /* big_lock: the next ticket, the one now served */
byte lock_sleepers;         /* bit h: hart h sleeps (or is about to) in kernel_lock */
byte holders;               /* harts that hold the lock (for the check only) */

/* each hart: struct hart's, and the hardware's */
bool stall[NH], stalled[NH];
bool fence[NH];             /* set by the holder: flush the ASID (hart_fence) */
byte asker[NH];             /* the holder that asked (stall or fence) */
bool cur[NH] = 1;           /* runs a thread */
bool vm_loaded[NH] = 1;     /* the kernel's view: the address space is loaded */
byte satp[NH] = 1;          /* the hardware's: 1: the address space, 0: the kernel's map,
                               FREED: a destroyed address space's */
bool ssip[NH];              /* sip.SSIP: an IPI came */
bool tf_full[NH];           /* its thread's registers are all in the trapframe */
byte tlb[NH];               /* its TLB entry for the page: the PTE version, 0: none */

/* the address space */
byte cpus = (1 << NH) - 1;  /* struct aspace's: bit h: hart h may hold translations */
byte epoch = 1;             /* the PTE's version now */
byte flushed = 1;           /* the newest version whose shootdown has returned */

byte changes = CHANGES, stalls = STALLS, kicks = KICKS;

/* No hart holds an entry older than the last shootdown that returned. */
inline tlb_current()
{
	d_step {
		i = 0;
		do
		:: i < NH -> assert(tlb[i] == 0 || tlb[i] >= flushed); i++
		:: else -> i = 0; break
		od
	}
}

inline kernel_lock()
{
	atomic { t = next; next = (next + 1) % TICKETS };   /* amoadd */
	spins = SPINS;
	do
	:: atomic { serving == t -> holders++; assert(holders == 1); t = 0; spins = 0 };
		break
	:: serving != t && STALL(me) ->             /* answer hart_stall */
#ifdef BROKEN_STALLED_FIRST
		stalled[me] = 1;
#endif
		tf_full[me] = 1;                        /* store_callee_saved (and fpu_save) */
		satp[me] = 0;                           /* the kernel's satp */
		stall[me] = 0;
#ifndef BROKEN_STALLED_FIRST
		stalled[me] = 1;                        /* after the fence: the above first */
#endif
		ANSWER(me);
		spins = SPINS
	:: serving != t && !STALL(me) && FENCE(me) ->   /* answer hart_fence */
		tlb[me] = 0;                            /* sfence.vma with the ASID */
		fence[me] = 0;
		ANSWER(me);
		spins = SPINS
	:: serving != t && !STALL(me) && !FENCE(me) && spins > 0 -> spins--
	:: serving != t && !STALL(me) && !FENCE(me) && spins == 0 ->
		lock_sleepers = lock_sleepers | (1 << me);   /* amoor */
		if
		:: RECHECK(t) || STALL(me) || FENCE(me) -> skip
		:: else -> ssip[me]                     /* wfi: until an IPI */
		fi;
		ssip[me] = 0;                           /* csrci sip, 2 */
		lock_sleepers = lock_sleepers & ~(1 << me);  /* amoand */
		spins = SPINS
	od
}

inline kernel_unlock()
{
	atomic { holders--; serving = (serving + 1) % TICKETS };
	sleepers = lock_sleepers;                   /* read after serving (the fence) */
	if
	:: sleepers != 0 ->                         /* sbi_send_ipi_mask */
		atomic {
			i = 0;
			do
			:: i < NH -> if :: sleepers & (1 << i) -> ssip[i] = 1 :: else fi; i++
			:: else -> i = 0; sleepers = 0; break
			od
		}
	:: else
	fi
}

/* Wait in wfi until cond holds: another hart's answer, followed by an IPI to this one.
 * SSIP is cleared before each look (csrc sip), so an IPI after the look ends the wfi. */
inline await_answer(cond)
{
	do
	:: ssip[me] = 0;
		if
		:: cond -> break
		:: else -> ssip[me]                     /* wfi: until an IPI */
		fi
	od
}

/* Caller holds the lock; h runs a thread. */
inline hart_stall(h)
{
	asker[h] = me;
	stall[h] = 1;
	ssip[h] = 1;                                /* sbi_send_ipi */
	await_answer(stalled[h]);                   /* h answers from kernel_lock */
	atomic {
		assert(tf_full[h] && satp[h] == 0);
		stalled[h] = 0;
		cur[h] = 0;
		vm_loaded[h] = 0
	}
}

inline vm_load()
{
	atomic { satp[me] = 1; vm_loaded[me] = 1; cpus = cpus | (1 << me) }
}

inline vm_load_kernel()
{
	atomic { satp[me] = 0; vm_loaded[me] = 0 }
}

/* Ask the harts in `others` to flush the ASID (one IPI each, sbi_send_ipi_mask) and wait
 * for each one's answer. */
inline hart_fence()
{
	i = 0;
	do
	:: i < NH -> if :: others & (1 << i) -> asker[i] = me; fence[i] = 1 :: else fi; i++
	:: else -> break
	od;
	atomic {
		i = 0;
		do
		:: i < NH -> if :: others & (1 << i) -> ssip[i] = 1 :: else fi; i++
		:: else -> break
		od
	};
	i = 0;
	do
	:: i < NH -> if :: others & (1 << i) -> await_answer(!fence[i]) :: else fi; i++
	:: else -> break
	od;
	i = 0;
	others = 0
}

/* Flush the ASID on every hart in cpus (this one with sfence.vma, the others with
 * hart_fence), then keep in cpus the harts that have the address space loaded. */
inline shootdown()
{
	if
	:: cpus & (1 << me) -> tlb[me] = 0
	:: else
	fi;
	others = cpus & ~(1 << me);
	if
	:: others != 0 -> hart_fence()
	:: else
	fi;
	d_step {
		cpus = 0;
#ifndef BROKEN_CPUS_ZERO
		i = 0;
		do
		:: i < NH -> if :: vm_loaded[i] -> cpus = cpus | (1 << i) :: else fi; i++
		:: else -> break
		od;
#endif
		i = 0;
		flushed = epoch
	};
	tlb_current()
}

/* After an unmap or a permission downgrade of the page. */
inline vm_flush()
{
	epoch++;                                    /* the PTE changes */
	shootdown()
}

inline aspace_destroy()
{
	atomic {
		if
		:: vm_loaded[me] -> vm_load_kernel()
		:: else
		fi;
		epoch++;                                /* the tables are freed */
		i = 0;
		do
		:: i < NH -> if :: satp[i] == 1 -> satp[i] = FREED :: else fi; i++
		:: else -> i = 0; break
		od
	};
	shootdown()
}

/* The ASID's next address space: its tables are new (a newer PTE version). */
inline aspace_init()
{
	cpus = 0
}

/* Stall every other hart that has the address space loaded, destroy it, give its ASID
 * to a new task. */
inline task_destroy()
{
	do
	:: h < NH -> if :: h != me && vm_loaded[h] -> hart_stall(h) :: else fi; h++
	:: else -> h = 0; break
	od;
	aspace_destroy();
	aspace_init()
}

/* Return to a thread: its address space loaded, its registers in this hart's. */
inline prepare_return()
{
	atomic {
		cur[me] = 1;
		tf_full[me] = 0;
		if
		:: !vm_loaded[me] -> vm_load()
		:: else
		fi
	}
}

/* With the lock: nobody to run here, so unload the address space and wait for a kick
 * without the lock, until there is a thread to run. */
inline hart_idle()
{
	atomic {
		cur[me] = 0;
		if
		:: vm_loaded[me] -> vm_load_kernel()
		:: else
		fi
	};
	do
	:: kernel_unlock();
end_idle:	ssip[me];                               /* wfi: until a kick */
		kernel_lock();
		ssip[me] = 0;                           /* poll_interrupts */
		if
		:: break                                /* sched_pick found a thread */
		:: tlb_current()
		fi
	od;
	prepare_return()
}

/* With the lock: the trap's work, then the thread to resume, or hart_idle. */
inline trap_handler()
{
	ssip[me] = 0;                               /* the IPI taken (or polled) */
	if
	:: atomic { changes > 0 -> changes-- }; vm_flush()
	:: atomic { changes > 0 -> changes-- }; task_destroy()
	:: atomic { stalls > 0 -> stalls--; select(h : 0 .. NH - 1) };   /* thread_hold */
		if
		:: h != me && cur[h] -> hart_stall(h)
		:: else
		fi;
		h = 0
	:: atomic {                                 /* the scheduler's kick */
		kicks > 0 -> kicks--;
		select(h : 0 .. NH - 1);
		if
		:: h != me -> ssip[h] = 1
		:: else
		fi;
		h = 0
	   }
	:: skip
	fi;
	if
	:: prepare_return()
	:: hart_idle()
	fi
}

/* A hart: user mode until a trap (trap_entry saves the caller-saved registers and
 * takes the lock), the trap's work with the lock, and back. Each starts in user mode
 * with the address space loaded. */
active [NH] proctype hart()
{
	byte me = _pid, t, spins, sleepers, i, h, others, rounds = ROUNDS;
end_user:
	do
	:: atomic {                                 /* a user access, then the trap */
		ssip[me] || rounds > 0 ->
		assert(tlb[me] == 0 || tlb[me] >= flushed);
		if
		:: ssip[me]
		:: else -> rounds--
		fi
	   };
		kernel_lock();
		trap_handler();
		tlb_current();
		kernel_unlock()
	od
}

/* The hardware page-table walker of hart h: a TLB miss while satp holds the address
 * space (speculative too, so at any moment) fills the entry from the PTE. The tables
 * it walks are never freed ones. */
active [NH] proctype walker()
{
	byte h = _pid - NH;
end:	do
	:: atomic { satp[h] != 0 && tlb[h] == 0 -> assert(satp[h] != FREED); tlb[h] = epoch }
	od
}
