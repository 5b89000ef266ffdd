/* fault_trace.c - init of the traced kernel: one fault on an anonymous page (VM server
 * only), then one on a page of a file (VM server -> FS server -> VM server), then exit. */
#include <fcntl.h>
#include <stdint.h>
#include <unistd.h>
#include <sys/mman.h>

int main(void)
{
	volatile uint64_t *p = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 2;
	*p = 42;
	int fd = open("/etc/motd", O_RDONLY);
	volatile const char *f = fd >= 0 ? mmap(0, 4096, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
	if (f == MAP_FAILED)
		return 3;
	return *p == 42 && f[0] == 'W' ? 0 : 1;
}
