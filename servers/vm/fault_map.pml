/* fault_map.pml - a Promela model of a first touch mapped by the fault's reply
 * (FAULT_REPLY_MAP, abi/fault.h): the VM server decides under its locks and replies after
 * letting them go, so the page table may change in between. Checked by spin in
 * `make test` (tests/spin/fault_map.sh).
 *
 * The rule it checks: the kernel maps the reply's frame only as a fill (nothing mapped at
 * the page) and only if the address space's gen, which every SYS_UNMAP, SYS_PROTECT and
 * SYS_MOVE counts (kernel/sysdispatch.c), is what it was when the thread faulted
 * (ipc.c's fault_gen and fault_map). Then no page table entry ever maps a frame the VM
 * server has freed, and when all is done every frame the VM server holds is the one its
 * pagemap records (none leaks).
 *
 * The world: one page of one task, two frames. Two threads touch the page (each a
 * toucher(): fault, served by a fault worker of the VM server, the reply, the retry);
 * one unmapper() runs munmap of the page once (mm.c's flush_run: under vm_big held
 * exclusively, the pagemap entry dropped, SYS_UNMAP, then the frame freed) and one
 * protector() an mprotect that keeps the rights (SYS_PROTECT of the page if mapped, which
 * counts; else, as mm.c's protect_flush, SYS_MAP of the frame the pagemap records). A worker holds vm_big shared and the task's fault_lock: it finds the page
 * recorded (pm) and maps it at once with SYS_MAP (pager.c's mm_remap path), or records a
 * new frame and answers with the map. The kernel's steps (the fault, SYS_MAP, SYS_UNMAP,
 * SYS_PROTECT, the reply's map) are each atomic (the big lock).
 *
 * Abstracted away: other pages and tasks, the VMA (the unmap takes the page's whole
 * mapping away; a touch after it is a SIGSEGV, which ends that thread's touching), the
 * TLB (sv39.c's fills need no shootdown; the unmap's shootdown is part of SYS_UNMAP's
 * step), frame contents, the second lock on the frames (frames.c).
 *
 * The broken variant, which spin must reject:
 *   BROKEN_NO_GEN: the reply's map does not look at gen: a reply that comes after the
 *     unmap maps the frame the unmap freed.
 * (The fill check, nothing mapped there, is not needed here: whatever maps the page
 * between the decision and the reply maps the frame the decision recorded, or counts
 * gen. The kernel keeps it: a fill needs no shootdown.)
 *
 * Run it: spin -a servers/vm/fault_map.pml && cc -O2 -DSAFETY -o pan pan.c && ./pan */

#define NF 2                /* frames 1..NF; 0: none */

byte pm;                    /* the VM server's pagemap entry for the page: a frame or 0 */
byte pte;                   /* the page table entry: a frame or 0 */
byte gen;                   /* the address space's gen */
bool used[NF + 1];          /* frames the VM server has allocated and not freed */
bool unmapped;              /* the munmap came: the page has no VMA any more */

byte readers;               /* vm_big: fault workers holding it shared */
bool writer;                /* vm_big held exclusively */
bool fault_lock;            /* the task's fault_lock */

/* No page table entry maps a freed frame. */
active proctype monitor()
{
end:	atomic { (pte != 0 && !used[pte]) -> assert(false) }
}

inline take_shared() { atomic { !writer -> readers++ } }
inline drop_shared() { readers-- }
inline take_fault_lock() { atomic { !fault_lock -> fault_lock = true } }
inline drop_fault_lock() { fault_lock = false }

/* A frame from the allocator into f (0 if none is free). */
inline frame_alloc(f)
{
	atomic {
		if
		:: !used[1] -> used[1] = true; f = 1
		:: else ->
			if
			:: !used[2] -> used[2] = true; f = 2
			:: else -> f = 0
			fi
		fi
	}
}

/* A thread touching the page until it is mapped or has no VMA: each fault records gen
 * (the kernel's fault_gen) and is served by a worker of the VM server. */
proctype toucher()
{
	byte fgen, f, reply;   /* reply: the frame the answer maps, 0 for a plain resume */
	do
	:: atomic { pte != 0 || unmapped } -> break   /* mapped: the access goes on; or SIGSEGV */
	:: atomic { pte == 0 && !unmapped -> fgen = gen }   /* the fault */
		reply = 0;
		take_shared();
		if
		:: unmapped -> skip   /* the full path sends SIGSEGV: this thread is done */
		:: else ->
			take_fault_lock();
			if
			:: pm != 0 -> atomic { pte = pm }   /* recorded: SYS_MAP at once (mm_remap) */
			:: else ->
				drop_fault_lock();
				frame_alloc(f);   /* zeroed outside the lock */
				take_fault_lock();
				if
				:: f != 0 && pm == 0 -> pm = f; reply = f   /* mm_install_by_reply */
				:: f != 0 && pm != 0 -> atomic { used[f] = false; f = 0 }   /* another got there */
				:: f == 0 -> skip   /* no frame: the full path's OOM, then a retry */
				fi
			fi;
			drop_fault_lock()
		fi;
		drop_shared();
		/* The reply, after the locks are let go: the kernel's fault_map. */
		atomic {
			if
#ifdef BROKEN_NO_GEN
			:: reply != 0 && pte == 0 -> pte = reply
#else
			:: reply != 0 && gen == fgen && pte == 0 -> pte = reply
#endif
			:: else -> skip
			fi
		}
	od
}

/* munmap of the page, once: under vm_big exclusively, the pagemap entry dropped,
 * SYS_UNMAP (gen counted), then the frame let go (mm.c's flush_run). */
proctype unmapper()
{
	byte f;
	atomic { !writer && readers == 0 -> writer = true }
	f = pm;
	pm = 0;
	unmapped = true;
	atomic { pte = 0; gen++ }
	if
	:: f != 0 -> used[f] = false
	:: else -> skip
	fi;
	writer = false
}

/* An mprotect that keeps the rights (a neighbour's, say, or a fork's SYS_PROTECT of a
 * mapped page): it changes nothing but gen. Under vm_big exclusively. */
proctype protector()
{
	atomic { !writer && readers == 0 -> writer = true }
	atomic {
		if
		:: pte != 0 -> gen++      /* SYS_PROTECT */
		:: pte == 0 && pm != 0 -> pte = pm   /* refused (not mapped): SYS_MAP from the pagemap */
		:: else -> skip
		fi
	}
	writer = false
}

init
{
	atomic {
		run toucher();
		run toucher();
		run unmapper();
		run protector()
	}
	_nr_pr == 2;   /* all done (init and the monitor are left): no frame leaked */
	assert((!used[1] || pm == 1) && (!used[2] || pm == 2))
}
