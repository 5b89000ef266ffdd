/* vmfs.pml - a Promela model of the protocol between the VM server and the FS server for
 * file mappings (docs/protocol.md, "The VM server and the FS server"), checked by spin in
 * `make test` (tests/spin/vmfs.sh).
 *
 * It lives here, beside servers/vm/fslink.c, because the rules it checks are mostly the
 * VM server's: the two lanes (a queue and a sender thread each) that keep its main thread
 * from ever waiting on the FS server, the cookies of `struct fs_wait`, what a page-in
 * answer may map, and what a task's end posts. The FS side it models is servers/fs/main.c
 * (its lock fs_big), pagein.c (the page-in workers), mapping.c, files.c (ftruncate,
 * FS_CLIENT_GONE, FS_SYNC) and lib/fcache/fcache.c.
 *
 * The world: one task with two threads and one MAP_SHARED, PROT_WRITE mapping of one
 * file of NPG pages, which thread 0 may munmap; a page cache of NSLOT pages (fewer than
 * the file's, so a page-in may have to take a page back from a mapping), which holds
 * page 0 at the start or nothing (the file may have been read before: so a page-in may
 * find its page cached and not mapped); a client of the FS server that may shrink the
 * file; and a parent that may kill the task at any time. The task is init: its end powers
 * the system off after FS_SYNC.
 *
 * The VM server posts to two lanes (fslink.c): lane 0 takes every request but
 * FS_PAGE_IN, in posting order, to the FS server's main thread, which serves it; lane 1
 * takes the page-ins to the endpoint of the FS server's two page-in workers (pagein.c),
 * which answer its sender "taken" at once and serve the page-in after: so two are served
 * at once, and a page-in may be answered after requests posted later on lane 0
 * (FS_FILE_PUT: the file's identity is gone, EBADF; FS_SYNC: the system is off). The FS
 * server's threads share a reader-writer lock, fs_big: the main thread holds it
 * exclusively while it serves a request, across its calls to the VM server; a worker
 * holds it shared to look its page up and, if the page is cached, to lend it, until the
 * VM server has taken it; else it lets it go, takes it exclusively, looks again and reads
 * the page in. Several page-ins are in flight at once (one per thread), and the task may
 * end, or the mapping go, while they are: an error answer is SIGBUS only while the
 * mapping is there, else the faulting thread is resumed (to fault again).
 *
 * What is checked:
 *   - no deadlock: spin's invalid end states (every process ends, or waits where the
 *     real one may wait forever: a server or a worker in its receive, a sender on an
 *     empty queue; never on fs_big);
 *   - every request answered: a thread of a live task waiting for its reply is an invalid
 *     end state, and at power-off no fs_wait record is left but page-ins of the task that
 *     ended (their answers may come after FS_SYNC's, and find it gone);
 *   - no frame mapped after it is freed: a page-in answer maps only into a live task's
 *     mapping, and only a cache page that holds that page of the file; a cache page is
 *     dropped or reused only when no mapping uses it; every store of the task goes to a
 *     cache page that holds the page it means;
 *   - no lost write: a page is dropped from the cache only after the task's stores to it
 *     reached the file (or the file was cut below them), and at power-off every store
 *     is in the file.
 *
 * What is abstracted away: page contents (a ghost bit per page says "its newest bytes
 * are only in the cache"), addresses, sizes and offsets (pages are numbered), private
 * mappings and their copies, a second mmap, fault-around and prefetch (with NSLOT 1 no
 * neighbour is ever cached), the VM server's index of lent pages (fcindex.c), mlock
 * (VM_FS_UNMAP never says EBUSY), read()/write() of the file (they only go through the
 * cache), I/O errors, other tasks and fork, the FS server's own faults (it has none), a
 * VM server without the page-in lane (page-ins then go on lane 0, served by the main
 * thread as before), and the count of page-ins served together. A handler of the VM
 * server runs to its end before the next call is received (its main thread serves one
 * call at a time and waits for nothing), and an FS thread's work between two calls to
 * the VM server, or two steps of fs_big, is one step: it touches the FS server's state
 * only under fs_big (shared, only the maybe-dirty mark, one atomic store), and the
 * task's state only by a call. fs_big is a count of readers, a writer bit and a count of
 * waiting writers, which keep new readers out (sleeplock.h's SL_WAITING, a little
 * stronger: a waiting writer is never overtaken by a reader). The two workers are alike,
 * so worker 2 takes a page-in only while worker 1 serves one (fewer states, none lost:
 * an idle worker's state is all zeros, the other's the same).
 *
 * Run it: spin -a servers/vm/vmfs.pml && cc -O2 -DSAFETY -DCOLLAPSE -o pan pan.c && ./pan -m100000
 * (about 18.7 million states, 40 s on one core, 1.2 GB; before the lanes and the workers,
 * 6.7 million, 13 s, 440 MB). The sender threads' calls are rendezvous, and worker 2
 * serves only beside worker 1 (above): without these, over five times as many states.
 * Broken variants, which spin must reject (spin -DBROKEN_... -a ..., see below):
 *   BROKEN_REUSE: the FS server reuses a cache page without asking whether a mapping
 *     uses it (a frame freed while mapped);
 *   BROKEN_EARLY_UNLOCK: a page-in worker lets fs_big go before its call lends the VM
 *     server a cached page: an msync meanwhile finds it unmapped, writes it back and
 *     clears its maybe-dirty mark, and the task's store after the VM server maps it is
 *     lost (spin's first error); or the main thread or the other worker drops or reuses
 *     the page (a frame mapped after it is freed, a store to the wrong page).
 */

/* The messages of the exchange, named as proto/fs.def and proto/vm.def name them (and
 * tests/spin/vmfs.sh checks they are exactly those). */
mtype = { FS_MAP_FD, FS_PAGE_IN, FS_WRITEBACK, FS_FILE_PUT, FS_SYNC, FS_CLIENT_GONE,
          VM_FS_PAGE, VM_FS_DONE, VM_FS_PAGE_USERS, VM_FS_UNMAP };

#define NPG    2     /* pages of the file */
#define NSLOT  1     /* pages of the cache */
#define NW     3     /* fs_wait records (fslink.c's MAX_WAITS) */
#define QLEN   8     /* a lane's queue (fslink.c's QUEUE_LEN) */
#define OPS    2     /* what each thread does before it stops */
#define NWORK  2     /* the FS server's page-in workers (two: see w1busy) */
#define NONE   255
#define EFAULT 14
#define EBADF  9
#define ENOMEM 12

/* What a task's thread asks of the VM server (not part of the exchange): its calls and
 * its page fault; the parent's VM_KILL. */
#define T_MMAP   1
#define T_FAULT  2
#define T_MSYNC  3
#define T_EXIT   4
#define T_KILL   5
#define T_MUNMAP 6

/* The channels. An IPC call is a message on the callee's endpoint and a wait on a reply
 * channel of the caller's (for the sender threads' calls, rendezvous: fewer states). */
chan task_ep = [3] of { byte, byte, byte };               /* op, thread, page: to the VM server */
chan vm_ep = [1] of { mtype, byte, byte, byte, byte };    /* from an FS thread (the last byte) to the VM server */
chan fs_reply[1 + NWORK] = [1] of { byte };               /* the VM server's reply: 0 the main thread, 1.. a worker */
chan fsq[2] = [QLEN] of { mtype, byte, byte };            /* fslink.c's lanes' queues: label, words */
chan main_ep = [0] of { mtype, byte, byte };              /* lane 0's k_call to the FS server's main thread */
chan main_reply = [0] of { byte };
chan pagein_ep = [1] of { mtype, byte, byte };            /* lane 1's k_call to the page-in workers' endpoint */
chan pagein_reply = [0] of { byte };                      /* a worker's "taken", at once */
chan client_ep = [1] of { byte };                         /* another client's FS_FTRUNCATE */
chan thr_reply[2] = [1] of { byte };                      /* a thread's (saved) reply */
#define LANE(m) ((m) == FS_PAGE_IN -> 1 : 0)

/* ---- the VM server's state ---- */
bool alive = 1;        /* the task has not ended (proc_end) */
bool vma;              /* its shared writable mapping of the file exists */
byte pte[NPG];         /* 0, or 1 + the cache page whose frame is mapped at page p */
byte refs[NSLOT];      /* references on a cache page's frame: the FS server's own + mappings */
byte wkind[NW];        /* fs_wait records: kind, generation, thread, page, answers to come */
byte wgen[NW];
byte wthr[NW];
byte wpage[NW];
byte wpend[NW];
#define W_FREE   0
#define W_MMAP   1
#define W_PAGEIN 2
#define W_MSYNC  3
#define W_SYNC   4
#define COOKIE(i) (wgen[i] * NW + (i) + 1)
/* fs_wait_free (the fields cleared too, so that spin sees fewer states) */
#define WFREE(i) wkind[i] = W_FREE; wthr[i] = 0; wpage[i] = 0; wpend[i] = 0
bool poweredoff;

/* ---- the FS server's state ---- */
byte fsize = NPG;      /* the file's length, in pages */
bool used[NSLOT];      /* lib/fcache's slots: holds page sidx of the file */
byte sidx[NSLOT];
bool mdirty[NSLOT];    /* maybe dirty */
byte hand;             /* the clock hand of take_slot */
byte fmap_refs;        /* mapping.c: references on the file identity FS_MAP_FD gave */
bool fd_open = 1;      /* the task's descriptor of the file */
byte big_r;            /* fs_big (pagein.c, sleeplock.h's sl_rwlock): readers, */
bool big_w;            /* held exclusively, */
byte big_ww;           /* writers waiting (no new reader while one does) */
bool w1busy;           /* (worker 1 serves a page-in: worker 2 may take one; see the header) */

/* ---- ghost state: what the checks compare against ---- */
bool wdirty[NPG];      /* page p's newest bytes are only in the cache */

/* fs_wait_new: a free record i of kind k (fslink.c), or i = NONE. */
inline wait_new(k, wi)
{
	wi = 0;
	do
	:: wi < NW && wkind[wi] != W_FREE -> wi++
	:: wi < NW && wkind[wi] == W_FREE -> wkind[wi] = k; wgen[wi] = 1 - wgen[wi]; wpend[wi] = 0; break
	:: wi == NW -> wi = NONE; break
	od
}

/* fs_wait_find: the record a cookie names, or NONE if it is stale or forged. */
inline wait_find(wc, wf)
{
	wf = (wc - 1) % NW;
	if
	:: wc == 0 || wkind[wf] == W_FREE || wgen[wf] != (wc - 1) / NW -> wf = NONE
	:: else -> skip
	fi
}

/* fslink_post: to lane 1 if a page-in, else lane 0; 0 (ok) or 1 (that lane's queue is
 * full: -KE_AGAIN), never waiting. */
inline post(pm, pa, pb, pfailed)
{
	if
	:: len(fsq[LANE(pm)]) < QLEN -> fsq[LANE(pm)]!pm, pa, pb; pfailed = 0
	:: else -> pfailed = 1
	fi
}

/* k_poweroff: every request was answered (no record left but page-ins of the task that
 * ended, whose answers may come after FS_SYNC's and find it gone; FS_SYNC's is freed),
 * and every store of the task is in the file. */
inline power_off()
{
	for (i : 0 .. NW - 1) {
		assert(wkind[i] == W_FREE || (wkind[i] == W_PAGEIN && !alive))
	}
	for (p : 0 .. NPG - 1) {
		assert(!wdirty[p])
	}
	poweredoff = 1
}

/* The shared writable mapping goes, at munmap or vm_mm_destroy (mm.c's env_unmap_pages):
 * filemap.c's file_unmapping posts its write-back, its pages are dropped, then
 * file_release posts FS_FILE_PUT (failures ignored: a write-back or a reference left,
 * not a loss). */
inline unmap_file()
{
	if
	:: vma ->
		post(FS_WRITEBACK, 0, 0, failed);
		for (p : 0 .. NPG - 1) {
			if
			:: pte[p] -> refs[pte[p] - 1]--; pte[p] = 0
			:: else -> skip
			fi
		}
		vma = 0;
		post(FS_FILE_PUT, 0, 0, failed)
	:: else -> skip
	fi
}

/* proc_end (proc.c): FS_CLIENT_GONE, then vm_mm_destroy (the mapping goes); then, the
 * task being init, shutdown_after_sync's FS_SYNC. Records in flight stay: their answers
 * find the task gone. */
inline proc_end()
{
	alive = 0;
	post(FS_CLIENT_GONE, 0, 0, failed);
	unmap_file();
	wait_new(W_SYNC, i);
	if
	:: i != NONE -> post(FS_SYNC, COOKIE(i), 0, failed)
	:: else -> failed = 1
	fi;
	if
	:: failed -> power_off()   /* shutdown.c powers off without the sync */
	:: else -> skip
	fi
}

/* The VM server's main thread (servers/vm/main.c's loop; filemap.c's fault, mmap, munmap,
 * msync and their completions; proc.c's proc_end; shutdown.c). It never waits but in its
 * receive: everything it asks of the FS server is posted to a lane of fslink.c. */
proctype vm_main()
{
	byte op, t, p, c, st, s, i, a, f;
	bool failed;
	xr task_ep; xr vm_ep;   /* (only it receives them: for spin's partial order reduction) */
	/* (locals back to 0 after each handler: fewer states, nothing lost) */
#define CLEAR_MAIN op = 0; t = 0; p = 0; c = 0; st = 0; s = 0; i = 0; a = 0; f = 0; failed = 0
end_serve:
	do
	:: task_ep?op, t, p ->
		atomic {
			if
			:: !alive -> skip   /* (the kernel destroyed the thread that called) */
			:: alive && op == T_MMAP ->   /* filemap_mmap */
				wait_new(W_MMAP, i);
				if
				:: i == NONE -> thr_reply[t]!EBADF   /* -KE_AGAIN */
				:: else ->
					wthr[i] = t;
					post(FS_MAP_FD, COOKIE(i), 0, failed);
					if
					:: failed -> WFREE(i); thr_reply[t]!EBADF
					:: else -> skip   /* k_caller_save: answered by mmap_done */
					fi
				fi
			:: alive && op == T_FAULT && !vma -> proc_end()   /* unmapped: SIGSEGV, no handler */
			:: alive && op == T_FAULT && vma ->   /* file_fault */
				if
				:: pte[p] -> thr_reply[t]!0   /* mapped meanwhile: resume */
				:: else ->
					wait_new(W_PAGEIN, i);
					if
					:: i == NONE -> thr_reply[t]!0   /* every record busy: it faults again */
					:: else ->
						wthr[i] = t; wpage[i] = p;
						post(FS_PAGE_IN, p, COOKIE(i), failed);
						if
						:: failed -> WFREE(i); thr_reply[t]!0
						:: else -> skip   /* answered by page_ready */
						fi
					fi
				fi
			:: alive && op == T_MSYNC ->   /* filemap_msync, MS_SYNC */
				wait_new(W_MSYNC, i);
				failed = 0;
				if
				:: vma && i != NONE -> post(FS_WRITEBACK, 0, COOKIE(i), failed)
				:: vma && i == NONE -> post(FS_WRITEBACK, 0, 0, failed)
				:: else -> skip
				fi;
				if
				:: i != NONE && vma && !failed -> wthr[i] = t; wpend[i] = 1   /* answered by msync_done */
				:: else ->
					if
					:: i != NONE -> WFREE(i)
					:: else -> skip
					fi;
					thr_reply[t]!failed
				fi
			:: alive && op == T_MUNMAP -> unmap_file(); thr_reply[t]!0   /* munmap of it all */
			:: alive && (op == T_EXIT || op == T_KILL) -> proc_end()
			fi;
			CLEAR_MAIN
		}
	:: atomic { vm_ep?VM_FS_PAGE(c, st, s, f) ->   /* fslink_page_ready, filemap.c's page_ready */
			wait_find(c, i);
			if
			:: i != NONE && wkind[i] == W_PAGEIN ->
				t = wthr[i]; p = wpage[i];
				WFREE(i);
				if
				:: !alive -> skip   /* page_in_done: it ended meanwhile (or powered off) */
				:: st != 0 && alive && vma -> proc_end()   /* still mapped: SIGBUS, and no handler:
				                                            * proc_doom, proc_end_doomed */
				:: st != 0 && alive && !vma -> thr_reply[t]!0   /* unmapped meanwhile: resumed,
				                                                 * it faults again (SIGSEGV) */
				:: st == 0 && vma && pte[p] == 0 ->
					/* no frame mapped after it is freed */
					assert(alive && used[s] && sidx[s] == p);
					pte[p] = s + 1; refs[s]++;
					thr_reply[t]!0
				:: st == 0 && alive && !(vma && pte[p] == 0) -> thr_reply[t]!0
				fi
			:: else -> skip   /* stale, forged or unexpected: dropped */
			fi;
			fs_reply[f]!0;
			CLEAR_MAIN
		}
	:: atomic { vm_ep?VM_FS_DONE(c, st, a, f) ->   /* fslink_done */
			wait_find(c, i);
			if
			:: i != NONE && wkind[i] == W_MMAP ->   /* mmap_done */
				t = wthr[i];
				WFREE(i);
				if
				:: !alive && st == 0 -> post(FS_FILE_PUT, 0, 0, failed)
				:: !alive && st != 0 -> skip
				:: alive -> vma = (st == 0); thr_reply[t]!st
				fi
			:: i != NONE && wkind[i] == W_MSYNC ->   /* msync_done: the last write-back */
				wpend[i]--;
				if
				:: wpend[i] == 0 ->
					if
					:: alive -> thr_reply[wthr[i]]!st
					:: else -> skip
					fi;
					WFREE(i)
				:: else -> skip
				fi
			:: i != NONE && wkind[i] == W_SYNC ->   /* shutdown.c's fs_synced: power off */
				WFREE(i);
				power_off()
			:: else -> skip
			fi;
			fs_reply[f]!0;
			CLEAR_MAIN
		}
	:: atomic { vm_ep?VM_FS_PAGE_USERS(s, 0, 0, f) ->   /* main.c: frame_refs - 1 */
		fs_reply[f]!(refs[s] - 1); CLEAR_MAIN }
	:: atomic { vm_ep?VM_FS_UNMAP(a, c, st, f) ->   /* filemap_unmap: pages [a, c); st: cows */
			for (p : a .. c - 1) {
				if
				:: pte[p] -> refs[pte[p] - 1]--; pte[p] = 0
				:: else -> skip
				fi
			}
			fs_reply[f]!0;
			CLEAR_MAIN
		}
	od
}

/* A sender thread of the VM server, of lane l (fslink.c's sender_main): forever, the
 * next request queued on its lane, as a blocking call to that lane's endpoint of the FS
 * server (lane 0: answered when served; lane 1: answered "taken" at once). */
proctype vm_sender(byte l)
{
	mtype m;
	byte a, b, r;
end_idle:
	do
	:: atomic { fsq[l]?m, a, b ->
		if
		:: l == 0 -> main_ep!m, a, b; main_reply?r
		:: l == 1 -> pagein_ep!m, a, b; pagein_reply?r
		fi;
		m = 0; a = 0; b = 0; r = 0 }
	od
}

/* ---- the FS server's side, lib/fcache/fcache.c over servers/fs/pagecache.c ---- */
/* A call to the VM server from the FS server's thread `me` (a local of the caller), and
 * its answer. */
inline vm_call(cm, ca, cb, cc, cr)
{
	vm_ep!cm, ca, cb, cc, me;
	fs_reply[me]?cr
}

/* fs_big (sleeplock.h): take it exclusively; writers go first. (Released by big_w = 0,
 * shared by big_r++ when !big_w && big_ww == 0, let go by big_r--.) */
inline big_lock()
{
	big_ww++;
	atomic { !big_w && big_r == 0 -> big_w = 1; big_ww-- }
}

/* write_slot: copy a maybe-dirty page to the file; asked first whether a mapping uses it,
 * it stays maybe dirty if one does (it may be written again unseen). */
inline write_slot(s)
{
	if
	:: mdirty[s] ->
		vm_call(VM_FS_PAGE_USERS, s, 0, 0, r);
		atomic {
			wdirty[sidx[s]] = 0;   /* the copy: every store so far is in the file */
			mdirty[s] = (r != 0)
		}
	:: else -> skip
	fi
}

/* unlink_slot: the page leaves the cache (it may be reused). */
inline unlink_slot(s)
{
	assert(refs[s] == 1);            /* no mapping uses a freed page */
	assert(!wdirty[sidx[s]]);        /* nothing written to it is lost */
	used[s] = 0
}

/* fc's find: the slot holding page pg of the file, or NONE. */
inline find_slot(pg, s)
{
	s = 0;
	do
	:: s < NSLOT && !(used[s] && sidx[s] == pg) -> s++
	:: s < NSLOT && used[s] && sidx[s] == pg -> break
	:: s == NSLOT -> s = NONE; break
	od
}

/* take_slot: a free page, else by the clock hand one no mapping uses, else one whose
 * mappings the VM server drops first (VM_FS_UNMAP, cows 0); written back first, and
 * reused only if clean. s = NONE if none can be. */
inline take_slot(s)
{
	s = 0;
	do
	:: s < NSLOT && used[s] -> s++
	:: s < NSLOT && !used[s] -> break
	:: s == NSLOT ->
		n = 0;
		do
		:: n < 2 * NSLOT ->
			s = hand; hand = (hand + 1) % NSLOT;
#ifndef BROKEN_REUSE
			if
			:: n < NSLOT -> vm_call(VM_FS_PAGE_USERS, s, 0, 0, r)
			:: else -> vm_call(VM_FS_UNMAP, sidx[s], sidx[s] + 1, 0, r)
			fi;
			n++;
			if
			:: r != 0 -> skip
			:: else ->
				write_slot(s);
				if
				:: !mdirty[s] -> unlink_slot(s); break
				:: else -> skip
				fi
			fi
#else
			/* BROKEN: the page is written back and reused without asking whether a
			 * mapping uses it, or having the VM server drop its mappings first */
			write_slot(s); unlink_slot(s); break
#endif
		:: n == 2 * NSLOT -> s = NONE; break
		od;
		break
	od
}

/* fc_forget: the file is neither open nor mapped: write back, then drop its pages. */
inline forget()
{
	for (s : 0 .. NSLOT - 1) {
		if
		:: used[s] -> write_slot(s); unlink_slot(s)
		:: else -> skip
		fi
	}
}

/* mapping.c's mapping_page_in holding fs_big exclusively (fc_get): page a, cookie c. It
 * looks the file and the page up again: the lock was let go since the worker's look. */
inline page_in_locked(a, c)
{
	if
	:: fmap_refs == 0 -> vm_call(VM_FS_PAGE, c, EBADF, 0, r)   /* FS_FILE_PUT came first */
	:: fmap_refs > 0 && a >= fsize -> vm_call(VM_FS_PAGE, c, EFAULT, 0, r)
	:: fmap_refs > 0 && a < fsize ->
		find_slot(a, s);
		if
		:: s == NONE -> take_slot(s)
		:: else -> skip
		fi;
		if
		:: s == NONE -> vm_call(VM_FS_PAGE, c, ENOMEM, 0, r)
		:: else ->
			atomic {
				if
				:: !used[s] -> used[s] = 1; sidx[s] = a; mdirty[s] = 0   /* read in */
				:: else -> skip
				fi;
				mdirty[s] = 1   /* shared_write */
			}
			vm_call(VM_FS_PAGE, c, 0, s, r)
		fi
	fi
}

/* The FS server's main thread (servers/fs/main.c's loop, mapping.c, files.c, fcache.c):
 * the VM server's lane 0 and other clients, one request at a time, each served holding
 * fs_big exclusively, across its calls to the VM server (each answer to the VM server is
 * a call to it, made before the sender's call returns); fs_big is let go before the reply. */
proctype fs_server(byte me)
{
	mtype m;
	byte a, c, r, s, n, p;
end_serve:
	do
	:: atomic { main_ep?m, a, c -> big_lock();   /* (atomic up to each call to the VM server) */
		if
		:: m == FS_MAP_FD ->   /* do_fs_map_fd (a: the cookie) */
			if
			:: fd_open -> fmap_refs++; vm_call(VM_FS_DONE, a, 0, 0, r)
			:: else -> vm_call(VM_FS_DONE, a, EBADF, 0, r)
			fi
		:: m == FS_WRITEBACK ->   /* do_fs_writeback, fc_writeback (c: the cookie or 0) */
			for (s : 0 .. NSLOT - 1) {
				if
				:: used[s] -> write_slot(s)
				:: else -> skip
				fi
			}
			if
			:: c -> vm_call(VM_FS_DONE, c, 0, 0, r)
			:: else -> skip
			fi
		:: m == FS_FILE_PUT ->   /* do_fs_file_put; files_node_closed */
			fmap_refs--;
			if
			:: fmap_refs == 0 && !fd_open -> forget()
			:: else -> skip
			fi
		:: m == FS_CLIENT_GONE ->   /* do_fs_client_gone: its descriptor closes */
			fd_open = 0;
			if
			:: fmap_refs == 0 -> forget()
			:: else -> skip
			fi
		:: m == FS_SYNC ->   /* do_fs_sync: fc_writeback_all (a: the cookie) */
			for (s : 0 .. NSLOT - 1) {
				if
				:: used[s] -> write_slot(s)
				:: else -> skip
				fi
			}
			vm_call(VM_FS_DONE, a, 0, 0, r)
		fi;
		big_w = 0;
		m = 0; a = 0; c = 0; r = 0; s = 0; n = 0; p = 0;
		main_reply!0 }
	:: atomic { client_ep?a -> big_lock();
	                   /* do_fs_ftruncate to 1 page: the file shrinks, mapped pages past
	                    * its end are dropped everywhere (VM_FS_UNMAP, cows 1), then the
	                    * cached ones (fc_resized): their bytes are gone with the file's */
		fsize = 1;
		if
		:: fmap_refs > 0 -> vm_call(VM_FS_UNMAP, 1, NPG, 1, r)
		:: else -> skip
		fi;
		atomic {
			for (p : 1 .. NPG - 1) {
				wdirty[p] = 0
			}
			for (s : 0 .. NSLOT - 1) {
				if
				:: used[s] && sidx[s] >= 1 -> unlink_slot(s)
				:: else -> skip
				fi
			}
			big_w = 0;
			a = 0; r = 0; s = 0; p = 0
		} }
	od
}

/* A page-in worker of the FS server, thread `me` (servers/fs/pagein.c's worker_main and
 * serve, mapping.c's mapping_page_in): forever, take a page-in (a: the page, c: the
 * cookie) from the VM server's lane 1, answer its sender "taken" at once, then serve it
 * holding fs_big shared: the file's identity may be gone (FS_FILE_PUT, on lane 0, came
 * first: EBADF), the page past the file's end (EFAULT), or cached (fc_peek: marked maybe
 * dirty by an atomic store, and lent); else fs_big is let go and taken exclusively to
 * read it in (page_in_locked). In every case fs_big is held until the VM server has
 * taken the answer: until then no other thread may drop or reuse the page it names. */
proctype fs_worker(byte me)
{
	mtype m;
	byte a, c, r, s, n, p, st;
end_idle:
	do
	:: atomic { (len(pagein_ep) > 0 && (me == 1 || w1busy)) -> pagein_ep?m, a, c;
		w1busy = w1busy || me == 1;
		pagein_reply!0;   /* taken */
		!big_w && big_ww == 0 -> big_r++;   /* sl_read_lock */
		if
		:: fmap_refs == 0 -> st = EBADF
		:: fmap_refs > 0 && a >= fsize -> st = EFAULT   /* (mapping.c finds it on the exclusive pass) */
		:: fmap_refs > 0 && a < fsize ->
			find_slot(a, s);
			if
			:: s != NONE -> mdirty[s] = 1; st = 0   /* fc_peek, shared_write */
			:: else -> st = NONE
			fi
		fi;
		if
		:: st == 0 ->   /* lent: fs_big held until the VM server has taken it */
#ifdef BROKEN_EARLY_UNLOCK
			big_r--   /* BROKEN: fs_big let go first, and the worker preempted before its call */
		:: else -> skip
		fi }
		atomic {
		if
		:: st == 0 -> vm_call(VM_FS_PAGE, c, 0, s, r)
#else
			vm_call(VM_FS_PAGE, c, 0, s, r);
			big_r--
#endif
		:: st != 0 && st != NONE -> vm_call(VM_FS_PAGE, c, st, 0, r); big_r--
		:: st == NONE ->   /* not cached: sl_read_unlock, sl_write_lock */
			big_r--;
			big_lock();
			page_in_locked(a, c);
			big_w = 0
		fi;
		w1busy = w1busy && me != 1;
		m = 0; a = 0; c = 0; r = 0; s = 0; n = 0; p = 0; st = 0 }
	od
}

/* A thread of the task: thread 0 maps the file first; each then faults pages in, stores
 * to mapped pages and msyncs, thread 0 may munmap, and thread 0 ends the task
 * (exit_group). While a thread waits for its reply, the task may end: the kernel
 * destroys the thread. A fault with the mapping gone ends the task (SIGSEGV). */
proctype thread(byte t; chan rep)
{
	byte k, p, s, st;
	xr rep;
	if
	:: t == 0 ->
		task_ep!T_MMAP, t, 0;
		if
		:: rep?st -> if :: st != 0 -> goto out :: else -> skip fi
		:: !alive -> goto gone
		fi
	:: t != 0 -> (vma || !alive); if :: !alive -> goto gone :: else -> skip fi
	fi;
	for (k : 1 .. OPS - t) {   /* thread 1 does one thing less: fewer states */
		p = 0; s = 0; st = 0;
		if
		:: !alive -> goto gone
		:: alive -> select(p : 0 .. NPG - 1);
			if
			:: atomic { alive && pte[p] ->   /* a store through the mapping */
				s = pte[p] - 1;
				assert(used[s] && sidx[s] == p);   /* it holds the page the task means */
				wdirty[p] = 1 }
			:: !alive -> goto gone
			:: atomic { alive && !pte[p] -> task_ep!T_FAULT, t, p }
				if
				:: rep?st
				:: !alive -> goto gone
				fi
			:: alive -> task_ep!T_MSYNC, t, 0;
				if
				:: rep?st
				:: !alive -> goto gone
				fi
			:: t == 0 && alive && vma -> task_ep!T_MUNMAP, t, 0;
				if
				:: rep?st
				:: !alive -> goto gone
				fi
			fi
		fi
	}
out:
	if
	:: t == 0 && alive -> task_ep!T_EXIT, t, 0
	:: else -> skip
	fi;
gone:
	skip
}

/* The task's parent: kills it at some moment, or never. */
proctype parent()
{
	if
	:: task_ep!T_KILL, 0, 0
	:: skip
	fi
}

/* Another client of the FS server: shrinks the file at some moment, or never. */
proctype client()
{
	if
	:: client_ep!1
	:: skip
	fi
}

init
{
	atomic {
		refs[0] = 1;
		if
		:: used[0] = 1; sidx[0] = 0   /* page 0 was read before the task ran */
		:: skip
		fi;
		run vm_main(); run vm_sender(0); run vm_sender(1); run fs_server(0);
		run fs_worker(1); run fs_worker(2);
		run thread(0, thr_reply[0]); run thread(1, thr_reply[1]); run parent(); run client()
	}
}
