/* timeout.h - deadlines of blocked threads, and the one timer that serves them and the
 * scheduler's slice: the SBI timer is set for whichever comes first. */
#ifndef TIMEOUT_H
#define TIMEOUT_H
#include "object.h"

/* Wake th at time `at` (rdtime ticks) unless disarmed first; th is not armed already. */
void timeout_arm(struct thread *th, uint64_t at);
/* Forget th's deadline, if it has one. */
void timeout_disarm(struct thread *th);
/* The first thread whose deadline is at or before now, disarmed; NULL if none. */
struct thread *timeout_expired(uint64_t now);
/* Set this hart's timer for the end of its slice (struct hart's slice_end) or for the
 * first deadline, whichever is sooner. */
void timeout_program(void);
#endif
