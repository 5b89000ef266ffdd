/* pagein_loop.c - test peer with calls in flight to both servers at any moment: maps
 * /bin/busybox privately, reads a byte of every page (each a page-in from the FS
 * server, through the VM server) and writes one of every 16th (a private copy), reads
 * /etc/motd, unmaps, and again, for ever. Exits 2 if a call fails. */
#include <fcntl.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>

int main(void)
{
	struct stat st;
	char buf[64];
	int fd = open("/bin/busybox", O_RDONLY);
	if (fd < 0 || fstat(fd, &st) < 0)
		return 2;
	for (volatile unsigned sum = 0;;) {
		volatile unsigned char *p = mmap(0, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
		if (p == MAP_FAILED)
			return 2;
		for (off_t i = 0; i < st.st_size; i += 4096) {
			sum += p[i];
			if (!(i & 0xffff))
				p[i] = 1;
		}
		int m = open("/etc/motd", O_RDONLY);
		if (m < 0 || read(m, buf, sizeof buf) <= 0 || close(m) < 0 || munmap((void *)p, (size_t)st.st_size) < 0)
			return 2;
	}
}
