/* sendfile.c - sendfile for the differential test: from a file's offset (which moves)
 * and from an offset of the caller's (which moves instead), into a file, a pipe and past
 * the end; its errors: a descriptor not open for reading or writing or not open (EBADF),
 * a pipe to read from and an O_APPEND target (EINVAL), a bad offset pointer (EFAULT). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/sendfile.h>
#include <unistd.h>
#include "diffcheck.h"

static char got[64];

/* The file at path, whole, into got. */
static const char *contents(const char *path)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, got, sizeof got - 1);
	got[n < 0 ? 0 : n] = 0;
	close(fd);
	return got;
}

int main(void)
{
	int w = open("/tmp/sf_in", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	write(w, "0123456789abcdef", 16);
	int in = open("/tmp/sf_in", O_RDONLY), out = open("/tmp/sf_out", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	num_is("sendfile 10 bytes from the file's offset", sendfile(out, in, 0, 10), 10);
	num_is("... the offset moved", lseek(in, 0, SEEK_CUR), 10);
	off_t off = 4;
	num_is("sendfile from offset 4, 100 asked: to the end", sendfile(out, in, &off, 100), 12);
	num_is("... the caller's offset moved", off, 16);
	num_is("... the file's did not", lseek(in, 0, SEEK_CUR), 10);
	num_is("sendfile at the end of the file", sendfile(out, in, &off, 100), 0);
	result("what arrived", contents("/tmp/sf_out"), "0123456789456789abcdef");
	int p[2];
	pipe(p);
	off = 10;
	num_is("sendfile into a pipe", sendfile(p[1], in, &off, 3), 3);
	ssize_t n = read(p[0], got, sizeof got);
	got[n < 0 ? 0 : n] = 0;
	result("... read from the pipe", got, "abc");

	err_is("sendfile from a descriptor open for writing", sendfile(out, w, 0, 1), "EBADF");
	err_is("sendfile to a descriptor open for reading", sendfile(in, in, 0, 1), "EBADF");
	err_is("sendfile from a closed descriptor", sendfile(out, 99, 0, 1), "EBADF");
	err_is("sendfile from a pipe", sendfile(out, p[0], 0, 1), "EINVAL");
	err_is("sendfile with a bad offset pointer", sendfile(out, in, bad_pointer, 1), "EFAULT");
	int app = open("/tmp/sf_out", O_WRONLY | O_APPEND);
	err_is("sendfile to an O_APPEND file", sendfile(app, in, 0, 1), "EINVAL");
	return summary();
}
