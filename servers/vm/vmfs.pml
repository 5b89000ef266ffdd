/* vmfs.pml - a Promela model of the protocol between the VM server and the FS server for
 * file mappings (docs/protocol.md, "The VM server and the FS server"), checked by spin in
 * `make test` (tests/spin/vmfs.sh).
 *
 * It lives here, beside servers/vm/fslink.c, because the rules it checks are mostly the
 * VM server's: the queue and the sender thread that keep its main thread from ever
 * waiting on the FS server, the cookies of `struct fs_wait`, what a page-in answer may
 * map, and what a task's end posts. The FS side it models is servers/fs/mapping.c,
 * files.c (ftruncate, FS_CLIENT_GONE, FS_SYNC) and lib/fcache/fcache.c.
 *
 * The world: one task with two threads and one MAP_SHARED, PROT_WRITE mapping of one
 * file of NPG pages; a page cache of NSLOT pages (fewer than the file's, so a page-in may
 * have to take a page back from a mapping); a client of the FS server that may shrink the
 * file; and a parent that may kill the task at any time. The task is init: its end
 * powers the system off after FS_SYNC. Several page-ins are in flight at once (one per
 * thread), and the task may end while they are.
 *
 * What is checked:
 *   - no deadlock: spin's invalid end states (every process ends, or waits where the
 *     real one may wait forever: a server in its receive, the sender on an empty queue);
 *   - every request answered: a thread of a live task waiting for its reply is an invalid
 *     end state, and at power-off no fs_wait record is left but FS_SYNC's own;
 *   - no frame mapped after it is freed: a page-in answer maps only into a live task, and
 *     only a cache page that holds that page of the file; a cache page is dropped or
 *     reused only when no mapping uses it; every store of the task goes to a cache page
 *     that holds the page it means;
 *   - no lost write: a page is dropped from the cache only after the task's stores to it
 *     reached the file (or the file was cut below them), and at power-off every store
 *     is in the file.
 *
 * What is abstracted away: page contents (a ghost bit per page says "its newest bytes
 * are only in the cache"), addresses, sizes and offsets (pages are numbered), private
 * mappings and their copies, fault-around (with NSLOT 1 no neighbour is ever cached),
 * mlock (VM_FS_UNMAP never says EBUSY), read()/write() of the file (they only go through
 * the cache), I/O errors, other tasks and fork, and the FS server's own faults (it has
 * none). A handler of the VM server runs to its end before the next call is received,
 * and the FS server's work between two calls is one step: both are higher priority than
 * the task on the one hart, and neither touches the other's state but by a call.
 *
 * Run it: spin -a servers/vm/vmfs.pml && cc -O2 -DSAFETY -DCOLLAPSE -o pan pan.c && ./pan -m100000
 * (about 6.7 million states, 13 s on one core, 440 MB)
 * A broken variant, which spin must reject: spin -DBROKEN_REUSE -a ... (see below).
 */

/* The messages of the exchange, named as proto/fs.def and proto/vm.def name them (and
 * tests/spin/vmfs.sh checks they are exactly those). */
mtype = { FS_MAP_FD, FS_PAGE_IN, FS_WRITEBACK, FS_FILE_PUT, FS_SYNC, FS_CLIENT_GONE,
          VM_FS_PAGE, VM_FS_DONE, VM_FS_PAGE_USERS, VM_FS_UNMAP };

#define NPG    2     /* pages of the file */
#define NSLOT  1     /* pages of the cache */
#define NW     3     /* fs_wait records (fslink.c's MAX_WAITS) */
#define QLEN   8     /* fslink.c's queue (QUEUE_LEN) */
#define OPS    2     /* what each thread does before it stops */
#define NONE   255
#define EFAULT 14
#define EBADF  9

/* What a task's thread asks of the VM server (not part of the exchange): its calls and
 * its page fault; the parent's VM_KILL. */
#define T_MMAP  1
#define T_FAULT 2
#define T_MSYNC 3
#define T_EXIT  4
#define T_KILL  5

/* The channels. An IPC call is a message on the callee's endpoint and a wait on a reply
 * channel of the caller's. */
chan task_ep = [3] of { byte, byte, byte };               /* op, thread, page: to the VM server */
chan vm_ep = [1] of { mtype, byte, byte, byte };          /* from the FS server to the VM server */
chan fs_reply = [1] of { byte };                          /* the VM server's reply to the FS server */
chan fsq = [QLEN] of { mtype, byte, byte };               /* fslink.c's queue: label, words */
chan fs_ep = [1] of { mtype, byte, byte };                /* the sender's k_call to the FS server */
chan sender_reply = [1] of { byte };
chan client_ep = [1] of { byte };                         /* another client's FS_FTRUNCATE */
chan thr_reply[2] = [1] of { byte };                      /* a thread's (saved) reply */

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

/* fslink_post: 0 (ok) or 1 (the queue is full: -KE_AGAIN), never waiting. */
inline post(pm, pa, pb, pfailed)
{
	if
	:: len(fsq) < QLEN -> fsq!pm, pa, pb; pfailed = 0
	:: else -> pfailed = 1
	fi
}

/* k_poweroff: every request was answered (no record left but FS_SYNC's, now freed), and
 * every store of the task is in the file. */
inline power_off()
{
	for (i : 0 .. NW - 1) {
		assert(wkind[i] == W_FREE)
	}
	for (p : 0 .. NPG - 1) {
		assert(!wdirty[p])
	}
	poweredoff = 1
}

/* proc_end (proc.c): FS_CLIENT_GONE, then vm_mm_destroy: the shared writable mapping's
 * write-back (filemap.c's file_unmapping), its pages dropped, its file reference put;
 * then, the task being init, shutdown_after_sync's FS_SYNC. Records in flight stay:
 * their answers find the task gone. */
inline proc_end()
{
	alive = 0;
	post(FS_CLIENT_GONE, 0, 0, failed);
	if
	:: vma ->
		post(FS_WRITEBACK, 0, 0, failed);   /* failure ignored, as in file_unmapping */
		for (p : 0 .. NPG - 1) {
			if
			:: pte[p] -> refs[pte[p] - 1]--; pte[p] = 0
			:: else -> skip
			fi
		}
		vma = 0;
		post(FS_FILE_PUT, 0, 0, failed)
	:: else -> skip
	fi;
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

/* The VM server's main thread (servers/vm/main.c's loop; filemap.c's fault, mmap, msync
 * and their completions; proc.c's proc_end; shutdown.c). It never waits but in its
 * receive: everything it asks of the FS server is posted to fslink.c's queue. */
proctype vm_main()
{
	byte op, t, p, c, st, s, i, a;
	bool failed;
	/* (locals back to 0 after each handler: fewer states, nothing lost) */
#define CLEAR_MAIN op = 0; t = 0; p = 0; c = 0; st = 0; s = 0; i = 0; a = 0; failed = 0
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
			:: alive && op == T_FAULT ->   /* file_fault */
				assert(vma);
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
			:: alive && (op == T_EXIT || op == T_KILL) -> proc_end()
			fi;
			CLEAR_MAIN
		}
	:: vm_ep?VM_FS_PAGE(c, st, s) ->   /* fslink_page_ready, filemap.c's page_ready */
		atomic {
			wait_find(c, i);
			if
			:: i != NONE && wkind[i] == W_PAGEIN ->
				t = wthr[i]; p = wpage[i];
				WFREE(i);
				if
				:: !alive -> skip   /* page_in_done: it ended meanwhile */
				:: st != 0 && alive -> proc_end()   /* SIGBUS, and no handler: proc_doom, proc_end_doomed */
				:: st == 0 && vma && pte[p] == 0 ->
					/* no frame mapped after it is freed */
					assert(alive && used[s] && sidx[s] == p);
					pte[p] = s + 1; refs[s]++;
					thr_reply[t]!0
				:: st == 0 && alive && !(vma && pte[p] == 0) -> thr_reply[t]!0
				fi
			:: else -> skip   /* stale, forged or unexpected: dropped */
			fi;
			fs_reply!0;
			CLEAR_MAIN
		}
	:: vm_ep?VM_FS_DONE(c, st, a) ->   /* fslink_done */
		atomic {
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
			fs_reply!0;
			CLEAR_MAIN
		}
	:: vm_ep?VM_FS_PAGE_USERS(s, 0, 0) ->   /* main.c: frame_refs - 1 */
		atomic { fs_reply!(refs[s] - 1); CLEAR_MAIN }
	:: vm_ep?VM_FS_UNMAP(a, c, st) ->   /* filemap_unmap: pages [a, c); st: cows */
		atomic {
			for (p : a .. c - 1) {
				if
				:: pte[p] -> refs[pte[p] - 1]--; pte[p] = 0
				:: else -> skip
				fi
			}
			fs_reply!0;
			CLEAR_MAIN
		}
	od
}

/* The VM server's sender thread (fslink.c's sender_main): forever, the next queued
 * request, as a blocking call to the FS server. */
proctype vm_sender()
{
	mtype m;
	byte a, b, r;
end_idle:
	do
	:: atomic { fsq?m, a, b -> fs_ep!m, a, b }
		atomic { sender_reply?r; m = 0; a = 0; b = 0; r = 0 }
	od
}

/* ---- the FS server's side, lib/fcache/fcache.c over servers/fs/pagecache.c ---- */
/* A call to the VM server from the FS server, and its answer. */
inline vm_call(cm, ca, cb, cc, cr)
{
	vm_ep!cm, ca, cb, cc;
	fs_reply?cr
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

/* The FS server (servers/fs/main.c's loop, mapping.c, files.c, fcache.c): one thread,
 * serving the VM server's sender and other clients one request at a time; each answer to
 * the VM server is a call to it, made before the sender's call returns. */
proctype fs_server()
{
	mtype m;
	byte a, c, r, s, n, p;
end_serve:
	do
	:: atomic { fs_ep?m, a, c ->   /* (atomic up to each call to the VM server) */
		if
		:: m == FS_MAP_FD ->   /* do_fs_map_fd (a: the cookie) */
			if
			:: fd_open -> fmap_refs++; vm_call(VM_FS_DONE, a, 0, 0, r)
			:: else -> vm_call(VM_FS_DONE, a, EBADF, 0, r)
			fi
		:: m == FS_PAGE_IN ->   /* do_fs_page_in, fc_get (a: the page, c: the cookie) */
			assert(fmap_refs > 0);
			if
			:: a >= fsize -> vm_call(VM_FS_PAGE, c, EFAULT, 0, r)
			:: else ->
				s = 0;
				do
				:: s < NSLOT && !(used[s] && sidx[s] == a) -> s++
				:: s < NSLOT && used[s] && sidx[s] == a -> break
				:: s == NSLOT -> take_slot(s); break
				od;
				if
				:: s == NONE -> vm_call(VM_FS_PAGE, c, 12, 0, r)   /* ENOMEM */
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
		sender_reply!0;
		m = 0; a = 0; c = 0; r = 0; s = 0; n = 0; p = 0 }
	:: atomic { client_ep?a ->   /* do_fs_ftruncate to 1 page: the file shrinks, mapped pages past
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
			a = 0; r = 0; s = 0; p = 0
		} }
	od
}

/* A thread of the task: thread 0 maps the file first; each then faults pages in, stores
 * to mapped pages and msyncs, and thread 0 ends the task (exit_group). While a thread
 * waits for its reply, the task may end: the kernel destroys the thread. */
proctype thread(byte t)
{
	byte k, p, s, st;
	if
	:: t == 0 ->
		task_ep!T_MMAP, t, 0;
		if
		:: thr_reply[t]?st -> if :: st != 0 -> goto out :: else -> skip fi
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
				:: thr_reply[t]?st
				:: !alive -> goto gone
				fi
			:: alive -> task_ep!T_MSYNC, t, 0;
				if
				:: thr_reply[t]?st
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
		run vm_main(); run vm_sender(); run fs_server();
		run thread(0); run thread(1); run parent(); run client()
	}
}
