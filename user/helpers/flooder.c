/* flooder.c - test peer: calls the VM server (VM_STAT) and the FS server (open, read
 * and close of /etc/motd) as fast as it can, for ever. Exits 2 if a call fails. */
#include <fcntl.h>
#include <unistd.h>
#include "vmclient.h"

int main(void)
{
	char buf[64];
	for (;;) {
		struct vm_stat_rep s;
		int fd = open("/etc/motd", O_RDONLY);
		if (vm_stat(&s) < 0 || fd < 0 || read(fd, buf, sizeof buf) <= 0 || close(fd) < 0)
			return 2;
	}
}
