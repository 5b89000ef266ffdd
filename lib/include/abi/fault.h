/* abi/fault.h - the message the kernel sends to a thread's pager when it traps.
 *
 * The faulting thread is blocked as if it had made a call; the pager's reply decides:
 *   FAULT_REPLY_RESUME    retry the instruction (after the pager fixed the mapping)
 *   FAULT_REPLY_REDIRECT  continue at MR0 with sp = MR1, a0 = MR2, a1 = MR3 (a handler)
 *   anything else         the thread is stopped (the pager usually destroys the task)
 * The badge is the one on the pager handle given at thread start: it names the task.
 */
#ifndef ABI_FAULT_H
#define ABI_FAULT_H

#define FAULT_LABEL_PAGE       0xFA01  /* page fault: MR0 addr, MR1 access, MR2 pc, MR3 scause */
#define FAULT_LABEL_EXCEPTION  0xFA02  /* other exception: MR0 stval, MR1 0, MR2 pc, MR3 scause */
#define FAULT_WORDS            4

#define FAULT_ACCESS_READ   1
#define FAULT_ACCESS_WRITE  2
#define FAULT_ACCESS_EXEC   4

#define FAULT_REPLY_RESUME    0
#define FAULT_REPLY_REDIRECT  1

#endif
