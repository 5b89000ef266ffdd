/* trap.h - entering the kernel from user mode and leaving it. */
#ifndef TRAP_H
#define TRAP_H
#include "object.h"

void trap_init(void);
/* Leave kmain for the first user thread. */
_Noreturn void trap_enter_first(void);
#endif
