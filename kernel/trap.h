/* trap.h - entering the kernel from user mode and leaving it. */
#ifndef TRAP_H
#define TRAP_H
#include "object.h"

void trap_init(void);
/* Leave kmain for the first user thread. */
_Noreturn void trap_enter_first(void);
/* The address space is going away: never assume it is still loaded. */
void trap_forget_as(const struct aspace *as);
#endif
