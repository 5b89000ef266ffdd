/* trace.h - optional record of every IPC, for the trace tool (scripts/ktrace.c).
 * Built in only with `make KTRACE=1`; otherwise every hook compiles to nothing, so
 * tracing off costs nothing on the IPC path. */
#ifndef TRACE_H
#define TRACE_H
#include "object.h"

enum trace_kind { TR_CALL = 1, TR_SEND, TR_REPLY, TR_FAULT, TR_TASK };

#ifdef KTRACE
/* Record a message that was just delivered from `from` to `to` (words read from to's
 * registers). */
void trace_ipc(enum trace_kind kind, const struct thread *from, const struct thread *to, uint64_t tag);
void trace_task(const struct task *t);
/* Print every record on the console ("ktrace:" lines), oldest first. */
void trace_dump(void);
#else
#define trace_ipc(kind, from, to, tag) ((void)0)
#define trace_task(t) ((void)0)
#define trace_dump() ((void)0)
#endif
#endif
