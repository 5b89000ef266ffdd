/* procfs_text.c - the text of /proc's files in Linux 6.1's layout (procfs.h): its
 * seq_put_decimal_ull_width, seq_put_hex_ll and seq_pad, over a bounded buffer. */
#include "procfs/procfs.h"
#include "base/mem.h"

/* Text going into buf[0, n): len counts all of it, what fits is kept. */
struct out { char *buf; size_t n, len; };

static void put(struct out *o, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++, o->len++)
		if (o->len + 1 < o->n)
			o->buf[o->len] = s[i];
}

static void str(struct out *o, const char *s) { put(o, s, strlen(s)); }

/* Unsigned v in decimal, right-aligned in width (Linux's seq_put_decimal_ull_width). */
static void dec(struct out *o, uint64_t v, int width)
{
	char t[24];
	int k = 0;
	do
		t[23 - k++] = (char)('0' + v % 10);
	while (v /= 10);
	for (; width > k; width--)
		put(o, " ", 1);
	put(o, t + 24 - k, (size_t)k);
}

static void sdec(struct out *o, int64_t v)
{
	if (v < 0) {
		put(o, "-", 1);
		dec(o, (uint64_t)0 - (uint64_t)v, 0);
	} else {
		dec(o, (uint64_t)v, 0);
	}
}

/* v in lower-case hex, at least digits long with leading zeros. */
static void hex(struct out *o, uint64_t v, int digits)
{
	char t[16];
	int k = 0;
	do {
		t[15 - k++] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v || k < digits);
	put(o, t + 16 - k, (size_t)k);
}

static size_t end(struct out *o)
{
	if (o->n)
		o->buf[o->len < o->n ? o->len : o->n - 1] = 0;
	return o->len;
}

/* "KEY:\t" then kB of pages, width 8, " kB\n" (task_mem's SEQ_PUT_DEC). */
static void kb_line(struct out *o, const char *key, uint64_t pages)
{
	str(o, key);
	str(o, ":\t");
	dec(o, pages * 4, 8);
	str(o, " kB\n");
}

static const char *state_name(uint8_t s)
{
	switch (s) {
	case 'R': return "R (running)";
	case 'T': return "T (stopped)";
	case 'Z': return "Z (zombie)";
	default: return "S (sleeping)";
	}
}

size_t procfs_status(char *buf, size_t n, const struct vm_procinfo *i, int umask)
{
	struct out o = {buf, n, 0};
	char name[17];
	memcpy(name, i->name, 16);
	name[16] = 0;
	str(&o, "Name:\t");
	str(&o, name);
	str(&o, "\n");
	if (umask >= 0) {
		str(&o, "Umask:\t0");
		for (int sh = 6; sh >= 0; sh -= 3)
			dec(&o, (uint64_t)(umask >> sh) & 7, 0);
		str(&o, "\n");
	}
	str(&o, "State:\t");
	str(&o, state_name(i->state));
	str(&o, "\nTgid:\t");
	sdec(&o, i->pid);
	str(&o, "\nNgid:\t0\nPid:\t");
	sdec(&o, i->pid);
	str(&o, "\nPPid:\t");
	sdec(&o, i->ppid);
	str(&o, "\nTracerPid:\t0\nUid:");
	for (int k = 0; k < 4; k++) {
		str(&o, "\t");
		dec(&o, i->uid[k], 0);
	}
	str(&o, "\nGid:");
	for (int k = 0; k < 4; k++) {
		str(&o, "\t");
		dec(&o, i->gid[k], 0);
	}
	str(&o, "\nFDSize:\t64\nGroups:\t \nNStgid:\t");
	sdec(&o, i->pid);
	str(&o, "\nNSpid:\t");
	sdec(&o, i->pid);
	str(&o, "\nNSpgid:\t");
	sdec(&o, i->pgid);
	str(&o, "\nNSsid:\t");
	sdec(&o, i->sid);
	str(&o, "\n");
	if (i->state != 'Z') {   /* a zombie has no memory: Linux leaves task_mem out */
		kb_line(&o, "VmPeak", i->hiwater_vm);
		kb_line(&o, "VmSize", i->total_vm);
		kb_line(&o, "VmLck", i->locked_vm);
		kb_line(&o, "VmPin", 0);
		kb_line(&o, "VmHWM", i->rss_anon + i->rss_file);
		kb_line(&o, "VmRSS", i->rss_anon + i->rss_file);
		kb_line(&o, "RssAnon", i->rss_anon);
		kb_line(&o, "RssFile", i->rss_file);
		kb_line(&o, "RssShmem", 0);
		kb_line(&o, "VmData", i->data_vm);
		kb_line(&o, "VmStk", i->stack_vm);
		kb_line(&o, "VmExe", i->exec_vm);
		kb_line(&o, "VmLib", 0);
		kb_line(&o, "VmPTE", 0);
		kb_line(&o, "VmSwap", 0);
		str(&o, "CoreDumping:\t0\nTHP_enabled:\t0\n");
	}
	str(&o, "Threads:\t");
	dec(&o, i->threads ? i->threads : 1, 0);
	str(&o, "\nSigQ:\t0/0\nSigPnd:\t0000000000000000\nShdPnd:\t");
	hex(&o, i->sig_pending, 16);
	str(&o, "\nSigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\nSigCgt:\t0000000000000000\nCapInh:\t0000000000000000\n"
	        "CapPrm:\t000001ffffffffff\nCapEff:\t000001ffffffffff\nCapBnd:\t000001ffffffffff\n"
	        "CapAmb:\t0000000000000000\nNoNewPrivs:\t0\nSpeculation_Store_Bypass:\tunknown\n"
	        "SpeculationIndirectBranch:\tunsupported\nCpus_allowed:\t1\nCpus_allowed_list:\t0\n"
	        "voluntary_ctxt_switches:\t0\nnonvoluntary_ctxt_switches:\t0\n");
	return end(&o);
}

size_t procfs_stat(char *buf, size_t n, const struct vm_procinfo *i)
{
	struct out o = {buf, n, 0};
	char name[17];
	memcpy(name, i->name, 16);
	name[16] = 0;
	int zombie = i->state == 'Z';
	/* pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt
	 * cmajflt utime stime cutime cstime priority nice num_threads itrealvalue */
	sdec(&o, i->pid);
	str(&o, " (");
	str(&o, name);
	str(&o, ") ");
	put(&o, (const char *)&i->state, 1);
	const int64_t a[] = {i->ppid, i->pgid, i->sid, 0, -1, 0, (int64_t)i->minflt, 0, 0, 0, 0, 0, 0, 0,
	                     20, 0, (int64_t)(i->threads ? i->threads : 1), 0};
	for (size_t k = 0; k < sizeof a / sizeof a[0]; k++) {
		str(&o, " ");
		sdec(&o, a[k]);
	}
	/* starttime vsize rss rsslim startcode endcode startstack kstkesp kstkeip signal
	 * blocked sigignore sigcatch wchan nswap cnswap exit_signal processor rt_priority
	 * policy delayacct_blkio_ticks guest_time cguest_time start_data end_data start_brk
	 * arg_start arg_end env_start env_end exit_code */
	const uint64_t b[] = {i->start_ns / 10000000, zombie ? 0 : i->total_vm * 4096,
	                      zombie ? 0 : i->rss_anon + i->rss_file, UINT64_MAX, 0, 0, 0, 0, 0,
	                      i->sig_pending & 0x7fffffff, 0, 0, 0, 0, 0, 0, 17, 0, 0, 0, 0, 0, 0,
	                      i->start_data, i->end_data, i->start_brk, i->arg_start, i->arg_end, 0, 0, 0};
	for (size_t k = 0; k < sizeof b / sizeof b[0]; k++) {
		str(&o, " ");
		dec(&o, b[k], 0);
	}
	str(&o, "\n");
	return end(&o);
}

size_t procfs_statm(char *buf, size_t n, const struct vm_procinfo *i)
{
	struct out o = {buf, n, 0};
	const uint64_t v[] = {i->total_vm, i->rss_anon + i->rss_file, i->rss_file, i->exec_vm, 0,
	                      i->data_vm + i->stack_vm, 0};
	for (size_t k = 0; k < 7; k++) {
		if (k)
			str(&o, " ");
		dec(&o, v[k], 0);
	}
	str(&o, "\n");
	return end(&o);
}

size_t procfs_meminfo(char *buf, size_t n, const struct vm_meminfo_rep *m)
{
	struct out o = {buf, n, 0};
	uint64_t used = m->total - m->free, anon = used > m->cached ? used - m->cached : 0;
	const struct { const char *key; uint64_t pages; } rows[] = {
		{"MemTotal", m->total}, {"MemFree", m->free}, {"MemAvailable", m->free + m->cached},
		{"Buffers", 0}, {"Cached", m->cached}, {"SwapCached", 0}, {"Active", 0}, {"Inactive", 0},
		{"Active(anon)", 0}, {"Inactive(anon)", 0}, {"Active(file)", 0}, {"Inactive(file)", 0},
		{"Unevictable", m->mlocked}, {"Mlocked", m->mlocked}, {"SwapTotal", 0}, {"SwapFree", 0},
		{"Dirty", 0}, {"Writeback", 0}, {"AnonPages", anon}, {"Mapped", 0}, {"Shmem", 0},
		{"KReclaimable", 0}, {"Slab", 0}, {"SReclaimable", 0}, {"SUnreclaim", 0},
		{"KernelStack", 0}, {"PageTables", 0}, {"SecPageTables", 0}, {"NFS_Unstable", 0},
		{"Bounce", 0}, {"WritebackTmp", 0}, {"CommitLimit", m->limit}, {"Committed_AS", m->committed},
		{"VmallocTotal", 0}, {"VmallocUsed", 0}, {"VmallocChunk", 0}, {"Percpu", 0},
	};
	for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
		size_t l = strlen(rows[k].key);
		str(&o, rows[k].key);
		str(&o, ":");
		for (; l < 15; l++)   /* the key and its colon take 16 columns */
			str(&o, " ");
		dec(&o, rows[k].pages * 4, 8);
		str(&o, " kB\n");
	}
	return end(&o);
}

/* ns as seconds with two decimals ("%lu.%02lu"). */
static void centis(struct out *o, uint64_t ns)
{
	uint64_t c = ns / 10000000;
	dec(o, c / 100, 0);
	str(o, ".");
	dec(o, c / 10 % 10, 0);
	dec(o, c % 10, 0);
}

size_t procfs_uptime(char *buf, size_t n, uint64_t up_ns, uint64_t idle_ns)
{
	struct out o = {buf, n, 0};
	centis(&o, up_ns);
	str(&o, " ");
	centis(&o, idle_ns);
	str(&o, "\n");
	return end(&o);
}

size_t procfs_loadavg(char *buf, size_t n, uint64_t running, uint64_t threads, int64_t last_pid)
{
	struct out o = {buf, n, 0};
	str(&o, "0.00 0.00 0.00 ");
	dec(&o, running, 0);
	str(&o, "/");
	dec(&o, threads, 0);
	str(&o, " ");
	sdec(&o, last_pid);
	str(&o, "\n");
	return end(&o);
}

/* One cpu line of /proc/stat: its name and idle ticks, the nine other times 0. */
static void cpu_line(struct out *o, const char *name, uint64_t idle)
{
	str(o, name);
	str(o, " 0 0 0 ");
	dec(o, idle, 0);
	str(o, " 0 0 0 0 0 0\n");
}

size_t procfs_sysstat(char *buf, size_t n, unsigned nharts, uint64_t up_ns, int64_t last_pid, uint64_t running)
{
	struct out o = {buf, n, 0};
	uint64_t ticks = up_ns / 10000000;   /* USER_HZ 100 */
	cpu_line(&o, "cpu ", ticks * nharts);
	for (unsigned h = 0; h < nharts; h++) {
		char name[16] = "cpu";
		size_t l = 3;
		unsigned d = 1;
		while (d * 10 <= h)
			d *= 10;
		for (; d; d /= 10)
			name[l++] = (char)('0' + h / d % 10);
		name[l] = 0;
		cpu_line(&o, name, ticks);
	}
	str(&o, "intr 0\nctxt 0\nbtime 0\nprocesses ");
	sdec(&o, last_pid);
	str(&o, "\nprocs_running ");
	dec(&o, running, 0);
	str(&o, "\nprocs_blocked 0\nsoftirq 0 0 0 0 0 0 0 0 0 0 0\n");
	return end(&o);
}

size_t procfs_cpuinfo(char *buf, size_t n, unsigned nharts, const char *isa, const char *mmu)
{
	struct out o = {buf, n, 0};
	for (unsigned h = 0; h < nharts; h++) {
		str(&o, "processor\t: ");
		dec(&o, h, 0);
		str(&o, "\nhart\t\t: ");
		dec(&o, h, 0);
		str(&o, "\nisa\t\t: ");
		str(&o, isa);
		str(&o, "\nmmu\t\t: ");
		str(&o, mmu);
		str(&o, "\nmvendorid\t: 0x0\nmarchid\t\t: 0x0\nmimpid\t\t: 0x0\n\n");
	}
	return end(&o);
}

size_t procfs_mount_line(char *buf, size_t n, const char *dev, const char *dir, const char *type,
                         const char *opts)
{
	struct out o = {buf, n, 0};
	const char *f[] = {dev, dir, type, opts};
	for (int k = 0; k < 4; k++) {
		str(&o, f[k]);
		str(&o, " ");
	}
	str(&o, "0 0\n");
	return end(&o);
}

size_t procfs_maps_line(char *buf, size_t n, const struct vm_procmap *e, uint32_t dev, const char *name)
{
	struct out o = {buf, n, 0};
	char perms[4] = {e->prot & VM_PROCMAP_R ? 'r' : '-', e->prot & VM_PROCMAP_W ? 'w' : '-',
	                 e->prot & VM_PROCMAP_X ? 'x' : '-', e->prot & VM_PROCMAP_S ? 's' : 'p'};
	int file = e->kind == VM_PROCMAP_FILE || e->kind == VM_PROCMAP_EXE || e->kind == VM_PROCMAP_SHMEM;
	hex(&o, e->start, 8);
	str(&o, "-");
	hex(&o, e->end, 8);
	str(&o, " ");
	put(&o, perms, 4);
	str(&o, " ");
	hex(&o, e->offset, 8);
	str(&o, " ");
	hex(&o, file ? dev >> 8 : 0, 2);
	str(&o, ":");
	hex(&o, file ? dev & 0xff : 0, 2);
	str(&o, " ");
	dec(&o, file ? e->ino : 0, 0);
	str(&o, " ");
	const char *label = e->kind == VM_PROCMAP_HEAP ? "[heap]" : e->kind == VM_PROCMAP_STACK ? "[stack]"
	                    : e->kind == VM_PROCMAP_LX ? "[vdso]" : e->kind == VM_PROCMAP_SHMEM ? "/dev/zero (deleted)"
	                    : file ? name : 0;
	if (label) {   /* seq_pad to 72 columns (25 + 6 * sizeof(void *) - 1), then a space */
		for (size_t col = o.len; col < 72; col++)
			str(&o, " ");
		str(&o, " ");
		str(&o, label);
	}
	str(&o, "\n");
	return end(&o);
}
