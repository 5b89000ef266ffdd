/* trap.h - entering the kernel from user mode and leaving it. */
#ifndef TRAP_H
#define TRAP_H
#include "object.h"

/* trap_entry.S, above trap.c: the entry of every trap from user mode (it calls
 * ipc_fast_trap, trap_syscall or trap_handler), and the way from kmain to the first user
 * thread (through trap_first). */
void trap_entry(void);
_Noreturn void trap_enter_first(void);

/* Take traps at `entry` (trap_entry) from now on; set the user mode that sret returns to. */
void trap_init(void (*entry)(void));
#endif
