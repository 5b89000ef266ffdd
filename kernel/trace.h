/* trace.h - optional record of every IPC, for the trace tool (scripts/ktrace.c).
 * Built in only with `make KTRACE=1`; otherwise every hook compiles to nothing, so
 * tracing off costs nothing on the IPC path. The trace knows no kernel object: callers
 * pass plain numbers (task ids, thread slots, words), so any file may call it and it
 * calls only the console. */
#ifndef TRACE_H
#define TRACE_H
#include <stdint.h>

enum trace_kind { TR_CALL = 1, TR_SEND, TR_REPLY, TR_FAULT, TR_TASK };

/* One end of a message: the task's id and the thread's slot in the thread table. */
struct trace_end {
	uint16_t task, thread;
};

#ifdef KTRACE
/* Record a message just delivered from `from` to `to`: its tag and, of the four words at
 * `mr` (the receiver's MR0-MR3), as many as the tag says it carries. */
void trace_ipc(enum trace_kind kind, struct trace_end from, struct trace_end to, uint64_t tag,
               const uint64_t mr[4]);
/* Record a new task's id and name (16 bytes, so the tool can name dead tasks too). */
void trace_task(uint16_t id, const char name[16]);
/* Print every record on the console ("ktrace:" lines), oldest first. */
void trace_dump(void);
#else
#define trace_ipc(kind, from, to, tag, mr) ((void)0)
#define trace_task(id, name) ((void)0)
#define trace_dump() ((void)0)
#endif
#endif
