/* abi/fault.h - fault delivery: the messages (proto/fault.def) and the pager's replies.
 *
 * The faulting thread is blocked as if it had made a call; the pager's reply decides:
 *   FAULT_REPLY_RESUME    retry the instruction (after the pager fixed the mapping)
 *   FAULT_REPLY_REDIRECT  continue at MR0 with sp = MR1, a0 = MR2, a1 = MR3 (a handler)
 *   FAULT_REPLY_MAP       retry, the faulting page first mapped to the frame at offset
 *                         MR1 of the pager's memory handle MR0 with rights MR2 (PERM_*),
 *                         as SYS_MAP would, if nothing is mapped there and no SYS_UNMAP,
 *                         SYS_PROTECT or SYS_MOVE of the address space came after the
 *                         fault (else the retry faults again); a page fault's reply only.
 *                         It saves the pager the SYS_MAP of a first touch. Bad words:
 *                         the reply fails (-KE_BADF, -KE_INVAL, -KE_PERM), the thread waits on
 *   anything else         the thread is stopped (the pager usually destroys the task)
 * The badge is the one on the pager handle given at thread start: it names the task.
 */
#ifndef ABI_FAULT_H
#define ABI_FAULT_H
#include "proto/fault_msgs.h"

#define FAULT_WORDS PROTO_WORDS(sizeof(struct fault_page_req))

#define FAULT_ACCESS_READ   1
#define FAULT_ACCESS_WRITE  2
#define FAULT_ACCESS_EXEC   4

#define FAULT_REPLY_RESUME    0
#define FAULT_REPLY_REDIRECT  1
#define FAULT_REPLY_MAP       2
#endif
