/* user_start.c - C start of programs linked with picolibc: thread pointer for TLS
 * (errno), IPC buffer, constructors, then exit(main(argc, argv)). The first thread's a0
 * is 0 or the address of its arguments, laid out as Linux puts them on the stack:
 * argc, then argv[0..argc-1], then NULL (VM_SPAWN_FD). */
#include <stdlib.h>
#include "kcall.h"

char __ipc_buffer[IPC_BUF_MAX] __attribute__((aligned(4096)));
extern char __tls_base[];
void _set_tls(void *tls);
void __libc_init_array(void);
int main(int argc, char **argv);
void __rt_start(const uint64_t *args);

void __rt_start(const uint64_t *args)
{
	static char *none[] = {"prog", 0};
	int argc = args ? (int)args[0] : 1;
	char **argv = args ? (char **)(args + 1) : none;
	_set_tls(__tls_base);
	k_set_ipc_buffer(__ipc_buffer);
	for (size_t i = 0; i < IPC_BUF_MAX; i += 4096)   /* the kernel writes messages only into */
		((volatile char *)__ipc_buffer)[i] = 0;     /* pages that are there; .bss comes on a touch */
	__libc_init_array();
	exit(main(argc, argv));
}
