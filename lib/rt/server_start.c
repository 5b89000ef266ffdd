/* server_start.c - C start of the freestanding servers: IPC buffer, then main(). */
#include "kcall.h"

char __ipc_buffer[IPC_BUF_MAX] __attribute__((aligned(4096)));
int main(void);
void __rt_start(void);

void __rt_start(void)
{
	k_set_ipc_buffer(__ipc_buffer);
	main();
	k_thread_exit();
}
