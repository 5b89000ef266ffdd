/* user_start.c - C start of programs linked with picolibc: thread pointer for TLS
 * (errno), IPC buffer, constructors, then exit(main()). */
#include <stdlib.h>
#include "kcall.h"

char __ipc_buffer[IPC_BUF_MAX] __attribute__((aligned(4096)));
extern char __tls_base[];
void _set_tls(void *tls);
void __libc_init_array(void);
int main(int argc, char **argv);
void __rt_start(void);

void __rt_start(void)
{
	static char *argv[] = {"prog", 0};
	_set_tls(__tls_base);
	k_set_ipc_buffer(__ipc_buffer);
	__libc_init_array();
	exit(main(1, argv));
}
