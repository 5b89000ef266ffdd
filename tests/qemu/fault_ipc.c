/* fault_ipc.c - fault delivery as IPC, seen from a pager written here: a thread of ours
 * with our endpoint as its pager traps; we receive the fault message (kind, address,
 * pc, cause) and redirect the thread to a handler, which reports back over IPC; replies
 * the kernel refuses (a short redirect, maps with bad words) leave the thread waiting. */
#include "qtest.h"
#include "kcall.h"
#include "abi/fault.h"

#define UNMAPPED 0x3f00000000UL

static char stack1[8192] __attribute__((aligned(16)));
static char stack2[8192] __attribute__((aligned(16)));
static char hstack[8192] __attribute__((aligned(16)));
static long ep;

static void handler(long a0, long a1)
{
	struct msg m = {IPC_TAG(0x77, 0, 2), {(uint64_t)a0, (uint64_t)a1}};
	k_send(ep, &m);
	k_thread_exit();
}

extern char illegal_insn[];
static void worker_illegal(void)
{
	__asm__ volatile(".globl illegal_insn\nillegal_insn: .word 0");
}

static void worker_read(void)
{
	(void)*(volatile long *)UNMAPPED;
}

int main(void)
{
	struct msg m = {0};
	ep = k_endpoint_create();
	long r = k_thread_start(HANDLE_SELF, (uint64_t)worker_illegal, (uint64_t)(stack1 + sizeof stack1), 0, 4, ep);
	QCHECK("thread_start", r == 0, "returned %ld", r);
	long badge = k_recv(ep, &m);
	QCHECK("exception_message", badge == 0 && IPC_TAG_LABEL(m.tag) == FAULT_LABEL_EXCEPTION &&
	       IPC_TAG_WORDS(m.tag) == FAULT_WORDS && m.w[3] == 2 && m.w[2] == (uint64_t)illegal_insn,
	       "label %lx pc %lx cause %lu", (unsigned long)IPC_TAG_LABEL(m.tag), (unsigned long)m.w[2],
	       (unsigned long)m.w[3]);

	m.tag = IPC_TAG(FAULT_REPLY_REDIRECT, 0, 2);
	QCHECK("redirect_needs_4_words", k_reply(0, &m) == -KE_INVAL, "short redirect accepted");
	m.tag = IPC_TAG(FAULT_REPLY_MAP, 0, 3);
	m.w[0] = 60, m.w[1] = 0, m.w[2] = PERM_R;
	QCHECK("map_reply_to_an_exception", k_reply(0, &m) == -KE_INVAL, "a map answered an exception");
	m.tag = IPC_TAG(FAULT_REPLY_REDIRECT, 0, 4);
	m.w[0] = (uint64_t)handler;
	m.w[1] = (uint64_t)(hstack + sizeof hstack);
	m.w[2] = 42;
	m.w[3] = 43;
	badge = k_reply_recv(ep, &m);
	QCHECK("redirected_to_handler", badge == 0 && IPC_TAG_LABEL(m.tag) == 0x77 && m.w[0] == 42 && m.w[1] == 43,
	       "label %lx w %lu %lu", (unsigned long)IPC_TAG_LABEL(m.tag), (unsigned long)m.w[0], (unsigned long)m.w[1]);

	r = k_thread_start(HANDLE_SELF, (uint64_t)worker_read, (uint64_t)(stack2 + sizeof stack2), 0, 4, ep);
	badge = k_recv(ep, &m);
	QCHECK("page_fault_message", r == 0 && IPC_TAG_LABEL(m.tag) == FAULT_LABEL_PAGE && m.w[0] == UNMAPPED &&
	       m.w[1] == FAULT_ACCESS_READ && m.w[3] == 13,
	       "label %lx addr %lx access %lu cause %lu", (unsigned long)IPC_TAG_LABEL(m.tag),
	       (unsigned long)m.w[0], (unsigned long)m.w[1], (unsigned long)m.w[3]);
	/* FAULT_REPLY_MAP's words are checked first, and a refused one leaves the thread
	 * waiting for a reply (the stop below is taken). This task has no memory handle; the
	 * VM server's replies map (pager.c: one fault per page). */
	m.tag = IPC_TAG(FAULT_REPLY_MAP, 0, 2);
	m.w[0] = (uint64_t)ep, m.w[1] = 0, m.w[2] = PERM_R;
	QCHECK("map_reply_needs_3_words", k_reply(0, &m) == -KE_INVAL, "a 2-word map accepted");
	m.tag = IPC_TAG(FAULT_REPLY_MAP, 0, 3);
	QCHECK("map_reply_needs_a_memory_handle", k_reply(0, &m) == -KE_INVAL, "an endpoint mapped");
	m.w[0] = 60;
	QCHECK("map_reply_empty_slot", k_reply(0, &m) == -KE_BADF, "an empty slot mapped");
	m.w[0] = 5000;
	QCHECK("map_reply_slot_out_of_range", k_reply(0, &m) == -KE_BADF, "slot 5000 mapped");
	m.tag = IPC_TAG(0x55, 0, 0);   /* neither resume nor redirect: the thread stops */
	QCHECK("stop_reply", k_reply(0, &m) == 0, "reply refused");
	QCHECK("no_caller_left", k_caller_save() == -KE_NOENT, "the stopped thread is still our caller");
	return qtest_done();
}
