/* opener.c - test peer: opens a file and ends without closing it; exits 0 if the open
 * worked. The FS server must reclaim the descriptor when the VM server says it ended. */
#include <fcntl.h>

int main(void)
{
	return open("/etc/motd", O_RDONLY) >= 3 ? 0 : 1;
}
