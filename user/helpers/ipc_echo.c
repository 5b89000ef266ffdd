/* ipc_echo.c - test peer: serves the endpoint it was given (slot TH_FIRST_FREE) and
 * answers each call with every word plus one, the label plus one, and the buffer bytes
 * reversed, until a call with label 0 arrives. */
#include "kcall.h"
#include "abi/bootinfo.h"

int main(void)
{
	struct msg m = {0};
	long badge = k_recv(TH_FIRST_FREE, &m);
	for (;;) {
		if (badge < 0)
			return 2;
		uint64_t label = IPC_TAG_LABEL(m.tag), n = IPC_TAG_BYTES(m.tag);
		for (uint64_t i = 0; i < IPC_TAG_WORDS(m.tag); i++)
			m.w[i] += 1;
		for (uint64_t i = 0; i < n / 2; i++) {
			char c = __ipc_buffer[i];
			__ipc_buffer[i] = __ipc_buffer[n - 1 - i];
			__ipc_buffer[n - 1 - i] = c;
		}
		m.tag = IPC_TAG(label + 1, n, IPC_TAG_WORDS(m.tag));
		if (label == 0) {
			k_reply(0, &m);
			return 0;
		}
		badge = k_reply_recv(TH_FIRST_FREE, &m);
	}
}
