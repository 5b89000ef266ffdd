/* fuzz/requests.h - random requests to the servers, made from the message descriptions
 * that lib/proto/describe.c generates from every .def in lib/include/proto (proto_all()):
 * a message added to a .def is fuzzed with no new code. Each request has a label of the
 * table (now and then an unknown one), mostly the right number of words, each word
 * chosen by its field's name (fuzz/values.h), and a buffer: empty, paths, records with
 * real descriptors, random bytes, exactly full, or too long. It goes to the server of
 * its protocol ("fs": the FS server; any other: the VM server), sometimes to the wrong
 * one or to our own echo thread, mostly as a call, sometimes as a send.
 *
 * What is never sent, or only confined (the rule: nothing that would rightly end or stop
 * this task, end the system, wait for what never comes, or reach outside the fuzzers):
 *   VM_EXIT, VM_STOP            end or stop the caller;
 *   VM_POWEROFF                 ends the system (any task may);
 *   VM_MLOCKALL                 as root it brings in all that is mapped, a break moved
 *                               into the arena's heights too, and the task is ended for
 *                               the memory (as the Linux fuzzer leaves mlockall out);
 *   fault.def                   the kernel's to send: the VM server cannot tell a forged
 *                               fault from a real one (by design, the badge is the task's),
 *                               and one it cannot resolve rightly ends the caller;
 *   FS_TTY_OPEN                 its descriptor would let random bytes and termios onto the
 *                               console that carries every fuzzer's report;
 *   FS_POLL                     never with wait (nothing would ever be ready);
 *   VM_WAIT4                    always with VM_WAIT4_EXITED: the only children a fuzzer has
 *                               are forks that fault at once, which never stop;
 *   VM_OVERCOMMIT               only reads (policy -1): the policy is the whole system's;
 *   VM_SIGACTION                the trampoline 0 (the default) or one the server must
 *                               refuse: a fault or a signal to ourselves would send us to
 *                               a random pc, as a fork's child below;
 *   VM_SIGNAL, VM_SIGQUEUE      to others only signal 0 or invalid ones; to ourselves any
 *                               but SIGKILL;
 *   VM_FORK                     the child starts at fz_fork_exit, which ends it with
 *                               VM_EXIT at once, or at a pc the server must refuse (random
 *                               code could run or wait for ever, and a vfork with it);
 *   VM_MADVISE                  no further than the arena's end (or the first page's,
 *                               or one page from an address past the arena): as Linux's,
 *                               it goes on past holes, and MADV_DONTNEED would discard
 *                               our stack (from BOOTINFO_VA it did, in the long run).
 * Paths that create, write or remove lie under /tmp/fz and /dev/shm/fz (the root is
 * read-only), which the coordinator removes afterwards; no path names an executable, so
 * VM_SPAWN_FD and VM_EXECVE never start a program. */
#ifndef FUZZ_REQUESTS_H
#define FUZZ_REQUESTS_H
#include "values.h"
#include "proto/describe.h"
#include "proto/vm_msgs.h"
#include "proto/fs_msgs.h"
#include "abi/fault.h"

static long fz_echo_ep;   /* our echo thread's endpoint (fuzz/kcalls.h) */
static char fz_echo_buf[IPC_BUF_MAX] __attribute__((aligned(4096)));   /* ... its IPC buffer */

/* The kernel copies messages only into IPC buffer pages mapped writable: write ours (a
 * fork left them copy-on-write, as the Linux personality's lx_ipc_buffer_own knows). */
static void fz_own_buffers(void)
{
	((volatile char *)__ipc_buffer)[0] = 0;
	((volatile char *)fz_echo_buf)[0] = 0;
}

static const char *const fz_paths[] = {
	"/", "/etc", "/etc/motd", "/etc/rc", "/bin", "/bin/", "/dev", "/dev/null", "/dev/zero", "/nothere",
	"/etc/rc/x", "/tmp", "/tmp/", "/dev/shm", "", ".", "..", "//", "/tmp/fz", "/tmp/fz/a", "/tmp/fz/b",
	"/tmp/fz/d", "/tmp/fz/d/", "/tmp/fz/d/e", "/tmp/fz/d/e/f", "/tmp/fz/a/x", "/tmp/fz/../fz/b",
	"/tmp/fz/d/../a", "/dev/shm/fz", "/dev/shm/fz/a", "/dev/shm/fz/d", "/dev/shm/fz/d/e", "/tmp/fz/nothere/x",
};

_Static_assert(SYS_CALL == 3 && TH_VM_EP == 0 && VM_EXIT == 0x100, "fz_fork_exit's numbers");
/* A fork's child: VM_EXIT(0, 0) to the VM server, touching no memory. */
__asm__(".pushsection .text\n"
        "fz_fork_exit:\n"
        "	li a0, 0\n"
        "	li a1, 0x10000002\n"   /* IPC_TAG(VM_EXIT, 0, 2) */
        "	li a2, 0\n"
        "	li a3, 0\n"
        "	li a7, 3\n"
        "	ecall\n"
        "	j fz_fork_exit\n"
        ".popsection\n");
void fz_fork_exit(void);

static int fz_excluded(uint64_t label)
{
	return label == VM_EXIT || label == VM_STOP || label == VM_POWEROFF || label == FAULT_LABEL_PAGE ||
	       label == FAULT_LABEL_EXCEPTION || label == FS_TTY_OPEN || label == VM_MLOCKALL;
}

/* A path into the IPC buffer at off: one of the list, or a long one; its length. */
static size_t fz_put_path(size_t off)
{
	char *b = (char *)IPC_BUFFER + off;
	if (fz_pick(16) == 0) {   /* past PATH_MAX, under the scratch directory */
		size_t n = 0;
		memcpy(b, "/tmp/fz/", 8);
		for (n = 8; n < 3000 && off + n + 2 < IPC_BUF_MAX; n += 2)
			b[n] = 'a', b[n + 1] = '/';
		b[n] = 0;
		return n + 1;
	}
	const char *p = ONE_OF(fz_paths);
	size_t n = strlen(p) + 1;
	memcpy(b, p, n);
	return n;
}

/* Fill the IPC buffer; the byte count for the tag (more than IPC_BUF_MAX at times). */
static uint64_t fz_buffer(void)
{
	uint64_t *w = (uint64_t *)IPC_BUFFER;
	size_t n;
	switch (fz_pick(10)) {
	case 0: case 1: case 2: return 0;
	case 3: case 4: return fz_put_path(0);
	case 5: n = fz_put_path(0); return n + fz_put_path(n);   /* rename: two paths */
	case 6:                                                    /* records: {fd, events} */
		n = fz_pick(9);
		for (size_t i = 0; i < n; i++)
			w[2 * i] = (uint64_t)fz_fd(), w[2 * i + 1] = fz_pick(2) ? 0x5 : fz_edge();
		return fz_pick(4) ? 16 * n : fz_pick(IPC_BUF_MAX + 1);
	case 7:                                                    /* random bytes */
		n = fz_pick(4) ? fz_pick(64) : fz_pick(IPC_BUF_MAX + 1);
		for (size_t i = 0; i < n / 8 + 1; i++)
			w[i] = fz_rnd();
		return n;
	case 8: memset(IPC_BUFFER, 'z', IPC_BUF_MAX); return IPC_BUF_MAX;   /* no NUL anywhere */
	default: return fz_pick(2) ? IPC_BUF_MAX + 1 + fz_pick(100) : 0x1fff;   /* the tag's most */
	}
}

/* Confine a request as the header says (m->w laid out as the message's fields). */
static void fz_confine(const struct proto_desc *d, struct msg *m)
{
	switch (d->label) {
	case FS_POLL: m->w[1] = 0; break;
	case VM_WAIT4: m->w[1] |= VM_WAIT4_EXITED; break;
	case VM_FORK: m->w[0] = fz_pick(4) ? (uint64_t)fz_fork_exit : USER_TOP + fz_pick(2); break;
	case VM_MADVISE: {   /* it goes on past holes: never as far as a page of ours */
		uint64_t a = m->w[0], arena_end = ARENA_VA + ARENA_PAGES * PAGE_SIZE;
		uint64_t end = a < ARENA_VA ? 0x10000 : a < arena_end ? arena_end :
		               a < USER_STACK_TOP ? a + PAGE_SIZE : a;
		if (a < end && m->w[1] > end - a)
			m->w[1] = end - a;
		break;
	}
	case VM_OVERCOMMIT: m->w[0] = (uint64_t)-1; break;
	case VM_SIGACTION: m->w[1] = fz_pick(2) ? 0 : USER_TOP + fz_pick(2); break;
	case VM_SIGNAL: case VM_SIGQUEUE:
		if (m->w[0] == (uint64_t)fz_pid)
			m->w[1] = m->w[1] == 9 ? 10 : m->w[1];
		else if (m->w[1] && m->w[1] <= 64)
			m->w[1] = fz_pick(2) ? 0 : 65 + fz_pick(1000);
		break;
	}
}

/* Confine a message about to go out with label as the message of that label, whichever
 * description its words were made for: a label changed to a neighbour's or a random one
 * (here and in fuzz/kcalls.h) may name VM_FORK, say, whose child would otherwise start
 * at a random pc and run the program's code with random registers (rounds of the
 * 10 million-call run ended at random pcs so). */
static void fz_confine_label(uint64_t label, struct msg *m)
{
	const struct proto_desc *d = proto_lookup(label);
	if (d)
		fz_confine(d, m);
}

/* The outcome of one request, for the checks: */
enum fz_outcome {
	FZ_ANSWERED,      /* a reply came (label 0 or an errno) */
	FZ_REFUSED,       /* the kernel refused the tag we made invalid on purpose */
	FZ_WRONG,         /* anything else: the kernel or a server misbehaved */
};

/* Make one random request; *why says what went wrong for FZ_WRONG. */
static enum fz_outcome fz_request(char *why, size_t whylen)
{
	size_t n;
	const struct proto_desc *all = proto_all(&n), *d;
	do
		d = &all[fz_pick(n)];
	while (fz_excluded(d->label));
	uint64_t label = fz_pick(32) ? d->label : fz_pick(2) ? d->label + 1 : fz_rnd() & 0xfffffffffffUL;
	uint64_t words = fz_pick(10) ? d->nreq : fz_pick(10);
	struct msg m = {0, {0}};
	fz_room = ~0UL;
	for (unsigned i = 0; i < d->nreq; i++)
		m.w[i] = fz_word(d->req[i].name);
	for (unsigned i = d->nreq; i < IPC_MAX_WORDS; i++)
		m.w[i] = fz_edge();
	if (label != d->label && fz_excluded(label))
		label = d->label;
	fz_confine_label(label, &m);
	uint64_t bytes = fz_buffer();
	m.tag = IPC_TAG(label, bytes, words);
	int bad_tag = words > IPC_MAX_WORDS || bytes > IPC_BUF_MAX;
	long ep = strcmp(d->proto, "fs") ? TH_VM_EP : TH_FS_EP;
	switch (fz_pick(32)) {
	case 0: ep = ep == TH_VM_EP ? TH_FS_EP : TH_VM_EP; break;
	case 1: ep = fz_echo_ep; break;
	}
	int send = fz_pick(20) == 0;
	if (FUZZ_TRACE)
		printf("fz %ld: %s %s tag %lx to %ld: %lx %lx %lx %lx %lx %lx\n", fz_pid, send ? "send" : "call", d->name,
		       (unsigned long)m.tag, ep, (unsigned long)m.w[0], (unsigned long)m.w[1], (unsigned long)m.w[2],
		       (unsigned long)m.w[3], (unsigned long)m.w[4], (unsigned long)m.w[5]);
	long r = send ? k_send(ep, &m) : k_call(ep, &m);
	if (label == VM_FORK)
		fz_own_buffers();
	if (bad_tag)
		return r == -KE_INVAL ? FZ_REFUSED
		                      : (snprintf(why, whylen, "tag %lx: %ld, not EINVAL", (unsigned long)m.tag, r), FZ_WRONG);
	if (r == -KE_FAULT) {
		/* An IPC buffer (ours or the echo thread's) not mapped writable: a fork sent
		 * (not called) may have made them copy-on-write after we took them back, on
		 * another hart; the kernel does not fault buffers in. Take them back again. */
		fz_own_buffers();
		return FZ_REFUSED;
	}
	if (r < 0) {
		snprintf(why, whylen, "%s (tag %lx) to slot %ld: %ld", d->name, (unsigned long)m.tag, ep, r);
		return FZ_WRONG;
	}
	if (send || ep == fz_echo_ep)
		return FZ_ANSWERED;
	uint64_t l = IPC_TAG_LABEL(m.tag);
	if (l > 133) {   /* a reply's label is 0 or an errno */
		snprintf(why, whylen, "%s: reply label %lu", d->name, (unsigned long)l);
		return FZ_WRONG;
	}
	if (l == 0 && label == d->label && words == d->nreq)   /* descriptors it gave us */
		for (unsigned i = 0; i < d->nrep && i < IPC_TAG_WORDS(m.tag); i++) {
			size_t k = strlen(d->rep[i].name);
			if (k >= 2 && !strcmp(d->rep[i].name + k - 2, "fd") && (int64_t)m.w[i] >= 0)
				fz_fds[fz_nfds < 16 ? fz_nfds++ : (int)fz_pick(16)] = (long)m.w[i];
		}
	return FZ_ANSWERED;
}
#endif
