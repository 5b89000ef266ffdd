/* populate.h - MAP_POPULATE and mlock of file mappings. Anonymous pages are populated at
 * once; file pages must come from the FS server, so the request that asked for them is
 * answered only when they are in, as Linux returns from mlock() only once the pages are
 * resident. The pages are asked for a few at a time (FS_PAGE_IN without a waiting thread)
 * and each answer asks for the next. */
#ifndef VM_POPULATE_H
#define VM_POPULATE_H
#include "proctab.h"
#include "kcall.h"

/* A request of p that may populate is about to run. */
void populate_begin(struct proc *p);
/* Bring in the file pages of p in [start, end) that have none (the environment's populate
 * hook, for file VMAs: the file type's populate function). */
void populate_file_range(struct proc *p, uint64_t start, uint64_t end);
/* The request ran and its reply is *reply: 1 if file pages are still coming, the reply
 * then being kept and sent with token (0: the current caller, saved now) when they are
 * in; 0 if it may be sent now. */
int populate_end(long token, const struct msg *reply);
/* One of the pages asked for under cookie came in (or could not). */
void populate_page_done(uint64_t cookie);
#endif
