/* file_peer.c - test peer for shared file mappings: maps /data/shared.bin MAP_SHARED on
 * its own, checks it sees the byte the parent wrote through its mapping ('M' at 8000),
 * writes "peer was here" at 9000 and ends without msync or munmap: the VM server must
 * write the page back at exit. Exits 0 if all went as expected. */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

int main(void)
{
	int fd = open("/data/shared.bin", O_RDWR);
	if (fd < 0)
		return 1;
	char *p = mmap(0, 3 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return 2;
	if (p[8000] != 'M')
		return 3;
	memcpy(p + 9000, "peer was here", 13);
	return 0;
}
