/* shared_futex.pml - a Promela model of the futexes without FUTEX_PRIVATE_FLAG
 * (servers/vm/shared_futex.c, lib/linux/lx_futex.c's shared_wait), checked by spin in
 * `make test` (tests/spin/shared_futex.sh).
 *
 * It lives here, beside shared_futex.c, because the rule it checks is the VM server's:
 * the word is checked and the waiter queued in one request, so that a wake which follows
 * a change of the word finds the waiter, and a wake signals the waiter's notification
 * before it takes the waiter off, so that a cancel which finds the waiter gone knows a
 * bit is there to take.
 *
 * The world: NW waiter threads (in different processes: nothing of theirs is shared but
 * the word and the VM server) and one waker, as glibc's process-shared semaphore: the
 * waker sets the word, then wakes everyone; a waiter waits while the word is 0. A waiter
 * checks the word itself first (the personality's check_word), asks VM_FUTEX_WAIT, and
 * then waits on its notification, which may also end by a timeout or a signal (a bounded
 * number of times: a real one ends only so often), after which it asks VM_FUTEX_CANCEL
 * and, if a wake took it off first, takes the wake's bit. Every request to the VM server
 * is handled to its end before the next (one thread serves them all).
 *
 * What is checked:
 *   - no lost wake: every waiter ends (spin's invalid end states: a waiter asleep on its
 *     notification with the waker gone is one);
 *   - nothing left behind: when a waiter ends it is in no queue and its notification
 *     holds no stale bit (which would end its next wait at once).
 *
 * What is abstracted away: addresses and keys (one word, one key), the bitset (every
 * wake matches), requeue, the number to wake (all), the order of the queue, the handle
 * copy of the notification (it always succeeds), EFAULT and ENOMEM.
 *
 * BROKEN_NO_RECHECK: the VM server queues without checking the word again, so a wake
 * between the personality's check and the queueing finds nobody: spin must find the
 * waiter asleep forever.
 *
 * Run it: spin -a servers/vm/shared_futex.pml && cc -O2 -DSAFETY -o pan pan.c && ./pan */

mtype = { VM_FUTEX_WAIT, VM_FUTEX_WAKE, VM_FUTEX_CANCEL };

#define NW      2           /* waiter threads */
#define CUTS    1           /* timeouts or signals a waiter may have */
#define EAGAIN  11

byte word = 0;              /* the futex word, in memory the processes share */
bool queued[NW];            /* the VM server's queue of waiters */
bool notif[NW];             /* each waiter's notification: the wake's bit (SHARED_FUTEX_WOKEN) */
chan vm = [0] of { mtype, byte };          /* a request and the caller (NW: the waker) */
chan answer[NW + 1] = [0] of { byte };     /* its reply */

/* The VM server: one request at a time, each to its end. */
active proctype vm_server()
{
	mtype m;
	byte t, i;
end:	do
	:: vm ? m, t ->
		if
		:: m == VM_FUTEX_WAIT ->
			atomic {
#ifdef BROKEN_NO_RECHECK
				queued[t] = 1;
				answer[t] ! 0
#else
				if
				:: word != 0 -> answer[t] ! EAGAIN
				:: else -> queued[t] = 1; answer[t] ! 0
				fi
#endif
			}
		:: m == VM_FUTEX_WAKE ->
			atomic {
				i = 0;
				do
				:: i < NW && queued[i] -> notif[i] = 1; queued[i] = 0; i++   /* the bit first */
				:: i < NW && !queued[i] -> i++
				:: i == NW -> break
				od;
				answer[t] ! 0
			}
		:: m == VM_FUTEX_CANCEL ->
			atomic {
				if
				:: queued[t] -> queued[t] = 0; answer[t] ! 1
				:: else -> answer[t] ! 0
				fi
			}
		fi
	od
}

/* A waiter: waits while the word is 0 (sem_wait's loop around FUTEX_WAIT). */
proctype waiter(byte me)
{
	byte r, cuts = CUTS;
	do
	:: word != 0 -> break                        /* the word changed: done */
	:: word == 0 ->                              /* check_word saw 0 */
		vm ! VM_FUTEX_WAIT, me;
		answer[me] ? r;
		if
		:: r == EAGAIN -> skip                   /* it changed meanwhile: look again */
		:: r == 0 ->
			if
			:: atomic { notif[me] -> notif[me] = 0 }   /* woken */
			:: cuts > 0 ->                       /* a timeout or a signal came first */
				cuts--;
				vm ! VM_FUTEX_CANCEL, me;
				answer[me] ? r;
				if
				:: r == 1 -> skip                /* still queued: taken off */
				:: r == 0 ->                     /* a wake took it first: its bit is there */
					assert(notif[me]);
					notif[me] = 0
				fi
			fi
		fi
	od;
	assert(!queued[me] && !notif[me])
}

/* The waker: sem_post's store, then a wake of everyone. */
proctype waker()
{
	byte r;
	word = 1;
	vm ! VM_FUTEX_WAKE, NW;
	answer[NW] ? r
}

init
{
	atomic {
		run waiter(0);
		run waiter(1);
		run waker()
	}
}
