/* procfs.c - /proc as Linux 6.1 shows it (run by scripts/linux-diff.sh; arguments in
 * procfs.args): addresses and figures differ between the systems, so what is checked is
 * the format of each file and the relations between its figures and what the program
 * does: its own mappings in maps, VmSize, VmLck and Threads following mmap, mlock and
 * pthread_create, stat's fields, cmdline against argv, meminfo's keys in order, the pid
 * directories (and a child's) in /proc, and the errors. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>
#include "diffcheck.h"

static char buf[65536];

/* The whole of path into buf (read(2) in pieces of chunk bytes): its length, or -1. */
static long slurp(const char *path, size_t chunk)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	size_t len = 0;
	ssize_t n;
	while (len + chunk < sizeof buf && (n = read(fd, buf + len, chunk)) > 0)
		len += (size_t)n;
	buf[len] = 0;
	close(fd);
	return (long)len;
}

/* Whether buf holds the n keys, each at the start of a line and followed by sep, in
 * that order. */
static int keys_in_order(const char *const *keys, size_t n, const char *sep)
{
	const char *at = buf;
	for (size_t i = 0; i < n; i++) {
		char pat[32];
		snprintf(pat, sizeof pat, "%s%s%s", i ? "\n" : "", keys[i], sep);
		if (!(at = strstr(at, pat)))
			return 0;
	}
	return 1;
}

/* The number after "key:\t" in /proc/self/status (kB for the Vm lines), or -1. */
static long status_value(const char *key)
{
	char pat[64];
	slurp("/proc/self/status", 4096);
	snprintf(pat, sizeof pat, "\n%s:\t", key);
	char *p = strstr(buf, pat);
	return p ? strtol(p + strlen(pat), 0, 10) : -1;
}

static void check_status(void)
{
	static const char *const keys[] = {"Name", "State", "Tgid", "Pid", "PPid", "Uid", "Gid", "VmPeak",
	                                   "VmSize", "VmLck", "VmRSS", "Threads"};
	long len = slurp("/proc/self/status", 4096);
	truth("status: read", len > 0);
	int order = keys_in_order(keys, sizeof keys / sizeof keys[0], ":\t");
	truth("status: the keys in Linux's order", order);
	char name[32];
	truth("status: Name is the program's", sscanf(buf, "Name:\t%31s\n", name) == 1 && !strcmp(name, "procfs"));
	truth("status: State", strstr(buf, "\nState:\tR (running)\n") != 0);
	char want[64];
	snprintf(want, sizeof want, "\nPid:\t%d\n", getpid());
	truth("status: Pid is getpid()", strstr(buf, want) != 0);
	snprintf(want, sizeof want, "\nTgid:\t%d\n", getpid());
	truth("status: Tgid is getpid()", strstr(buf, want) != 0);
	snprintf(want, sizeof want, "\nPPid:\t%d\n", getppid());
	truth("status: PPid is getppid()", strstr(buf, want) != 0);
	snprintf(want, sizeof want, "\nUid:\t%u\t%u\t", getuid(), geteuid());
	truth("status: Uid", strstr(buf, want) != 0);
	/* every Vm line: "VmXxx:\t" then the figure right-aligned in 8 columns, " kB" */
	int vm_ok = 1, vm_lines = 0;
	for (const char *p = strstr(buf, "\nVm"); p; p = strstr(p + 1, "\nVm")) {
		const char *tab = strchr(p, '\t'), *nl = strchr(p + 1, '\n');
		vm_lines++;
		vm_ok &= tab && nl && nl - tab == 12 && !strncmp(nl - 3, " kB", 3) && tab[8] != ' ';
	}
	truth("status: the Vm lines are 'Key:\\t%8lu kB'", vm_ok && vm_lines >= 5);
	truth("status: VmPeak >= VmSize >= VmRSS > 0", status_value("VmPeak") >= status_value("VmSize") &&
	                                               status_value("VmSize") >= status_value("VmRSS") &&
	                                               status_value("VmRSS") > 0);
}

static void check_vm_figures(void)
{
	long before = status_value("VmSize");
	char *p = mmap(0, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long after = status_value("VmSize");
	num_is("status: VmSize grows by a 1 MiB mapping (kB)", after - before, 1024);
	truth("status: VmPeak follows", status_value("VmPeak") >= after);
	long lck = status_value("VmLck");
	err_is("mlock 2 pages", mlock(p, 8192), "0");
	num_is("status: VmLck grows by them (kB)", status_value("VmLck") - lck, 8);
	munlock(p, 8192);
	num_is("status: VmLck after munlock (kB)", status_value("VmLck") - lck, 0);
	munmap(p, 1 << 20);
	num_is("status: VmSize back after munmap (kB)", status_value("VmSize") - before, 0);
	truth("status: VmPeak stays at the peak", status_value("VmPeak") >= after);
}

static int gate[2];
static void *waiter(void *arg)
{
	char c;
	(void)arg;
	return read(gate[0], &c, 1) == 1 ? 0 : arg;
}

static void check_threads(void)
{
	pthread_t t;
	num_is("status: Threads", status_value("Threads"), 1);
	if (pipe(gate) || pthread_create(&t, 0, waiter, 0)) {
		truth("a thread", 0);
		return;
	}
	num_is("status: Threads with a second thread", status_value("Threads"), 2);
	slurp("/proc/self/stat", 4096);
	char *close_paren = strrchr(buf, ')');
	int field = 0;
	long threads = -1;
	for (char *s = close_paren ? strtok(close_paren + 2, " ") : 0; s; s = strtok(0, " "))
		if (++field == 18)   /* num_threads is field 20; the state is 3 */
			threads = strtol(s, 0, 10);
	num_is("stat: num_threads", threads, 2);
	write(gate[1], "x", 1);
	pthread_join(t, 0);
	/* Linux wakes the joiner (the thread's clear_child_tid) before the thread has left
	 * its group's count: wait up to a second for it to leave. */
	long left = status_value("Threads");
	for (int i = 0; i < 1000 && left != 1; i++) {
		usleep(1000);
		left = status_value("Threads");
	}
	num_is("status: Threads after the join (within a second)", left, 1);
}

static void check_stat(void)
{
	long len = slurp("/proc/self/stat", 7);   /* in small pieces: the offset pages through */
	truth("stat: one line", len > 0 && buf[len - 1] == '\n' && !strchr(buf, '\n')[1]);
	int fields = 1;
	for (char *p = buf; *p; p++)
		fields += *p == ' ';
	num_is("stat: fields", fields, 52);
	int pid, ppid;
	char comm[32], state;
	truth("stat: pid (comm) state ppid", sscanf(buf, "%d (%31[^)]) %c %d", &pid, comm, &state, &ppid) == 4);
	truth("stat: pid is getpid()", pid == getpid());
	truth("stat: ppid is getppid()", ppid == getppid());
	result("stat: comm", comm, "procfs");
	char st[2] = {state, 0};
	result("stat: state", st, "R");
	len = slurp("/proc/self/statm", 4096);
	unsigned long v[7];
	num_is("statm: 7 figures", sscanf(buf, "%lu %lu %lu %lu %lu %lu %lu", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6]), 7);
	truth("statm: size >= resident", v[0] >= v[1]);
}

static void check_cmdline(int argc, char **argv)
{
	char want[512];
	size_t wl = 0;
	for (int i = 0; i < argc; i++) {
		size_t l = strlen(argv[i]) + 1;
		memcpy(want + wl, argv[i], l);
		wl += l;
	}
	long len = slurp("/proc/self/cmdline", 3);
	num_is("cmdline: length", len, (long)wl);
	truth("cmdline: argv, each NUL-terminated", len == (long)wl && !memcmp(buf, want, wl));
}

static void check_maps(void)
{
	char exe[256] = "";
	ssize_t el = readlink("/proc/self/exe", exe, sizeof exe - 1);
	exe[el > 0 ? el : 0] = 0;
	char *p = mmap(0, 3 * 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long len = slurp("/proc/self/maps", 4096);
	static char whole[65536];
	memcpy(whole, buf, (size_t)len + 1);
	truth("maps: read in pieces of 10 bytes is the same", slurp("/proc/self/maps", 10) == len && !strcmp(buf, whole));
	int lines = 0, parse = 0, cols = 1, mine = 0, exe_seen = 0, stack = 0;
	for (char *line = strtok(whole, "\n"); line; line = strtok(0, "\n")) {
		unsigned long s, e, off, ino;
		unsigned maj, min;
		char perms[5];
		int n = 0;
		lines++;
		if (sscanf(line, "%lx-%lx %4s %lx %x:%x %lu %n", &s, &e, perms, &off, &maj, &min, &ino, &n) == 7 && n)
			parse++;
		const char *name = line + n;
		if (*name)
			cols &= n <= 73 && name - line == 73;   /* the name in column 73, after seq_pad */
		if (s == (unsigned long)p && e - s == 3 * 4096 && !strcmp(perms, "r--p") && !*name)
			mine = 1;
		exe_seen |= !strcmp(name, exe) && perms[2] == 'x';
		stack |= !strcmp(name, "[stack]");
	}
	truth("maps: lines", lines > 3);
	truth("maps: each line parses with Linux's format", parse == lines);
	truth("maps: names start in column 73", cols);
	truth("maps: a new mapping, r--p, 3 pages, no name", mine);
	truth("maps: the program's code under its path", exe_seen);
	truth("maps: [stack]", stack);
	munmap(p, 3 * 4096);
	slurp("/proc/self/maps", 4096);
	char start[32];
	snprintf(start, sizeof start, "%08lx-", (unsigned long)p);
	truth("maps: gone after munmap", !strstr(buf, start));
}

static void check_meminfo(void)
{
	static const char *const keys[] = {"MemTotal", "MemFree", "MemAvailable", "Cached", "Dirty",
	                                   "CommitLimit", "Committed_AS"};
	slurp("/proc/meminfo", 4096);
	int order = keys_in_order(keys, sizeof keys / sizeof keys[0], ":"), form = 1;
	for (char *line = strtok(buf, "\n"); line; line = strtok(0, "\n")) {
		size_t l = strlen(line);
		form &= l >= 16 + 8 + 3 && !strcmp(line + l - 3, " kB") && strchr(line, ':') - line < 16 &&
		        line[15] == ' ';
	}
	truth("meminfo: the keys in Linux's order", order);
	truth("meminfo: every line 'Key:' in 16 columns, %8lu kB", form);
	slurp("/proc/meminfo", 4096);
	unsigned long total = 0, free_ = 0;
	sscanf(buf, "MemTotal: %lu kB\nMemFree: %lu kB", &total, &free_);
	truth("meminfo: 0 < MemFree <= MemTotal", free_ > 0 && free_ <= total);
}

static void check_small_files(void)
{
	unsigned long a, b, c, d;
	slurp("/proc/uptime", 4096);
	char tail[8] = "";
	truth("uptime: two figures %lu.%02lu", sscanf(buf, "%lu.%2lu %lu.%2lu%7s", &a, &b, &c, &d, tail) == 4 &&
	                                          strlen(buf) >= 10 && buf[strlen(buf) - 1] == '\n');
	slurp("/proc/loadavg", 4096);
	unsigned long run, all;
	int last;
	truth("loadavg: three loads, running/all, last pid",
	      sscanf(buf, "%lu.%lu %lu.%lu %*u.%*u %lu/%lu %d", &a, &b, &c, &d, &run, &all, &last) == 7);
	slurp("/proc/cpuinfo", 4096);
	truth("cpuinfo: processor, hart, isa, mmu", !strncmp(buf, "processor\t: 0\nhart\t\t: ", 22) &&
	                                             strstr(buf, "\nisa\t\t: rv64") && strstr(buf, "\nmmu\t\t: sv"));
	slurp("/proc/mounts", 4096);
	truth("mounts: the root", buf[0] && strstr(buf, " / ") != 0);
	truth("mounts: /proc", strstr(buf, "proc /proc proc rw") != 0);
	truth("mounts: tmpfs on /tmp", strstr(buf, "\ntmpfs /tmp tmpfs rw") != 0);
	slurp("/proc/stat", 4096);
	static const char *const keys[] = {"cpu ", "cpu0", "intr", "ctxt", "btime", "processes", "procs_running",
	                                   "procs_blocked", "softirq"};
	truth("stat: its keys in Linux's order", keys_in_order(keys, sizeof keys / sizeof keys[0], " "));
	truth("stat: the cpu line has ten times", sscanf(buf, "cpu %lu %lu %lu %lu %*u %*u %*u %*u %*u %lu",
	                                                 &a, &b, &c, &d, &run) == 5);
	struct statfs sf;
	truth("statfs /proc: PROC_SUPER_MAGIC", statfs("/proc/self", &sf) == 0 && sf.f_type == 0x9fa0);
}

/* Does directory path list name? */
static int lists(const char *path, const char *name)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int found = 0;
	while (d && (e = readdir(d)))
		found |= !strcmp(e->d_name, name);
	if (d)
		closedir(d);
	return found;
}

static void check_dirs(void)
{
	char me[16], link[32] = "";
	snprintf(me, sizeof me, "%d", getpid());
	ssize_t n = readlink("/proc/self", link, sizeof link - 1);
	link[n > 0 ? n : 0] = 0;
	result("readlink /proc/self is the pid", n > 0 && !strcmp(link, me) ? "yes" : link, "yes");
	struct stat st;
	err_is("lstat /proc/self", lstat("/proc/self", &st), "0");
	truth("lstat /proc/self: a link", S_ISLNK(st.st_mode));
	err_is("stat /proc/self", stat("/proc/self", &st), "0");
	mode_is("stat /proc/self: a directory, 0555", st.st_mode, S_IFDIR | 0555);
	err_is("stat /proc/self/status", stat("/proc/self/status", &st), "0");
	mode_is("stat /proc/self/status: a file, 0444", st.st_mode, S_IFREG | 0444);
	num_is("stat /proc/self/status: size", st.st_size, 0);
	err_is("stat /proc", stat("/proc", &st), "0");
	mode_is("stat /proc", st.st_mode, S_IFDIR | 0555);
	err_is("access /proc/self/maps R_OK", access("/proc/self/maps", R_OK), "0");
	truth("readdir /proc: our pid", lists("/proc", me));
	truth("readdir /proc: self", lists("/proc", "self"));
	truth("readdir /proc: meminfo", lists("/proc", "meminfo"));
	truth("readdir /proc/self: status, stat, maps, cmdline", lists("/proc/self", "status") && lists("/proc/self", "stat") &&
	                                                         lists("/proc/self", "maps") && lists("/proc/self", "cmdline"));
	int p[2];
	if (pipe(p))
		return;
	pid_t child = fork();
	if (child == 0) {
		char c;
		close(p[1]);
		read(p[0], &c, 1);
		_exit(0);
	}
	char name[16], path[64];
	snprintf(name, sizeof name, "%d", child);
	truth("readdir /proc: a child after fork", lists("/proc", name));
	snprintf(path, sizeof path, "/proc/%d/status", child);
	slurp(path, 4096);
	char want[32];
	snprintf(want, sizeof want, "\nPPid:\t%d\n", getpid());
	truth("the child's status: PPid is us", strstr(buf, want) != 0);
	truth("the child's status: running or sleeping", strstr(buf, "\nState:\tS (sleeping)\n") ||
	                                                 strstr(buf, "\nState:\tR (running)\n"));
	snprintf(path, sizeof path, "/proc/%d/stat", child);
	slurp(path, 4096);
	int cpid = 0, cppid = 0;
	char cstate = 0;
	sscanf(buf, "%d (%*[^)]) %c %d", &cpid, &cstate, &cppid);
	truth("the child's stat: pid, S or R, ppid",
	      cpid == child && (cstate == 'S' || cstate == 'R') && cppid == getpid());
	close(p[1]);
	waitpid(child, 0, 0);
	snprintf(path, sizeof path, "/proc/%d/status", child);
	err_is("open a reaped child's status", open(path, O_RDONLY), "ENOENT");
	truth("readdir /proc: the child gone", !lists("/proc", name));
}

static void check_errors(void)
{
	err_is("open /proc/999999/status", open("/proc/999999/status", O_RDONLY), "ENOENT");
	err_is("stat /proc/999999", stat("/proc/999999", &(struct stat){0}), "ENOENT");
	err_is("open /proc/self/nothing", open("/proc/self/nothing", O_RDONLY), "ENOENT");
	err_is("open /proc/self/status/x", open("/proc/self/status/x", O_RDONLY), "ENOTDIR");
	int wfd = open("/proc/self/status", O_WRONLY);   /* root may: the mode is not checked */
	err_is("open /proc/self/status for writing", wfd, "success");
	err_is("write to it", write(wfd, "x", 1), "EINVAL");
	close(wfd);
	err_is("create /proc/newfile", open("/proc/newfile", O_WRONLY | O_CREAT, 0644), "ENOENT");
	err_is("mkdir /proc/newdir", mkdir("/proc/newdir", 0755), "ENOENT");
	err_is("unlink /proc/self/status", unlink("/proc/self/status"), "EPERM");
	err_is("mkdir /proc/self", mkdir("/proc/self", 0755), "EEXIST");
	err_is("open /proc for writing", open("/proc", O_WRONLY), "EISDIR");
	err_is("readlink /proc/meminfo", readlink("/proc/meminfo", buf, 16), "EINVAL");
	int fd = open("/proc/self/status", O_RDONLY);
	err_is("write to /proc/self/status", write(fd, "x", 1), "EBADF");
	err_is("read into a bad pointer", read(fd, bad_pointer, 64), "EFAULT");
	err_is("lseek SEEK_END", lseek(fd, 0, SEEK_END), "EINVAL");
	num_is("lseek SEEK_SET", lseek(fd, 6, SEEK_SET), 6);
	char c[6] = "";
	num_is("read at 6", read(fd, c, 5), 5);
	result("read at 6: the name", c, "procf");
	close(fd);
	err_is("getdents of a file", syscall(61, open("/proc/self/stat", O_RDONLY), buf, 4096), "ENOTDIR");
}

int main(int argc, char **argv)
{
	check_status();
	check_vm_figures();
	check_threads();
	check_stat();
	check_cmdline(argc, argv);
	check_maps();
	check_meminfo();
	check_small_files();
	check_dirs();
	check_errors();
	return summary();
}
