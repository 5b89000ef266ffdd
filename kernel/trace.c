/* trace.c - the IPC trace ring. Each record holds the instret timestamp, both ends
 * (task id and thread slot), the tag and the first four words; a full ring keeps the
 * newest records and counts what it dropped. */
#ifdef KTRACE
#include "trace.h"
#include "console.h"
#include "riscv.h"
#include "abi/syscall.h"

#define TRACE_RECORDS 4096

struct trace_rec {
	uint64_t instret, tag, w[4];
	uint16_t from_task, from_thread, to_task, to_thread;
	uint8_t kind;
};

static struct trace_rec ring[TRACE_RECORDS];
static uint64_t head;   /* records ever written */

static struct trace_rec *next_rec(enum trace_kind kind)
{
	struct trace_rec *r = &ring[head++ % TRACE_RECORDS];
	r->instret = csr_read(instret);
	r->kind = (uint8_t)kind;
	return r;
}

void trace_ipc(enum trace_kind kind, struct trace_end from, struct trace_end to, uint64_t tag,
               const uint64_t mr[4])
{
	struct trace_rec *r = next_rec(kind);
	r->from_task = from.task;
	r->from_thread = from.thread;
	r->to_task = to.task;
	r->to_thread = to.thread;
	r->tag = tag;
	for (int i = 0; i < 4; i++)
		r->w[i] = i < (int)IPC_TAG_WORDS(tag) ? mr[i] : 0;
}

void trace_task(uint16_t id, const char name[16])
{
	struct trace_rec *r = next_rec(TR_TASK);
	r->from_task = r->to_task = id;
	r->tag = 0;
	for (int i = 0; i < 16; i++)
		((char *)r->w)[i] = name[i];
}

void trace_dump(void)
{
	uint64_t first = head > TRACE_RECORDS ? head - TRACE_RECORDS : 0;
	kprintf("ktrace: begin %lu records, %lu dropped\n", head - first, first);
	for (uint64_t i = first; i < head; i++) {
		const struct trace_rec *r = &ring[i % TRACE_RECORDS];
		kprintf("ktrace: %u %lx %u %u %u %u %lx %lx %lx %lx %lx\n", r->kind, r->instret,
		        r->from_task, r->from_thread, r->to_task, r->to_thread, r->tag,
		        r->w[0], r->w[1], r->w[2], r->w[3]);
	}
	kprintf("ktrace: end\n");
}
#endif
