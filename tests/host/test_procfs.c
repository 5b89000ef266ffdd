/* test_procfs.c - lib/procfs: /proc's path parsing and its texts, compared with what
 * Linux 6.1 prints (the expected lines are copied from its /proc on the same QEMU). */
#include "check.h"
#include "procfs/procfs.h"

static struct procfs_node look(const char *path, int follow, int *err)
{
	struct procfs_node n;
	*err = procfs_lookup(path, 42, follow, &n);
	return n;
}

TEST(lookup_nodes)
{
	int e;
	struct procfs_node n = look("/proc", 0, &e);
	CHECK(e == 0 && n.kind == PFS_ROOT && n.pid == 0);
	n = look("/proc/self", 0, &e);
	CHECK(e == 0 && n.kind == PFS_SELF);
	n = look("/proc/self", 1, &e);
	CHECK(e == 0 && n.kind == PFS_PID && n.pid == 42);
	n = look("/proc/self/status", 0, &e);
	CHECK(e == 0 && n.kind == PFS_STATUS && n.pid == 42);
	n = look("/proc/123/maps", 0, &e);
	CHECK(e == 0 && n.kind == PFS_MAPS && n.pid == 123);
	n = look("/proc/mounts", 0, &e);
	CHECK(e == 0 && n.kind == PFS_MOUNTS_LINK);
	n = look("/proc/mounts", 1, &e);
	CHECK(e == 0 && n.kind == PFS_MOUNTS && n.pid == 42);
	n = look("/proc/meminfo", 0, &e);
	CHECK(e == 0 && n.kind == PFS_MEMINFO && n.pid == 0);
	n = look("/proc/7/exe", 0, &e);
	CHECK(e == 0 && n.kind == PFS_EXE && n.pid == 7);
	n = look("/proc/7/", 0, &e);
	CHECK(e == 0 && n.kind == PFS_PID);
}

TEST(lookup_errors)
{
	int e;
	look("/proc/nothing", 0, &e);
	CHECK(e == -2);
	look("/proc/0", 0, &e);
	CHECK(e == -2);
	look("/proc/012", 0, &e);
	CHECK(e == -2);
	look("/proc/99999999999", 0, &e);
	CHECK(e == -2);
	look("/proc/1/nothing", 0, &e);
	CHECK(e == -2);
	look("/proc/1/status/x", 0, &e);
	CHECK(e == -20);
	look("/proc/meminfo/x", 0, &e);
	CHECK(e == -20);
	look("/procx", 0, &e);
	CHECK(e == -2);
	CHECK(!procfs_is_proc("/procx") && procfs_is_proc("/proc") && procfs_is_proc("/proc/1"));
}

TEST(modes_and_entries)
{
	CHECK(procfs_mode(PFS_ROOT) == 040555 && procfs_mode(PFS_PID) == 040555);
	CHECK(procfs_mode(PFS_SELF) == 0120777 && procfs_mode(PFS_EXE) == 0120777);
	CHECK(procfs_mode(PFS_STATUS) == 0100444 && procfs_mode(PFS_MEMINFO) == 0100444);
	CHECK(procfs_dtype(PFS_PID) == 4 && procfs_dtype(PFS_MAPS) == 8 && procfs_dtype(PFS_SELF) == 10);
	const char *name;
	uint8_t kind;
	size_t i = 0;
	int saw_status = 0;
	for (; procfs_entry(PFS_PID, i, &name, &kind); i++) {
		struct procfs_node n;
		char path[64];
		snprintf(path, sizeof path, "/proc/5/%s", name);
		CHECK(procfs_lookup(path, 5, 0, &n) == 0 && n.kind == kind);   /* each entry is found */
		saw_status |= !strcmp(name, "status");
	}
	CHECK(i >= 8 && saw_status);
	CHECK(!procfs_entry(PFS_STATUS, 0, &name, &kind));
	struct procfs_node a = {PFS_STATUS, 5}, b = {PFS_STAT, 5}, c = {PFS_STATUS, 6}, r = {PFS_ROOT, 0};
	CHECK(procfs_ino(&a) != procfs_ino(&b) && procfs_ino(&a) != procfs_ino(&c) && procfs_ino(&r) == 1);
}

static const struct vm_procinfo info = {
	.pid = 14, .ppid = 1, .pgid = 14, .sid = 14, .total_vm = 179, .hiwater_vm = 200, .locked_vm = 2,
	.data_vm = 42, .exec_vm = 97, .stack_vm = 33, .rss_anon = 12, .rss_file = 99, .threads = 3,
	.minflt = 28, .start_ns = 250000000, .state = 'R', .name = "probe",
};

TEST(status_layout)
{
	char buf[4096];
	size_t n = procfs_status(buf, sizeof buf, &info, 022);
	CHECK(n == strlen(buf));
	static const char head[] = "Name:\tprobe\nUmask:\t0022\nState:\tR (running)\nTgid:\t14\nNgid:\t0\n"
	                           "Pid:\t14\nPPid:\t1\nTracerPid:\t0\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n"
	                           "FDSize:\t64\nGroups:\t \n";
	CHECK(!strncmp(buf, head, sizeof head - 1));
	CHECK(strstr(buf, "\nVmPeak:\t     800 kB\nVmSize:\t     716 kB\nVmLck:\t       8 kB\n"));
	CHECK(strstr(buf, "\nVmRSS:\t     444 kB\n"));
	CHECK(strstr(buf, "\nThreads:\t3\n"));
	/* Linux's order: VmPeak before VmSize before VmLck before VmRSS before Threads */
	CHECK(strstr(buf, "VmPeak") < strstr(buf, "VmSize") && strstr(buf, "VmLck") < strstr(buf, "VmRSS") &&
	      strstr(buf, "VmRSS") < strstr(buf, "Threads"));
	struct vm_procinfo z = info;
	z.state = 'Z';
	procfs_status(buf, sizeof buf, &z, -1);
	CHECK(!strstr(buf, "VmSize") && !strstr(buf, "Umask") && strstr(buf, "State:\tZ (zombie)\n"));
}

TEST(stat_fields)
{
	char buf[1024];
	procfs_stat(buf, sizeof buf, &info);
	static const char head[] = "14 (probe) R 1 14 14 0 -1 0 28 0 0 0 0 0 0 0 20 0 3 0 25 733184 111 "
	                           "18446744073709551615 ";
	CHECK(!strncmp(buf, head, sizeof head - 1));
	int fields = 1;
	for (char *p = buf; *p; p++)
		fields += *p == ' ';
	CHECK(fields == 52);
	CHECK(buf[strlen(buf) - 1] == '\n');
	struct vm_procinfo odd = info;   /* a name with a space and a parenthesis stays whole */
	memcpy(odd.name, "a b) c", 7);
	procfs_stat(buf, sizeof buf, &odd);
	CHECK(!strncmp(buf, "14 (a b) c) R ", 14));
	procfs_statm(buf, sizeof buf, &info);
	CHECK(!strcmp(buf, "179 111 99 97 0 75 0\n"));
}

TEST(meminfo_layout)
{
	char buf[4096];
	struct vm_meminfo_rep m = {.total = 63483, .free = 62124, .cached = 384, .committed = 543, .limit = 31741};
	procfs_meminfo(buf, sizeof buf, &m);
	static const char head[] = "MemTotal:         253932 kB\nMemFree:          248496 kB\n"
	                           "MemAvailable:     250032 kB\nBuffers:               0 kB\n"
	                           "Cached:             1536 kB\n";
	CHECK(!strncmp(buf, head, sizeof head - 1));
	CHECK(strstr(buf, "\nCommitLimit:      126964 kB\nCommitted_AS:       2172 kB\n"));
	CHECK(strstr(buf, "\nDirty:                 0 kB\n"));
	CHECK(strstr(buf, "Cached") < strstr(buf, "Dirty") && strstr(buf, "Dirty") < strstr(buf, "CommitLimit"));
}

TEST(small_texts)
{
	char buf[256];
	procfs_uptime(buf, sizeof buf, 290000000ull, 30000000ull);
	CHECK(!strcmp(buf, "0.29 0.03\n"));
	procfs_uptime(buf, sizeof buf, 3723450000000ull, 0);
	CHECK(!strcmp(buf, "3723.45 0.00\n"));
	procfs_loadavg(buf, sizeof buf, 1, 14, 14);
	CHECK(!strcmp(buf, "0.00 0.00 0.00 1/14 14\n"));
	procfs_cpuinfo(buf, sizeof buf, 1, "rv64imafdc", "sv39");
	CHECK(!strcmp(buf, "processor\t: 0\nhart\t\t: 0\nisa\t\t: rv64imafdc\nmmu\t\t: sv39\n"
	                   "mvendorid\t: 0x0\nmarchid\t\t: 0x0\nmimpid\t\t: 0x0\n\n"));
	procfs_mount_line(buf, sizeof buf, "proc", "/proc", "proc", "rw,relatime");
	CHECK(!strcmp(buf, "proc /proc proc rw,relatime 0 0\n"));
}

TEST(maps_lines)
{
	char buf[256];
	struct vm_procmap e = {0x10000, 0x71000, 0, 14, VM_PROCMAP_R | VM_PROCMAP_X, VM_PROCMAP_FILE};
	procfs_maps_line(buf, sizeof buf, &e, 0x0002, "/bin/probe");
	CHECK(!strcmp(buf, "00010000-00071000 r-xp 00000000 00:02 14                                 /bin/probe\n"));
	e = (struct vm_procmap){0x78000, 0x7d000, 0, 0, VM_PROCMAP_R | VM_PROCMAP_W, VM_PROCMAP_HEAP};
	procfs_maps_line(buf, sizeof buf, &e, 0, 0);
	CHECK(!strcmp(buf, "00078000-0007d000 rw-p 00000000 00:00 0                                  [heap]\n"));
	e = (struct vm_procmap){0xfffffffffdf000, 0x100000000000000, 0, 0, VM_PROCMAP_R | VM_PROCMAP_W, VM_PROCMAP_STACK};
	procfs_maps_line(buf, sizeof buf, &e, 0, 0);
	CHECK(!strcmp(buf, "fffffffffdf000-100000000000000 rw-p 00000000 00:00 0                     [stack]\n"));
	e = (struct vm_procmap){0x3f00000000, 0x3f00002000, 0, 0, VM_PROCMAP_R | VM_PROCMAP_W | VM_PROCMAP_S, VM_PROCMAP_ANON};
	procfs_maps_line(buf, sizeof buf, &e, 0, 0);
	CHECK(!strcmp(buf, "3f00000000-3f00002000 rw-s 00000000 00:00 0 \n"));   /* no name: a space ends it */
}

TEST(truncation_is_bounded)
{
	char buf[8];
	memset(buf, 'x', sizeof buf);
	size_t n = procfs_status(buf, 5, &info, 0);
	CHECK(n > 100 && buf[4] == 0 && buf[5] == 'x' && !strcmp(buf, "Name"));
	CHECK(procfs_meminfo(buf, 0, &(struct vm_meminfo_rep){0}) > 0 && buf[0] == 'N');
}

CHECK_MAIN()
