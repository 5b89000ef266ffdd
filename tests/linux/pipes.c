/* pipes.c - pipes and poll in one process, for the differential test: pipe2 and its
 * flags, reads and writes (short reads, O_NONBLOCK and EAGAIN, the 64 KiB capacity,
 * PIPE_BUF atomicity), end of file when the last writer goes (dup included), EPIPE and
 * SIGPIPE when no reader is left, what a pipe is not (lseek, pread, fsync, ftruncate,
 * mmap), fstat, fcntl's status flags, ppoll/poll on pipes, the console and bad
 * descriptors, with and without timeouts, and select (pselect6); a read waiting on an
 * empty pipe when a signal comes, with and without SA_RESTART. (Between processes:
 * fork.c, kill.c.) */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "diffcheck.h"

static volatile int sigpipes, sigpipe_code;

static void on_sigpipe(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)uc;
	sigpipes++;
	sigpipe_code = si->si_code;
}

/* What poll says of one descriptor for events, at once: its revents (or -1 and errno). */
static int poll_one(int fd, short events)
{
	struct pollfd p = {fd, events, 0};
	int r = poll(&p, 1, 0);
	return r < 0 ? -1 : p.revents;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static void basics(void)
{
	int p[2];
	char buf[128];
	err_is("pipe2 bad flags", pipe2(p, O_APPEND), "EINVAL");
	err_is("pipe2 bad pointer", pipe2(bad_pointer, 0), "EFAULT");
	err_is("pipe2", pipe2(p, 0), "0");
	truth("... two new descriptors", p[0] > 2 && p[1] > 2 && p[0] != p[1]);
	num_is("F_GETFL of the reading end", fcntl(p[0], F_GETFL) & (O_ACCMODE | O_NONBLOCK), O_RDONLY);
	num_is("F_GETFL of the writing end", fcntl(p[1], F_GETFL) & (O_ACCMODE | O_NONBLOCK), O_WRONLY);
	num_is("F_GETFD", fcntl(p[0], F_GETFD), 0);
	struct stat st;
	err_is("fstat", fstat(p[0], &st), "0");
	truth("... a FIFO", S_ISFIFO(st.st_mode));
	mode_is("... mode", st.st_mode & 0777, 0600);
	num_is("... size", st.st_size, 0);
	num_is("write 5", write(p[1], "hello", 5), 5);
	num_is("poll the reading end: POLLIN", poll_one(p[0], POLLIN | POLLOUT), POLLIN);
	num_is("poll the writing end: POLLOUT", poll_one(p[1], POLLIN | POLLOUT), POLLOUT);
	num_is("read up to 100: the 5", read(p[0], buf, 100), 5);
	truth("... the bytes", !memcmp(buf, "hello", 5));
	num_is("poll the empty reading end", poll_one(p[0], POLLIN), 0);
	err_is("read from the writing end", read(p[1], buf, 1), "EBADF");
	err_is("write to the reading end", write(p[0], "x", 1), "EBADF");
	err_is("lseek", lseek(p[0], 0, SEEK_CUR), "ESPIPE");
	err_is("pread", pread(p[0], buf, 1, 0), "ESPIPE");
	err_is("pwrite", pwrite(p[1], "x", 1, 0), "ESPIPE");
	err_is("fsync", fsync(p[1]), "EINVAL");
	err_is("ftruncate", ftruncate(p[1], 0), "EINVAL");
	void *m = mmap(0, 4096, PROT_READ, MAP_SHARED, p[0], 0);
	err_is("mmap", m == MAP_FAILED ? -1 : 0, "ENODEV");
	struct iovec out[2] = {{"ab", 2}, {"cde", 3}}, in[2] = {{buf, 1}, {buf + 1, 10}};
	num_is("writev 2 + 3", writev(p[1], out, 2), 5);
	num_is("readv 1 + 10: the 5", readv(p[0], in, 2), 5);
	truth("... in order", !memcmp(buf, "abcde", 5));

	int d = dup(p[1]);
	err_is("dup the writing end", d, "success");
	close(p[1]);
	num_is("F_SETFL O_NONBLOCK", fcntl(p[0], F_SETFL, O_NONBLOCK), 0);
	num_is("... F_GETFL", fcntl(p[0], F_GETFL) & O_NONBLOCK, O_NONBLOCK);
	err_is("a writer left (the dup): EAGAIN, not the end", read(p[0], buf, 1), "EAGAIN");
	num_is("write through the dup", write(d, "z", 1), 1);
	close(d);
	num_is("the last writer closed: its byte", read(p[0], buf, 10), 1);
	num_is("... then the end of the file", read(p[0], buf, 10), 0);
	num_is("poll: POLLHUP", poll_one(p[0], POLLIN), POLLHUP);
	close(p[0]);
}

static void capacity(void)
{
	int p[2];
	static char page[4096], big[5000];
	memset(page, 'p', sizeof page);
	err_is("pipe2 O_NONBLOCK | O_CLOEXEC", pipe2(p, O_NONBLOCK | O_CLOEXEC), "0");
	num_is("... FD_CLOEXEC", fcntl(p[0], F_GETFD), FD_CLOEXEC);
	err_is("read empty", read(p[0], page, 1), "EAGAIN");
	long total = 0, r;
	for (int i = 0; i < 100 && (r = write(p[1], page, sizeof page)) > 0; i++)
		total += r;
	num_is("filled 4 KiB at a time: 64 KiB", total, 65536);
	err_is("... then", write(p[1], "x", 1), "EAGAIN");
	num_is("poll the full writing end", poll_one(p[1], POLLOUT), 0);
	num_is("read 4 KiB", read(p[0], page, sizeof page), 4096);
	num_is("poll: room again", poll_one(p[1], POLLOUT), POLLOUT);
	num_is("write 3996", write(p[1], page, 3996), 3996);
	err_is("4096 into 100 free: never split", write(p[1], page, 4096), "EAGAIN");
	num_is("100 into 100 free", write(p[1], page, 100), 100);
	long drained = 0;
	while ((r = read(p[0], page, sizeof page)) > 0)
		drained += r;
	num_is("drained", drained, 65536);
	memset(big, 'b', sizeof big);
	num_is("5000 into an empty pipe at once", write(p[1], big, sizeof big), 5000);
	num_is("... read back", read(p[0], big, sizeof big), 5000);
	close(p[0]);
	num_is("poll the writing end without a reader: POLLOUT | POLLERR", poll_one(p[1], POLLOUT),
	       POLLOUT | POLLERR);

	struct sigaction sa = {0};
	sa.sa_sigaction = on_sigpipe;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGPIPE, &sa, 0);
	err_is("write without a reader", write(p[1], "x", 1), "EPIPE");
	num_is("... SIGPIPE once", sigpipes, 1);
	num_is("... si_code SI_USER", sigpipe_code, SI_USER);
	signal(SIGPIPE, SIG_IGN);
	err_is("SIGPIPE ignored: still", write(p[1], "x", 1), "EPIPE");
	num_is("... no handler ran", sigpipes, 1);
	close(p[1]);
}

static void polls(void)
{
	int p[2];
	char c;
	pipe2(p, 0);
	struct pollfd set[4] = {{p[0], POLLIN, 0}, {-1, POLLIN, 0}, {1000, POLLIN, 0}, {1, POLLOUT, 0}};
	num_is("poll: stdout, and a bad descriptor", poll(set, 4, 0), 2);
	num_is("... the empty pipe", set[0].revents, 0);
	num_is("... a negative fd is left out", set[1].revents, 0);
	num_is("... a bad one: POLLNVAL", set[2].revents, POLLNVAL);
	num_is("... the console: POLLOUT", set[3].revents, POLLOUT);
	double t0 = now();
	num_is("poll 50 ms on an empty pipe", poll(set, 1, 50), 0);
	double took = now() - t0;
	truth("... took 50 ms or more, and not much more", took >= 0.050 && took < 1.0);
	struct timespec ts = {0, 30000000};
	t0 = now();
	num_is("ppoll 30 ms (the system call: glibc's copies the time)", syscall(SYS_ppoll, set, 1, &ts, 0, 8), 0);
	truth("... took 30 ms or more", now() - t0 >= 0.030);
	truth("... the time left written back: none", ts.tv_sec == 0 && ts.tv_nsec == 0);
	write(p[1], "!", 1);
	ts = (struct timespec){5, 0};
	num_is("ppoll 5 s with a byte there: at once", syscall(SYS_ppoll, set, 1, &ts, 0, 8), 1);
	truth("... time left written back, below 5 s", ts.tv_sec <= 4 || (ts.tv_sec == 5 && ts.tv_nsec == 0));
	num_is("... POLLIN", set[0].revents, POLLIN);
	num_is("poll for ever with a byte there", poll(set, 1, -1), 1);
	num_is("blocking read of it", read(p[0], &c, 1), 1);
	sigset_t mask;
	sigemptyset(&mask);
	err_is("ppoll bad sigsetsize", syscall(SYS_ppoll, set, 1, &ts, &mask, 4), "EINVAL");
	ts = (struct timespec){0, 1000000000};
	err_is("ppoll bad timespec", ppoll(set, 1, &ts, 0), "EINVAL");
	err_is("ppoll bad fds", ppoll(bad_pointer, 1, 0, 0), "EFAULT");
	err_is("ppoll too many", syscall(SYS_ppoll, set, 1L << 20, 0, 0, 8), "EINVAL");
	close(p[0]);
	close(p[1]);
}

/* select (pselect6): bits for ready descriptors only, the count, EBADF, the timeout. */
static void selects(void)
{
	int fds[2];
	pipe(fds);
	fd_set r, w;
	struct timeval tv = {0, 0};
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(fds[0], &r);
	FD_SET(fds[1], &w);
	num_is("select: an empty pipe's write end is ready", select(fds[1] + 1, &r, &w, 0, &tv), 1);
	truth("... its read end is not", !FD_ISSET(fds[0], &r) && FD_ISSET(fds[1], &w));
	write(fds[1], "x", 1);
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(fds[0], &r);
	FD_SET(fds[1], &w);
	num_is("select: with a byte in it, both", select(fds[1] + 1, &r, &w, 0, &tv), 2);
	FD_ZERO(&r);
	FD_SET(fds[0], &r);
	char c;
	read(fds[0], &c, 1);
	tv = (struct timeval){0, 20000};
	double t0 = now();
	num_is("select: a timeout of 20 ms on an empty pipe", select(fds[0] + 1, &r, 0, 0, &tv), 0);
	truth("... waited it out, and cleared the set", now() - t0 >= 0.019 && !FD_ISSET(fds[0], &r));
	FD_ZERO(&r);
	FD_SET(fds[1] + 5, &r);
	err_is("select on a descriptor not open", select(fds[1] + 6, &r, 0, 0, &tv), "EBADF");
	err_is("select with a negative count", select(-1, 0, 0, 0, &tv), "EINVAL");
	close(fds[1]);
	FD_ZERO(&r);
	FD_SET(fds[0], &r);
	num_is("select: end of file is ready to read", select(fds[0] + 1, &r, 0, 0, 0), 1);
	close(fds[0]);
}

static volatile int usr1s;
static void on_usr1(int sig) { (void)sig, usr1s++; }

/* A read that waits on an empty pipe while a child signals, then writes a byte (each
 * after 200 ms): without SA_RESTART the read ends with EINTR, with it the read goes on
 * and returns the byte. */
static void interrupted_read(int restart)
{
	int p[2];
	char c = 0;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	sa.sa_flags = restart ? SA_RESTART : 0;
	sigaction(SIGUSR1, &sa, 0);
	usr1s = 0;
	if (pipe(p))
		return;
	pid_t parent = getpid(), child = fork();
	if (child == 0) {
		struct timespec t = {0, 200000000};
		nanosleep(&t, 0);
		kill(parent, SIGUSR1);
		nanosleep(&t, 0);
		_exit(write(p[1], "x", 1) != 1);
	}
	ssize_t n = read(p[0], &c, 1);
	const char *got = n == 1 && c == 'x' ? "the byte" : n < 0 ? ename(errno) : "something else";
	waitpid(child, 0, 0);
	result(restart ? "a waiting read and a signal, SA_RESTART: the read goes on" : "a waiting read and a signal",
	       got, restart ? "the byte" : "EINTR");
	truth("... the handler ran once", usr1s == 1);
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	basics();
	capacity();
	polls();
	selects();
	interrupted_read(0);
	interrupted_read(1);
	return summary();
}
