/* abi/fault.h - fault delivery: the messages (proto/fault.def) and the pager's replies.
 *
 * The faulting thread is blocked as if it had made a call; the pager's reply decides:
 *   FAULT_REPLY_RESUME    retry the instruction (after the pager fixed the mapping)
 *   FAULT_REPLY_REDIRECT  continue at MR0 with sp = MR1, a0 = MR2, a1 = MR3 (a handler)
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
#endif
