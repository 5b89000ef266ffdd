/* vm_oracle.c - lib/vm against the host's Linux kernel, operation by operation.
 *
 * A window of the host address space is reserved (PROT_NONE, with a shared anonymous
 * PROT_NONE guard page at each end so nothing outside ever merges with it) and mirrored
 * by a struct vm_mm holding the same VMAs at the same addresses. A random sequence of
 * mmap (MAP_FIXED / MAP_FIXED_NOREPLACE: anonymous private and shared, private and shared
 * maps of a few temporary files), munmap, mprotect, mlock, mlock2, munlock, madvise,
 * msync, mremap (see "mremap" below: contents and placement), page writes (a fault,
 * caught with SIGSEGV on the host), setrlimit(RLIMIT_AS, RLIMIT_MEMLOCK) and fork (fork() against vm_dup_mmap; see "fork" below: the child
 * compares itself, then the child or the parent goes on) runs on both. After every operation the oracle compares the result
 * (address or errno, or the fault's si_code), every VMA of the window as
 * /proc/self/smaps shows it (start, end, rwxs/p, file identity and offset, VmFlags rd wr
 * ex sh mr mw me ms gd lo lf ac nr rr sr nh sf dc wf) and the counters of /proc/self/status
 * (VmSize, VmLck, VmData, VmStk, VmExe + VmLib) with the library's.
 *
 * Set-up facts mirrored into the library: RAM and swap (the heuristic overcommit check),
 * the overcommit mode, RLIMIT_MEMLOCK and RLIMIT_STACK, a noexec /tmp. The process runs
 * as root; CAP_IPC_LOCK would switch RLIMIT_MEMLOCK off, so it is dropped first (if that
 * fails, the library is told cap_ipc_lock and the oracle never locks large ranges).
 * RLIMIT_AS counts the whole process on the host: the host limit is set to the size of
 * everything outside the window plus the library's limit, and the outside must not
 * change during the run (no malloc, no stdio buffer growth, stack grown at start).
 *
 * One difference is Linux's and named, not hidden: when a MAP_FIXED mmap fails in
 * may_expand_vm or in the overcommit check, Linux 6.x has already split the VMAs at the
 * ends of the range (vms_gather_munmap_vmas runs first) and keeps the splits; lib/vm
 * checks before it changes anything. The split is not only cosmetic: the pieces get
 * their own anon_vma on their first write, which later decides VM_ACCOUNT on mprotect
 * and merging. So after such a failure the oracle makes the same splits in the library
 * (with its own vma_split) and counts them; the comparison stays exact. Two more are
 * named the same way: the gap Linux leaves when a file system's hook refuses a MAP_FIXED,
 * and, on a host without the zero page (pvm_no_zero_page), the anon_vma a read populate
 * makes (see e_populate).
 *
 * Usage: vm_oracle [--seed N] [--ops N]   (defaults: seed 1, 6000 operations)
 * Output: one "ok - ..." / "not ok - ..." line per 1,000 operations and a summary.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/statvfs.h>
#include <sys/vfs.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vm/vm.h"
#include "vm/vm_internal.h"    /* vma_split, vma_anon_prepare: to mirror what the host does */

#define PG        4096ull
#define NA        640          /* pages of the window the operations touch */
#define HOT       96           /* ...most of them in the first HOT pages */
#define FPAGES    64           /* pages of each temporary file */
#define MAXV      4096         /* VMAs compared at most */
#define NFILES    4

/* ---- the library's environment: static pools, no malloc ---- */

struct vm_file {
	int idx;                   /* 0..3: files; 100+: shared anonymous objects */
	unsigned mode;
	unsigned long ino;         /* host inode (files), or learnt (shmem) */
	int refs;
	int shmem;
	uint64_t charged;
	uint64_t size;             /* pages: a file's, or the object's at creation */
};

/* Is page va of v past the end of its file or shared object? Linux gives SIGBUS there
 * (mremap can grow a mapping past it: a shared anonymous object keeps its size); the
 * library's environment, the pager, decides so, not the library: the oracle plays it. */
static int past_end(const struct vm_area *v, uint64_t va)
{
	return v && v->file && v->pgoff + (va - v->start) / PG >= v->file->size;
}

static struct vm_area node_pool[1 << 16];
static struct vm_area *node_free;
static struct vm_file files[NFILES];
static struct vm_file shm[1 << 14];
static int nshm;
static struct vm_sys sys;
static struct vm_mm mm;

static struct vm_area *e_alloc(void *c)
{
	(void)c;
	struct vm_area *v = node_free;
	if (v)
		node_free = v->parent;
	return v;
}
static void e_free(void *c, struct vm_area *v)
{
	(void)c;
	v->parent = node_free;
	node_free = v;
}
static void e_get(void *c, struct vm_file *f) { (void)c; f->refs++; }
static void e_put(void *c, struct vm_file *f)
{
	(void)c;
	if (--f->refs == 0 && f->shmem)
		vm_sys_unacct(&sys, (int64_t)f->charged);
}
static unsigned e_mode(void *c, struct vm_file *f) { (void)c; return f->mode; }
static int e_shmem(void *c, struct vm_mm *m, uint64_t len, uint64_t flags, struct vm_file **out)
{
	(void)c, (void)m;
	if (nshm >= (int)(sizeof shm / sizeof shm[0]))
		return -VM_ENOMEM;
	struct vm_file *f = &shm[nshm];
	*f = (struct vm_file){.idx = 100 + nshm, .mode = VM_FMODE_READ | VM_FMODE_WRITE, .refs = 1,
	                      .shmem = 1, .charged = flags & VM_NORESERVE ? 0 : len / PG,
	                      .size = len / PG};
	nshm++;
	*out = f;
	return 0;
}
/* The file system's mmap hook as the host's behaves: ext4 and xfs refuse VM_SYNC (no
 * DAX here); the others ignore it. */
static int sync_refused;
static int e_hook(void *c, struct vm_mmap_desc *d)
{
	(void)c;
	return (d->flags & VM_SYNC) && sync_refused ? -VM_EOPNOTSUPP : 0;
}
/* Populate, as the host does it. Where the host kernel has no zero page (a PVM guest's
 * pvm_no_zero_page=1), a read fault of private anonymous memory allocates a page, so a
 * read populate (mlock, MAP_POPULATE, MAP_LOCKED of memory that is not writable) gives
 * the VMA an anon_vma, which upstream Linux, mapping the zero page, does not. The
 * library models upstream; the oracle gives its VMA the identity too and counts it (a
 * named difference: it decides merging, VM_ACCOUNT at mprotect, and what a fork copies). */
static int no_zero_page;
static long zero_page_anons;
static int e_populate(void *c, struct vm_mm *m, uint64_t start, uint64_t end, bool write)
{
	(void)c;
	struct vm_area *v = vm_find_vma(m, start);
	if (no_zero_page && !write && v && !v->file && !(v->flags & VM_MAYSHARE) && !v->anon) {
		vma_anon_prepare(m, v);
		zero_page_anons++;
	}
	return past_end(v, end - PG) ? -VM_EFAULT : 0;   /* get_user_pages meets SIGBUS */
}
/* mremap's moves as the library asks them (library addresses): the contents check
 * looks on the host whether the frames went where the library said. */
struct move_rec { uint64_t old, new, len; };
static struct move_rec moves[256];
static int nmoves;
static void e_move(void *c, struct vm_mm *m, uint64_t old, uint64_t new, uint64_t len)
{
	(void)c, (void)m;
	if (nmoves < (int)(sizeof moves / sizeof moves[0]))
		moves[nmoves++] = (struct move_rec){old, new, len};
}
/* MADV_REMOVE: the host punches the hole in its shmem or tmpfs file; so does this. */
static int e_punch(void *c, struct vm_file *f, uint64_t off, uint64_t len)
{
	(void)c, (void)f, (void)off, (void)len;
	return 0;
}
static const struct vm_env env = {0, e_alloc, e_free, e_get, e_put, e_mode, e_hook, e_shmem,
                                  0, 0, e_populate, 0, 0, 0, e_move, e_punch};

/* ---- small helpers: random numbers, /proc reading without stdio or malloc ---- */

static uint64_t rs;
static uint64_t rnd(uint64_t n)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return n ? rs % n : 0;
}

static char pbuf[8 << 20];
static size_t read_file(const char *path)
{
	int fd = open(path, O_RDONLY);
	size_t n = 0;
	if (fd < 0)
		return 0;
	for (;;) {
		size_t want = sizeof pbuf - 1 - n;
		ssize_t r = read(fd, pbuf + n, want < 65536 ? want : 65536);  /* sysctl: < 4 MiB */
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	pbuf[n] = 0;
	return n;
}

static long meminfo_kb(const char *key)
{
	read_file("/proc/meminfo");
	char *p = strstr(pbuf, key);
	return p ? atol(p + strlen(key)) : -1;
}

struct counters { long size, lck, data, stk, exe; };
static struct counters read_counters(void)
{
	struct counters c;
	read_file("/proc/self/status");
	const char *keys[] = {"VmSize:", "VmLck:", "VmData:", "VmStk:", "VmExe:", "VmLib:"};
	long v[6];
	for (int i = 0; i < 6; i++) {
		char *p = strstr(pbuf, keys[i]);
		v[i] = p ? atol(p + strlen(keys[i])) : -1;
	}
	c = (struct counters){v[0], v[1], v[2], v[3], v[4] + v[5]};
	return c;
}

/* ---- the window ---- */

static uint64_t W, H;            /* window [W, W + H * PG); guards at W - PG and W + H * PG */
static struct counters base;     /* everything outside the window */
static int cap_lock_kept;
static uint64_t rlim_as_lib = VM_RLIM_INFINITY;

/* VMAs as compared. */
struct ent {
	uint64_t start, end, off;
	char perms[5];
	unsigned long ino;           /* 0: anonymous private */
	unsigned flags;              /* F_* below */
	const struct vm_file *file;  /* library side */
	uint64_t anon;               /* library side, shown in dumps: the anon identity */
	bool anon_forked;
};
#define NFLAGS 19
static const char *fnames[NFLAGS] = {"rd", "wr", "ex", "sh", "mr", "mw", "me", "ms", "gd", "lo",
                                     "lf", "ac", "nr", "rr", "sr", "nh", "sf", "dc", "wf"};
static const uint64_t fbits[NFLAGS] = {VM_READ, VM_WRITE, VM_EXEC, VM_SHARED, VM_MAYREAD,
                                       VM_MAYWRITE, VM_MAYEXEC, VM_MAYSHARE, VM_GROWSDOWN,
                                       VM_LOCKED, VM_LOCKONFAULT, VM_ACCOUNT, VM_NORESERVE,
                                       VM_RAND_READ, VM_SEQ_READ, VM_NOHUGEPAGE, VM_SYNC,
                                       VM_DONTCOPY, VM_WIPEONFORK};

static struct ent host[MAXV], lib[MAXV];
static int nhost, nlib;

/* The host's VMAs meeting [lo, hi) into host[]. */
static int read_host_range(uint64_t lo, uint64_t hi)
{
	read_file("/proc/self/smaps");
	nhost = 0;
	struct ent *cur = 0;
	for (char *line = pbuf; *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = 0;
		unsigned long long s, e, off;
		char perms[8];
		unsigned long ino;
		if (sscanf(line, "%llx-%llx %7s %llx %*s %lu", &s, &e, perms, &off, &ino) == 5) {
			cur = 0;
			if (e > lo && s < hi && nhost < MAXV) {
				cur = &host[nhost++];
				memset(cur, 0, sizeof *cur);
				cur->start = s;
				cur->end = e;
				memcpy(cur->perms, perms, 4);
				cur->ino = ino;
				cur->off = ino ? off : 0;
			}
		} else if (cur && !strncmp(line, "VmFlags:", 8)) {
			for (char *t = strtok(line + 8, " "); t; t = strtok(0, " "))
				for (int i = 0; i < NFLAGS; i++)
					if (!strcmp(t, fnames[i]))
						cur->flags |= 1u << i;
		}
		if (!nl)
			break;
		line = nl + 1;
	}
	return nhost;
}

static int read_host(void) { return read_host_range(W - PG, W + H * PG + PG); }

static void read_lib(void)
{
	nlib = 0;
	for (struct vm_area *v = vm_find_vma(&mm, W - PG); v && v->start < W + H * PG + PG;
	     v = vm_next(&mm, v)) {
		struct ent *x = &lib[nlib++];
		memset(x, 0, sizeof *x);
		x->start = v->start;
		x->end = v->end;
		x->perms[0] = v->flags & VM_READ ? 'r' : '-';
		x->perms[1] = v->flags & VM_WRITE ? 'w' : '-';
		x->perms[2] = v->flags & VM_EXEC ? 'x' : '-';
		x->perms[3] = v->flags & VM_MAYSHARE ? 's' : 'p';
		x->file = v->file;
		x->anon = v->anon;
		x->anon_forked = v->anon_forked;
		x->ino = v->file ? v->file->ino : 0;
		x->off = v->file ? v->pgoff * PG : 0;
		for (int i = 0; i < NFLAGS; i++)
			if (v->flags & fbits[i])
				x->flags |= 1u << i;
	}
}

/* ---- Linux's kept split points (see the top comment) ---- */

static long mirrored;

/* After a MAP_FIXED mmap of [a, a + len) failed with ENOMEM on both sides: wherever the
 * host now has a VMA boundary at a or a + len inside one of the library's VMAs, split the
 * library's VMA there too (with the library's own split), so both continue alike. */
static void mirror_kept_splits(uint64_t a, uint64_t len)
{
	read_host();
	for (int k = 0; k < 2; k++) {
		uint64_t b = k ? a + len : a;
		int boundary = 0;
		for (int i = 0; i < nhost; i++)
			boundary |= host[i].start == b;
		struct vm_area *v = vm_find_vma(&mm, b);
		if (!boundary || !v || v->start >= b)
			continue;
		struct vm_area *spare = vm_node_alloc(&mm, 0);
		if (!spare)
			return;
		vma_split(&mm, v, b, spare);
		mirrored++;
	}
}

static long gaps;

/* After a MAP_FIXED mmap of [a, a + len) was refused by the file system's hook on both
 * sides: Linux 6.18 had already cleared the old range and leaves it unmapped; lib/vm asked
 * the hook first and kept it. If the host has no VMA left in the range, unmap it in the
 * library too. */
static void mirror_hook_gap(uint64_t a, uint64_t len)
{
	read_host();
	for (int i = 0; i < nhost; i++)
		if (host[i].start < a + len && host[i].end > a)
			return;
	if (vm_find_intersection(&mm, a, a + len)) {
		vm_munmap(&mm, a, len);
		gaps++;
	}
}

/* ---- comparing ---- */

static char why[4096];
static struct vm_file *shm_of_ino[1 << 14];
static unsigned long ino_seen[1 << 14];
static int nino;

static void fmt_ent(char *b, size_t n, const struct ent *e)
{
	size_t l = (size_t)snprintf(b, n, "[+%llx,+%llx) %.4s ino %lu off %llx", (unsigned long long)(e->start - W),
	                            (unsigned long long)(e->end - W), e->perms, e->ino,
	                            (unsigned long long)e->off);
	for (int i = 0; i < NFLAGS && l < n; i++)
		if (e->flags & (1u << i))
			l += (size_t)snprintf(b + l, n - l, " %s", fnames[i]);
	if (e->anon && l < n)
		snprintf(b + l, n - l, " (anon %llu%s)", (unsigned long long)e->anon,
		         e->anon_forked ? ", forked" : "");
}

static void dump_both(void)
{
	char b[256];
	printf("# host (%d VMAs):\n", nhost);
	for (int i = 0; i < nhost; i++) {
		fmt_ent(b, sizeof b, &host[i]);
		printf("#   %s\n", b);
	}
	printf("# lib (%d VMAs):\n", nlib);
	for (int i = 0; i < nlib; i++) {
		fmt_ent(b, sizeof b, &lib[i]);
		printf("#   %s\n", b);
	}
}

/* Bind a library shmem object to the host inode the first time they meet. */
static int shmem_match(const struct ent *l, const struct ent *h)
{
	struct vm_file *f = (struct vm_file *)l->file;
	if (!f || !f->shmem)
		return l->ino == h->ino;
	if (f->ino)
		return f->ino == h->ino;
	for (int i = 0; i < nino; i++)
		if (ino_seen[i] == h->ino)
			return 0;                      /* the inode belongs to another object */
	if (nino < (int)(sizeof ino_seen / sizeof ino_seen[0])) {
		ino_seen[nino] = h->ino;
		shm_of_ino[nino++] = f;
	}
	f->ino = h->ino;
	return 1;
}

static int compare_maps(void)
{
	read_host();
	read_lib();
	int i = 0, j = 0;
	struct ent h;
	while (i < nhost || j < nlib) {
		if (i >= nhost || j >= nlib) {
			snprintf(why, sizeof why, "VMA count differs (host %d, lib %d)", nhost, nlib);
			return -1;
		}
		h = host[i++];
		const struct ent *l = &lib[j++];
		if (h.start != l->start || h.end != l->end || memcmp(h.perms, l->perms, 4) ||
		    h.off != l->off || h.flags != l->flags || !shmem_match(l, &h)) {
			char a[256], b[256];
			fmt_ent(a, sizeof a, &h);
			fmt_ent(b, sizeof b, l);
			snprintf(why, sizeof why, "VMA differs: host %s | lib %s", a, b);
			return -1;
		}
	}
	struct counters c = read_counters();
	long want[5] = {(long)(mm.total_vm * 4), (long)(mm.locked_vm * 4), (long)(mm.data_vm * 4),
	                (long)(mm.stack_vm * 4), (long)(mm.exec_vm * 4)};
	long got[5] = {c.size - base.size, c.lck - base.lck, c.data - base.data, c.stk - base.stk,
	               c.exe - base.exe};
	static const char *names[] = {"VmSize", "VmLck", "VmData", "VmStk", "VmExe+VmLib"};
	for (int k = 0; k < 5; k++)
		if (want[k] != got[k]) {
			snprintf(why, sizeof why, "%s: host %ld kB beyond the outside, lib %ld kB", names[k],
			         got[k], want[k]);
			return -1;
		}
	char w[160];
	if (vm_check(&mm, w, sizeof w)) {
		snprintf(why, sizeof why, "vm_check: %s", w);
		return -1;
	}
	return 0;
}

/* ---- the operations ---- */

static sigjmp_buf fault_jmp;
static volatile int fault_code;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	fault_code = sig == SIGSEGV ? si->si_code : 100 + sig;
	siglongjmp(fault_jmp, 1);
}

static unsigned char write_val;   /* each write its own byte: moved pages can be told apart */
static int host_write(uint64_t addr)
{
	fault_code = 0;
	write_val = (unsigned char)(write_val % 255 + 1);
	if (sigsetjmp(fault_jmp, 1) == 0)
		*(volatile char *)addr = (char)write_val;
	return fault_code;
}

static int hfd[NFILES];
/* what ran: per kind, successes and each errno */
enum { K_MMAP, K_MUNMAP, K_MPROTECT, K_MLOCK, K_WRITE, K_MADVISE, K_MSYNC, K_RLIMIT, K_FORK,
       K_MREMAP, K_NR };
static const char *knames[] = {"mmap", "munmap", "mprotect", "mlock/munlock", "write",
                               "madvise", "msync", "setrlimit", "fork", "mremap"};
static long kstat[K_NR][2];       /* [kind][0] = succeeded, [1] = failed */
static long errstat[K_NR][128];
static int kind;
static char desc[512];

/* Page a of the window, mostly in the active part. */
static uint64_t pick_page(void) { return rnd(10) < 7 ? rnd(HOT) : rnd(NA); }
static uint64_t pick_len(void)
{
	uint64_t r = rnd(100);
	return r < 60 ? 1 + rnd(4) : r < 90 ? 1 + rnd(16) : 1 + rnd(64);
}

static const uint64_t prots[] = {PROT_NONE, PROT_READ, PROT_READ | PROT_WRITE,
                                 PROT_READ | PROT_EXEC, PROT_READ | PROT_WRITE | PROT_EXEC,
                                 PROT_WRITE, PROT_EXEC};
static uint64_t pick_prot(void)
{
	static const int w[] = {10, 25, 35, 10, 10, 5, 5};
	uint64_t r = rnd(100);
	for (int i = 0; i < 7; i++) {
		if (r < (uint64_t)w[i])
			return prots[i];
		r -= (uint64_t)w[i];
	}
	return PROT_READ;
}

static void set_rlimit_as(void)
{
	struct rlimit rl;
	getrlimit(RLIMIT_AS, &rl);
	if (rlim_as_lib == VM_RLIM_INFINITY)
		rl.rlim_cur = RLIM_INFINITY;
	else
		rl.rlim_cur = (rlim_t)base.size * 1024 + rlim_as_lib;
	setrlimit(RLIMIT_AS, &rl);
	mm.rlim[VM_RLIMIT_AS].cur = rlim_as_lib;
}

/* An operation, as data: made at random or listed in a script. */
struct op {
	int kind;                    /* K_* */
	int sub;                     /* mlock: 0 mlock, 1 mlock2, 2 munlock; rlimit: 0 AS, 1 MEMLOCK;
	                                fork: FORK_CHILD_GOES_ON, FORK_PARENT_GOES_ON */
	uint64_t a, len, prot, flags, off, arg;   /* mremap: a, old_len, -, flags, new_addr, new_len */
	int fi;                      /* file index, -1: none */
};

/* ---- fork ----
 * A fork runs on both sides: fork() on the host, vm_dup_mmap into cmm in the library.
 * Then each process compares what it is: the parent its maps with mm, the child its own
 * /proc/self with cmm, which it makes its mm (the parent's model is dropped there, as
 * the parent's memory is not the child's). Then one of the two goes on with the sequence:
 * FORK_CHILD_GOES_ON: the parent waits for the child and ends with its status (so the
 *   rest, later forks included, runs in the child, a grandchild...);
 * FORK_PARENT_GOES_ON: the child ends, with 0 if its maps matched; the parent drops cmm.
 */
enum { FORK_CHILD_GOES_ON, FORK_PARENT_GOES_ON };
static struct vm_mm cmm;
static pid_t fork_pid;            /* after a fork, in the parent: the host child */
static int fork_child;            /* after a fork, in the child: 1 */

/* fork() and vm_dup_mmap: the host's result (0 in both processes, or -errno) into *hr,
 * the library's into *lr. In the child, mm becomes the child's model. */
static void fork_both(long *hr, long *lr)
{
	vm_mm_init(&cmm, &sys, &env, mm.task_size);
	*lr = vm_dup_mmap(&cmm, &mm);
	fflush(stdout);
	pid_t pid = fork();
	*hr = pid < 0 ? -errno : 0;
	fork_pid = pid > 0 ? pid : 0;
	fork_child = pid == 0;
	if (pid == 0 && *lr == 0) {
		vm_mm_destroy(&mm);
		mm = cmm;                  /* the nodes point at each other, not at the mm */
	} else if (pid < 0 && *lr == 0) {
		vm_mm_destroy(&cmm);
	}
}

/* After the fork and the comparison (r: 0 if this process's result and maps matched):
 * which process goes on. Returns r, or -1 if the parent learns that its child's maps
 * differed. A child that differs says so and ends; its parent reports it. */
static int fork_settle(int sub, int r)
{
	if (fork_child) {
		fork_child = 0;
		if (r || sub == FORK_PARENT_GOES_ON) {
			if (r) {
				printf("# the child of the fork differs: %s\n", why);
				dump_both();
			}
			fflush(stdout);
			_exit(r ? 1 : 0);
		}
		return 0;
	}
	if (!fork_pid)                               /* fork failed on the host */
		return r;
	int st = 0;
	if (r || sub == FORK_PARENT_GOES_ON) {
		if (r)
			kill(fork_pid, SIGKILL);
		waitpid(fork_pid, &st, 0);
		fork_pid = 0;
		vm_mm_destroy(&cmm);
		if (!r && !(WIFEXITED(st) && WEXITSTATUS(st) == 0)) {
			snprintf(why, sizeof why, "the child's maps differ from the library's child "
			         "(status %#x; its lines above)", st);
			return -1;
		}
		return r;
	}
	waitpid(fork_pid, &st, 0);                   /* the child goes on: its result is ours */
	exit(WIFEXITED(st) ? WEXITSTATUS(st) : 1);
}

static void describe(const struct op *o)
{
	static const char *sub[] = {"mlock", "mlock2", "munlock"};
	const char *name = o->kind == K_MLOCK ? sub[o->sub] : o->kind == K_RLIMIT ?
	                   (o->sub ? "setrlimit(MEMLOCK)" : "setrlimit(AS)") :
	                   o->kind == K_FORK ? (o->sub ? "fork(parent goes on)" : "fork(child goes on)") :
	                   knames[o->kind];
	if (o->kind == K_MREMAP) {
		snprintf(desc, sizeof desc, "mremap(+%llx, %llx, %llx, flags %llx, +%llx)",
		         (unsigned long long)(o->a - W), (unsigned long long)o->len,
		         (unsigned long long)o->arg, (unsigned long long)o->flags,
		         (unsigned long long)(o->off - W));
		return;
	}
	snprintf(desc, sizeof desc, "%s(+%llx, %llx, prot %llx, flags %llx, file %d, off %llx, %llx)",
	         name, (unsigned long long)(o->a - W), (unsigned long long)o->len,
	         (unsigned long long)o->prot, (unsigned long long)o->flags, o->fi,
	         (unsigned long long)o->off, (unsigned long long)o->arg);
}

/* ---- mremap ----
 * Three things are the oracle's, not the library's: the contents check, the placement of
 * a move the caller did not place, and two Linux behaviours mirrored or avoided (see the
 * summary lines).
 * Contents: before an mremap the oracle notes which pages of the old range have a frame
 * on the host (/proc/self/pagemap) and a hash of each (/proc/self/mem, which reads
 * PROT_NONE pages too; neither faults a page in). After it, each move the library asked
 * of move_pages must have taken exactly those frames to the new place, and DONTUNMAP
 * must have left none behind; old_len 0 must show the shared pages again.
 * Placement: the library knows only the window, so where MAYMOVE (or DONTUNMAP's taken
 * hint) puts a VMA differs. Its mmap_base is the window's bottom guard, so it places
 * such a VMA just below the window; if the host put it into a hole of the window, the
 * library's VMA is moved there (MREMAP_FIXED), else the two are compared and unmapped. */

static uint64_t page_state(uint64_t va, int fault_in)   /* 0: no frame, else hash | 1 */
{
	static unsigned char buf[PG];
	uint64_t e = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);
	if (!fault_in && (fd < 0 || pread(fd, &e, 8, (off_t)(va / PG * 8)) != 8))
		e = 0;
	if (fd >= 0)
		close(fd);
	if (!fault_in && !(e & (3ull << 62)))
		return 0;
	fd = open("/proc/self/mem", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : pread(fd, buf, PG, (off_t)va);
	if (fd >= 0)
		close(fd);
	if (n != (ssize_t)PG)
		return 2;                                  /* unreadable: compared as such */
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < PG; i++)
		h = (h ^ buf[i]) * 1099511628211ull;
	return h | 1;
}

#define SNAP 160
static uint64_t snap_pg[SNAP], snap_base, snap_end;
static int snap_n;
static long pages_followed, pages_left_empty, pages_seen_twice, placed_in, placed_out;
static long mremap_gaps, dontunmap_locked_avoided;

static void snap_contents(uint64_t a, uint64_t pages, uint64_t end)
{
	snap_base = a;
	snap_end = end;
	snap_n = pages <= SNAP ? (int)pages : 0;
	for (int i = 0; i < snap_n; i++)
		snap_pg[i] = page_state(a + (uint64_t)i * PG, 0);
}

/* After a successful mremap (host result hr, library result lr): did the frames follow
 * the library's moves (a move to the library's [lr, lr + nl) is looked for at hr)? */
static int check_contents(const struct op *o, long hr, long lr, uint64_t nl)
{
	for (int k = 0; k < nmoves; k++) {
		const struct move_rec *m = &moves[k];
		uint64_t shift = m->new >= (uint64_t)lr && m->new < (uint64_t)lr + nl ?
		                 (uint64_t)hr - (uint64_t)lr : 0;
		for (uint64_t i = 0; i < m->len / PG; i++) {
			uint64_t old = m->old + i * PG, idx = (old - snap_base) / PG;
			if (old < snap_base || idx >= (uint64_t)snap_n || !snap_pg[idx])
				continue;
			uint64_t now = page_state(m->new + shift + i * PG, 0);
			if (now != snap_pg[idx]) {
				snprintf(why, sizeof why, "the frame at +%llx did not move to +%llx "
				         "(%s there)", (unsigned long long)(old - W),
				         (unsigned long long)(m->new + shift + i * PG - W),
				         now ? "another" : "none");
				return -1;
			}
			pages_followed++;
			if ((o->flags & MREMAP_DONTUNMAP) && page_state(old, 0)) {
				snprintf(why, sizeof why, "DONTUNMAP left a frame at +%llx",
				         (unsigned long long)(old - W));
				return -1;
			}
			pages_left_empty += (o->flags & MREMAP_DONTUNMAP) != 0;
		}
	}
	if (!o->len) {                                 /* old_len 0: the same pages again */
		for (int i = 0; i < snap_n && snap_base + (uint64_t)i * PG < snap_end; i++) {
			if (!snap_pg[i])
				continue;
			uint64_t now = page_state((uint64_t)hr + (uint64_t)i * PG, 1);
			if (now != snap_pg[i]) {
				snprintf(why, sizeof why, "old_len 0: page %d of the new mapping is not the "
				         "old one's", i);
				return -1;
			}
			pages_seen_twice++;
		}
	}
	return 0;
}

/* A VMA of the host outside the window (in host[0..nhost)) containing [a, a + len), alike
 * to the library's VMA v, which must be exactly [lv, lv + len)? */
static int compare_outside(uint64_t a, uint64_t len, uint64_t lv)
{
	struct vm_area *v = vm_find_vma(&mm, lv);
	read_host_range(a, a + len);
	if (!v || v->start != lv || v->end != lv + len || nhost != 1 || host[0].start > a ||
	    host[0].end < a + len) {
		snprintf(why, sizeof why, "moved outside the window: host %d VMAs at %llx, library "
		         "%s", nhost, (unsigned long long)a, v && v->start == lv ? "a VMA of another size" : "none");
		return -1;
	}
	struct ent l = {0};
	l.perms[0] = v->flags & VM_READ ? 'r' : '-';
	l.perms[1] = v->flags & VM_WRITE ? 'w' : '-';
	l.perms[2] = v->flags & VM_EXEC ? 'x' : '-';
	l.perms[3] = v->flags & VM_MAYSHARE ? 's' : 'p';
	for (int i = 0; i < NFLAGS; i++)
		if (v->flags & fbits[i])
			l.flags |= 1u << i;
	l.file = v->file;
	l.ino = v->file ? v->file->ino : 0;
	uint64_t off = v->file ? v->pgoff * PG : 0;
	uint64_t hoff = host[0].ino ? host[0].off + (a - host[0].start) : 0;
	if (memcmp(l.perms, host[0].perms, 4) || l.flags != host[0].flags || off != hoff ||
	    !shmem_match(&l, &host[0])) {
		char b[256];
		fmt_ent(b, sizeof b, &host[0]);
		snprintf(why, sizeof why, "moved outside the window: host %s, library %.4s flags %#x "
		         "off %llx", b, l.perms, l.flags, (unsigned long long)off);
		return -1;
	}
	return 0;
}

/* MAYMOVE (or DONTUNMAP's hint) placed the VMA elsewhere on each side (see above). */
static int mirror_placement(const struct op *o, long hr, long lr)
{
	uint64_t nl = (o->arg + PG - 1) & ~(PG - 1);
	if (check_contents(o, hr, lr, nl))
		return -1;
	if ((uint64_t)hr >= W && (uint64_t)hr + nl <= W + H * PG) {
		int64_t m = vm_mremap(&mm, (uint64_t)lr, nl, nl, MREMAP_MAYMOVE | MREMAP_FIXED,
		                      (uint64_t)hr);
		if (m != hr) {
			snprintf(why, sizeof why, "moving the library's VMA to the host's place: %lld",
			         (long long)m);
			return -1;
		}
		placed_in++;
		return 0;
	}
	if (compare_outside((uint64_t)hr, nl, (uint64_t)lr))
		return -1;
	munmap((void *)hr, nl);
	vm_munmap(&mm, (uint64_t)lr, nl);
	placed_out++;
	return 0;
}

/* After a MREMAP_FIXED that failed alike on both sides: Linux 6.18 may have unmapped the
 * target (and a shrink's tail) before the check that failed (DONTUNMAP's RLIMIT_AS, the
 * charge, the VMA limit: ENOMEM; old_len 0 with the target over the VMA itself: EFAULT);
 * lib/vm checks first and changed nothing. Unmap in the library, page by page, what the
 * host no longer has there (what it had was compared before). */
static void mirror_mremap_gap(uint64_t a, uint64_t len)
{
	read_host();
	for (uint64_t p = a; p < a + len; p += PG) {
		int host_has = 0;
		for (int i = 0; i < nhost; i++)
			host_has |= host[i].start <= p && host[i].end > p;
		struct vm_area *v = vm_find_vma(&mm, p);
		if (!host_has && v && v->start <= p) {
			vm_munmap(&mm, p, PG);
			mremap_gaps++;
		}
	}
}

/* Run o on the host and on the library: 0 if the results agree. */
static int exec_op(const struct op *o, int *failed_fixed)
{
	long hr = 0, lr = 0;
	uint64_t a = o->a, len = o->len;
	kind = o->kind;
	*failed_fixed = 0;
	describe(o);
	errno = 0;
	switch (o->kind) {
	case K_MMAP: {
		int fd = o->fi >= 0 ? hfd[o->fi] : -1;
		void *h = mmap((void *)a, len, (int)o->prot, (int)o->flags, fd, (off_t)o->off);
		hr = h == MAP_FAILED ? -errno : (long)(uintptr_t)h;
		lr = vm_mmap(&mm, a, len, o->prot, o->flags, o->fi < 0 ? 0 : &files[o->fi], o->off);
		/* ENOMEM is the only errno that can come after Linux's gather step */
		*failed_fixed = hr == -ENOMEM && lr == hr && (o->flags & MAP_FIXED) &&
		                !(o->flags & MAP_FIXED_NOREPLACE);
		if (hr == -EOPNOTSUPP && lr == hr && (o->flags & MAP_SYNC) && (o->flags & MAP_FIXED) &&
		    !(o->flags & MAP_FIXED_NOREPLACE))
			mirror_hook_gap(a, len);
		break;
	}
	case K_MUNMAP:
		hr = munmap((void *)a, len) ? -errno : 0;
		lr = vm_munmap(&mm, a, len);
		break;
	case K_MPROTECT:
		hr = mprotect((void *)a, len, (int)o->prot) ? -errno : 0;
		lr = vm_mprotect(&mm, a, len, o->prot);
		break;
	case K_MLOCK:
		if (o->sub == 0) {
			hr = mlock((void *)a, len) ? -errno : 0;
			lr = vm_mlock(&mm, a, len, 0);
		} else if (o->sub == 1) {
			hr = syscall(SYS_mlock2, a, len, (unsigned)o->arg) ? -errno : 0;
			lr = vm_mlock(&mm, a, len, (unsigned)o->arg);
		} else {
			hr = munlock((void *)a, len) ? -errno : 0;
			lr = vm_munlock(&mm, a, len);
		}
		break;
	case K_WRITE: {
		struct vm_area *v;
		hr = host_write(a);
		lr = vm_fault_check(&mm, a, VM_FAULT_WRITE, &v);
		if (lr == 0 && past_end(v, a))
			lr = 100 + SIGBUS;
		break;
	}
	case K_MADVISE:
		hr = madvise((void *)a, len, (int)o->arg) ? -errno : 0;
		lr = vm_madvise(&mm, a, len, (int)o->arg);
		break;
	case K_MSYNC:
		hr = msync((void *)a, len, (int)o->arg) ? -errno : 0;
		lr = vm_msync(&mm, a, len, (unsigned)o->arg);
		break;
	case K_RLIMIT:
		if (o->sub == 0) {                           /* arg: the library's limit */
			rlim_as_lib = o->arg;
			set_rlimit_as();
		} else {
			struct rlimit rl;
			getrlimit(RLIMIT_MEMLOCK, &rl);
			uint64_t v = o->arg > rl.rlim_max ? rl.rlim_max : o->arg;
			rl.rlim_cur = v;
			hr = setrlimit(RLIMIT_MEMLOCK, &rl) ? -errno : 0;
			lr = vm_setrlimit(&mm, VM_RLIMIT_MEMLOCK, (struct vm_rlimit){v, rl.rlim_max});
		}
		break;
	case K_FORK:
		fork_both(&hr, &lr);
		break;
	case K_MREMAP: {
		struct vm_area *v = vm_find_vma(&mm, a);
		uint64_t nl = (o->arg + PG - 1) & ~(PG - 1);
		snap_contents(a, (len ? len + PG - 1 : nl) / PG, v && v->start <= a ? v->end : a);
		nmoves = 0;
		long h = syscall(SYS_mremap, a, len, o->arg, o->flags, o->off);
		hr = h == -1 ? -errno : h;
		lr = vm_mremap(&mm, a, len, o->arg, o->flags, o->off);
		if (hr >= 0 && lr >= 0 && !(o->flags & MREMAP_FIXED) && (uint64_t)lr < W - PG) {
			if (mirror_placement(o, hr, lr))
				return -1;
			lr = hr;
		} else if (hr >= 0 && hr == lr && check_contents(o, hr, lr, nl)) {
			return -1;
		}
		if (hr < 0 && lr == hr && (o->flags & MREMAP_FIXED)) {
			mirror_mremap_gap(o->off, nl);
			if (nl < len)
				mirror_mremap_gap(a + nl, len - nl);
		}
		break;
	}
	}
	if (hr < 0 || (kind == K_WRITE && hr > 0)) {
		kstat[kind][1]++;
		errstat[kind][kind == K_WRITE ? hr : -hr < 128 ? -hr : 0]++;
	} else {
		kstat[kind][0]++;
	}
	if (hr != lr) {
		snprintf(why, sizeof why, "result: host %ld, lib %ld", hr, lr);
		return -1;
	}
	return 0;
}

/* A random mremap of page p (np pages), biased to the interesting cases: shrink (the
 * tail now and then past the VMA), grow in place into a hole or against a neighbour
 * (the range ending its VMA), MAYMOVE, FIXED over whatever is there (same size: over
 * several VMAs), DONTUNMAP, old_len 0 (mostly on a shared VMA), bad arguments. */
static struct op random_mremap(uint64_t p, uint64_t np)
{
	struct op o = {.kind = K_MREMAP, .a = W + p * PG, .len = np * PG, .fi = -1};
	struct vm_area *v = vm_find_vma(&mm, o.a);
	uint64_t t = rnd(100), nl = np;
	if (t < 45 && v && v->start <= o.a && v->start >= W && v->end <= W + (NA + 64) * PG &&
	    rnd(3)) {
		o.a = v->end - np * PG < v->start ? v->start : v->end - np * PG;
		o.len = v->end - o.a;                        /* the range ends its VMA */
		np = o.len / PG;
	}
	o.off = W + pick_page() * PG;
	if (t < 20) {                                    /* shrink */
		nl = np > 1 ? 1 + rnd(np - 1) : 1;
		o.flags = rnd(2) ? MREMAP_MAYMOVE : 0;
		if (rnd(4) == 0)
			o.len += (1 + rnd(6)) * PG;
	} else if (t < 45) {                             /* grow */
		nl = np + 1 + rnd(rnd(4) ? 4 : 16);
		o.flags = rnd(3) ? MREMAP_MAYMOVE : 0;
	} else if (t < 70) {                             /* FIXED */
		o.flags = MREMAP_MAYMOVE | MREMAP_FIXED;
		nl = rnd(2) ? np : 1 + rnd(16);
	} else if (t < 82) {                             /* DONTUNMAP, FIXED or a hint */
		o.flags = MREMAP_MAYMOVE | MREMAP_DONTUNMAP | (rnd(2) ? MREMAP_FIXED : 0);
	} else if (t < 92) {                             /* old_len 0 */
		for (int k = 0; v && k < 8 && !(v->flags & VM_MAYSHARE) && rnd(4); k++)
			v = vm_next(&mm, v);
		if (v && (v->flags & VM_MAYSHARE) && v->start >= W && v->end <= W + (NA + 64) * PG)
			o.a = v->start + rnd((v->end - v->start) / PG) * PG;
		o.len = 0;
		nl = 1 + rnd(8);
		o.flags = MREMAP_MAYMOVE | (rnd(2) ? MREMAP_FIXED : 0);
	} else {                                         /* a bad argument */
		static const uint64_t bad[] = {8, MREMAP_FIXED, MREMAP_DONTUNMAP};
		uint64_t b = rnd(6);
		o.flags = MREMAP_MAYMOVE | MREMAP_FIXED;
		if (b < 3)
			o.flags = bad[b];
		else if (b == 3)
			o.a += 5;
		else if (b == 4)
			o.off = o.a + PG;                        /* overlaps */
		else
			o.off += 3;
	}
	o.arg = nl * PG;
	if (rnd(50) == 0)
		o.arg = 0;
	if (o.flags & MREMAP_DONTUNMAP) {
		o.arg = o.len;
		/* Linux 6.18 unlocks the whole old VMA but leaves locked_vm as it was: avoided
		 * (see the summary line). */
		for (struct vm_area *x = vm_find_vma(&mm, o.a); x && x->start < o.a + o.len;
		     x = vm_next(&mm, x))
			if (x->flags & VM_LOCKED) {
				o.flags &= ~(uint64_t)MREMAP_DONTUNMAP;
				dontunmap_locked_avoided++;
				break;
			}
	}
	return o;
}

/* A random operation. */
static struct op random_op(void)
{
	uint64_t p = pick_page(), np = pick_len();
	struct op o = {.a = W + p * PG, .len = np * PG, .fi = -1};
	int huge = rnd(200) == 0;
	if (huge) {
		o.a = W;
		o.len = H * PG;
	}
	if (rnd(200) == 0) {                             /* now and then a fork */
		o.kind = K_FORK;
		o.sub = rnd(2) ? FORK_CHILD_GOES_ON : FORK_PARENT_GOES_ON;
		return o;
	}
	uint64_t op = rnd(100);
	if (op < 32) {                                   /* mmap */
		o.kind = K_MMAP;
		o.prot = pick_prot();
		o.flags = rnd(10) ? MAP_FIXED : MAP_FIXED_NOREPLACE;
		int k = (int)rnd(10);
		if (k < 4 || np > FPAGES || huge) {          /* files: never past their end */
			o.flags |= MAP_PRIVATE | MAP_ANONYMOUS;
		} else if (k < 5) {
			o.flags |= MAP_SHARED | MAP_ANONYMOUS;
		} else {
			o.fi = (int)rnd(NFILES);
			o.flags |= rnd(2) ? MAP_PRIVATE : rnd(4) ? MAP_SHARED : MAP_SHARED_VALIDATE;
			uint64_t pg = (p + (uint64_t)o.fi * 7) % (FPAGES / 2);
			if (pg + np > FPAGES)
				pg = 0;
			o.off = pg * PG;                         /* neighbours get contiguous offsets */
		}
		uint64_t r = rnd(100);
		if (r < 8)
			o.flags |= MAP_NORESERVE;
		else if (r < 12 && (!huge || !cap_lock_kept))
			o.flags |= MAP_LOCKED;
		else if (r < 18 && !(o.flags & MAP_SHARED) && o.fi < 0)
			o.flags |= MAP_GROWSDOWN;
		else if (r < 22 && !huge)
			o.flags |= MAP_POPULATE;
		else if (r < 26)
			o.flags |= MAP_STACK;
		else if (r < 28)
			o.flags |= 0x200000;                     /* a flag nobody knows */
		else if (r < 30)
			o.flags |= MAP_SYNC;
		else if (r < 29)
			o.prot |= 0x10;                          /* a prot bit nobody knows */
		if (huge && (o.prot & PROT_WRITE) && rnd(2))
			o.flags &= ~(uint64_t)MAP_NORESERVE;
		uint64_t bad = rnd(60);                      /* now and then a bad argument */
		if (bad == 0)
			o.len = 0;
		else if (bad == 1)
			o.off += 100;
		else if (bad == 2)
			o.a += 5;
		else if (bad == 3)
			o.flags &= ~(uint64_t)MAP_TYPE;
		else if (bad == 4 && (o.flags & MAP_ANONYMOUS))
			o.flags |= MAP_SHARED_VALIDATE;
		else if (bad == 5 && o.fi >= 0)
			o.fi = -1;                               /* no file: EBADF */
	} else if (op < 38) {
		o.kind = K_MUNMAP;
		if (rnd(40) == 0)
			o.a += 7;
		if (rnd(40) == 0)
			o.len = 0;
	} else if (op < 52) {
		o.kind = K_MPROTECT;
		o.prot = pick_prot();
		uint64_t r = rnd(60);
		if (r == 0)
			o.prot |= 0x10;
		else if (r == 1)
			o.prot |= PROT_GROWSDOWN;
		else if (r == 2)
			o.a += 3;
	} else if (op < 60) {
		o.kind = K_MLOCK;
		if (huge && cap_lock_kept)
			o.len = PG;
		uint64_t r = rnd(10);
		o.sub = r < 5 ? 0 : r < 7 ? 1 : 2;
		o.arg = rnd(20) ? MLOCK_ONFAULT : 2;         /* mlock2: or a bad flag */
	} else if (op < 74) {
		o.kind = K_WRITE;
		o.a = W + pick_page() * PG + rnd(PG);
		o.len = 0;
	} else if (op < 80) {
		static const int adv[] = {MADV_DONTNEED, MADV_RANDOM, MADV_SEQUENTIAL, MADV_NORMAL,
		                          MADV_WILLNEED, 77, MADV_DONTFORK, MADV_DOFORK,
		                          MADV_WIPEONFORK, MADV_KEEPONFORK, MADV_FREE, MADV_REMOVE,
		                          MADV_COLD, MADV_PAGEOUT};
		o.kind = K_MADVISE;
		o.arg = (uint64_t)adv[rnd(sizeof adv / sizeof adv[0])];
		if (rnd(40) == 0)
			o.a += 9;
	} else if (op < 84) {
		static const int fl[] = {MS_ASYNC, MS_SYNC, MS_INVALIDATE, MS_SYNC | MS_INVALIDATE, 0,
		                         MS_ASYNC | MS_SYNC, 8};
		o.kind = K_MSYNC;
		o.arg = (uint64_t)fl[rnd(7)];
		if (rnd(40) == 0)
			o.a += 1;
	} else if (op < 94) {
		o = random_mremap(p, np);
	} else if (op < 97) {
		o.kind = K_RLIMIT;
		o.sub = 0;
		int64_t pages = (int64_t)mm.total_vm + (int64_t)rnd(72) - 8;
		o.arg = rnd(4) == 0 ? VM_RLIM_INFINITY : (uint64_t)(pages < 0 ? 0 : pages) * PG;
	} else {
		static const uint64_t pages[] = {0, 4, 16, 64, 256, 1024};
		o.kind = K_RLIMIT;
		o.sub = 1;
		o.arg = pages[rnd(6)] * PG;
	}
	return o;
}

/* ---- the scripted cases: the notes' observations, run before the random ones ---- */
/* Addresses are pages from S0; run_script makes them addresses. */

#define S0 (NA + 128)                /* the scripts' pages: random operations stay below */
#define RWP (PROT_READ | PROT_WRITE)
#define APRIV (MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED)
#define ASHARED (MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED)
#define FSHARED (MAP_SHARED | MAP_FIXED)
#define FPRIV (MAP_PRIVATE | MAP_FIXED)
#define MM(pg, n, pr, fl)   {K_MMAP, 0, (pg), (n) * PG, pr, fl, 0, 0, -1}
#define MF(pg, n, pr, fl, f, off) {K_MMAP, 0, (pg), (n) * PG, pr, fl, (off) * PG, 0, f}
#define UN(pg, n)           {K_MUNMAP, 0, (pg), (n) * PG, 0, 0, 0, 0, -1}
#define PR(pg, n, pr)       {K_MPROTECT, 0, (pg), (n) * PG, pr, 0, 0, 0, -1}
#define LK(pg, n)           {K_MLOCK, 0, (pg), (n) * PG, 0, 0, 0, 0, -1}
#define UL(pg, n)           {K_MLOCK, 2, (pg), (n) * PG, 0, 0, 0, 0, -1}
#define WR(pg)              {K_WRITE, 0, (pg), 0, 0, 0, 0, 0, -1}
#define AS(extra)           {K_RLIMIT, 0, 0, 0, 0, 0, 0, (extra), -1}   /* see run_script */
#define AD(pg, n, adv)      {K_MADVISE, 0, (pg), (n) * PG, 0, 0, 0, (adv), -1}
#define FK(who)             {K_FORK, (who), 0, 0, 0, 0, 0, 0, -1}
#define MR(pg, n, nn, fl, to) {K_MREMAP, 0, (pg), (n) * PG, 0, fl, (to), (nn) * PG, -1}
#define MVFIX (MREMAP_MAYMOVE | MREMAP_FIXED)
#define MVDUN (MREMAP_MAYMOVE | MREMAP_DONTUNMAP | MREMAP_FIXED)
#define CLEAN               UN(0, 64)

static const struct op script[] = {
	/* two adjacent anonymous private RW, untouched: one VMA */
	MM(0, 2, RWP, APRIV), MM(2, 2, RWP, APRIV), CLEAN,
	/* A written; B right after, C right before: one VMA */
	MM(4, 4, RWP, APRIV), WR(4), MM(8, 2, RWP, APRIV), MM(2, 2, RWP, APRIV), CLEAN,
	/* mprotect of the untouched middle: three, the middle without "ac"; back: one */
	MM(0, 12, RWP, APRIV), PR(4, 4, PROT_READ), PR(4, 4, RWP), CLEAN,
	/* the same, written first: the middle keeps "ac" */
	MM(0, 12, RWP, APRIV), WR(0), WR(6), WR(11), PR(4, 4, PROT_READ), PR(4, 4, RWP), CLEAN,
	/* written; middle to PROT_NONE ("---p" keeps "ac"), then back */
	MM(0, 12, RWP, APRIV), WR(0), PR(4, 4, PROT_NONE), PR(4, 4, RWP), CLEAN,
	/* MAP_FIXED with identical attributes over the middle: one; PROT_READ over it: three */
	MM(0, 12, RWP, APRIV), WR(1), MM(4, 4, RWP, APRIV), MM(4, 4, PROT_READ, APRIV), CLEAN,
	/* munmap the middle, map the hole again with the same attributes */
	MM(0, 12, RWP, APRIV), UN(4, 4), MM(4, 4, RWP, APRIV), CLEAN,
	/* MAP_FIXED over the tail and beyond */
	MM(0, 8, RWP, APRIV), MM(6, 6, RWP, APRIV), CLEAN,
	/* shared file maps: contiguous offsets merge; a gap, or another open file, does not */
	MF(0, 2, RWP, FSHARED, 0, 0), MF(2, 2, RWP, FSHARED, 0, 2), MF(4, 2, RWP, FSHARED, 0, 5),
	MF(6, 2, RWP, FSHARED, 1, 7), CLEAN,
	/* private file maps, contiguous, one page COWed: one VMA with "ac" */
	MF(0, 2, RWP, FPRIV, 0, 0), WR(1), MF(2, 2, RWP, FPRIV, 0, 2), CLEAN,
	/* shared anonymous maps never merge; growsdown with growsdown does, with plain not */
	MM(0, 2, RWP, ASHARED), MM(2, 2, RWP, ASHARED), MM(4, 2, RWP, APRIV | MAP_GROWSDOWN),
	MM(6, 2, RWP, APRIV | MAP_GROWSDOWN), MM(8, 2, RWP, APRIV), CLEAN,
	/* "ac" next to "nr": no merge; RW->RO untouched joins RO; RO->RW gains "ac" */
	MM(0, 2, RWP, APRIV), MM(2, 2, RWP, APRIV | MAP_NORESERVE), MM(6, 2, RWP, APRIV),
	MM(8, 2, PROT_READ, APRIV), PR(6, 2, PROT_READ), PR(6, 4, RWP), CLEAN,
	/* MAP_LOCKED next to unlocked: two; munlock: one; mlock of a sub-range: three */
	MM(0, 4, RWP, APRIV | MAP_LOCKED), MM(4, 4, RWP, APRIV), UL(0, 4), LK(2, 2), UL(0, 8), CLEAN,
	/* a new map between two written VMAs with different anon_vmas joins the lower one */
	MM(0, 2, RWP, APRIV), MM(4, 2, RWP, APRIV), WR(0), WR(4), MM(2, 2, RWP, APRIV), CLEAN,
	/* RWX next to a written RW, then written: shares its anon_vma, merges after mprotect */
	MM(0, 4, RWP, APRIV), WR(0), MM(4, 4, RWP | PROT_EXEC, APRIV), WR(4), PR(4, 4, RWP), CLEAN,
	/* locked RW: populated, its own anon_vma: after munlock it stays apart */
	MM(0, 4, RWP, APRIV), WR(0), MM(4, 4, RWP, APRIV | MAP_LOCKED), UL(4, 4), CLEAN,
	/* a stack grows down on a write below it, up to a guard from the next VMA below */
	MM(8, 4, RWP, APRIV | MAP_GROWSDOWN), WR(7), WR(2), MM(0, 1, RWP, APRIV), WR(1), CLEAN,
	/* RLIMIT_AS = size + 8 pages: 16 new -> ENOMEM; replace 16 -> ok; 4 old + 12 new ->
	 * ENOMEM (Linux keeps its split); 4 old + 6 new -> ok */
	MM(0, 16, RWP, APRIV), AS(8), MM(20, 16, RWP, APRIV), MM(0, 16, PROT_READ, APRIV),
	MM(12, 16, RWP, APRIV), MM(12, 10, RWP, APRIV), AS(~0ull), CLEAN,
	/* fork: the child has every VMA but the DONTFORK one, unlocked, the WIPEONFORK one
	 * still "wf"; the parent goes on unchanged: DOFORK merges back */
	MM(0, 4, RWP, APRIV), WR(0), MM(4, 4, RWP, APRIV), AD(4, 2, MADV_DONTFORK),
	MF(8, 2, RWP, FSHARED, 0, 0), MM(10, 2, RWP, ASHARED), MM(12, 4, RWP, APRIV), WR(12),
	AD(12, 4, MADV_WIPEONFORK), MM(16, 2, RWP, APRIV | MAP_LOCKED), FK(FORK_PARENT_GOES_ON),
	AD(0, 8, MADV_DOFORK), AD(12, 4, MADV_KEEPONFORK), CLEAN,
	/* the same, and the child goes on: a new map next to the written (forked) VMA stays
	 * apart (LTP vma01), pieces of a forked VMA merge back, the wiped one gives its
	 * charge back at RW -> RO, a write next to a forked VMA makes its own anon_vma */
	MM(0, 4, RWP, APRIV), WR(0), MM(6, 2, RWP, APRIV), AD(6, 2, MADV_DONTFORK),
	MM(12, 4, RWP, APRIV), WR(12), AD(12, 4, MADV_WIPEONFORK), MM(20, 4, RWP, APRIV), WR(20),
	MM(24, 2, RWP, APRIV | MAP_LOCKED), FK(FORK_CHILD_GOES_ON),
	MM(4, 2, RWP, APRIV), PR(1, 1, PROT_READ), PR(1, 1, RWP), PR(12, 4, PROT_READ),
	MM(18, 2, RWP | PROT_EXEC, APRIV), WR(18), PR(18, 2, RWP), MM(26, 2, RWP, APRIV), CLEAN,
	/* mremap: shrink; grow in place into the hole, then up to the next VMA: one; no room
	 * and no MAYMOVE: ENOMEM */
	MM(0, 4, RWP, APRIV), WR(0), MM(6, 2, RWP, APRIV), MR(0, 4, 3, 0, 0), MR(0, 3, 5, 0, 0),
	MR(0, 5, 6, 0, 0), MR(0, 8, 9, 0, 0), MR(0, 6, 9, 0, 0), CLEAN,
	/* FIXED into a shared map, shrinking; the moved written VMA keeps its offset: its new
	 * neighbours do not merge; DONTUNMAP: the old range stays, empty */
	MM(0, 4, RWP, APRIV), WR(0), WR(1), MM(10, 6, PROT_READ, ASHARED), MR(0, 4, 2, MVFIX, 12),
	MM(14, 2, RWP, APRIV), MM(20, 4, RWP, APRIV), WR(21), MR(20, 4, 4, MVDUN, 30),
	MM(24, 2, RWP, APRIV), CLEAN,
	/* old_len 0 on shared anonymous memory and on a shared file map; on private: EINVAL */
	MM(0, 4, RWP, ASHARED), WR(1), MR(1, 0, 2, MVFIX, 8), MF(12, 2, RWP, FSHARED, 0, 3),
	MR(12, 0, 3, MVFIX, 16), MM(20, 2, RWP, APRIV), MR(20, 0, 1, MVFIX, 24), CLEAN,
	/* a same-size FIXED move of three VMAs with holes, over a shared map whose pages under
	 * the holes stay */
	MM(0, 2, RWP, APRIV), MM(2, 2, PROT_READ, APRIV), MM(5, 1, RWP, APRIV), WR(0), WR(5),
	MM(20, 10, PROT_NONE, ASHARED), MR(0, 7, 7, MVFIX, 21), CLEAN,
};

static long run_script(long *failed)
{
	for (size_t i = 0; i < sizeof script / sizeof script[0]; i++) {
		struct op o = script[i];
		if (o.kind != K_RLIMIT)
			o.a = W + (S0 + o.a) * PG;
		if (o.kind == K_MREMAP)
			o.off = o.flags & (MREMAP_FIXED | MREMAP_DONTUNMAP) ? W + (S0 + o.off) * PG : 0;
		if (o.kind == K_RLIMIT && o.sub == 0 && o.arg != ~0ull)
			o.arg = (mm.total_vm + o.arg) * PG;       /* relative to the size now */
		else if (o.kind == K_RLIMIT)
			o.arg = VM_RLIM_INFINITY;
		int ff;
		int r = exec_op(&o, &ff);
		if (ff) {
			mirror_kept_splits(o.a, o.len);
			(*failed)++;
		}
		if (!r)
			r = compare_maps();
		if (o.kind == K_FORK)
			r = fork_settle(o.sub, r);
		if (r)
			return (long)i;
	}
	return -1;
}

/* ---- set-up ---- */

static void drop_ipc_lock(void)
{
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct d[2];
	if (syscall(SYS_capget, &h, d) == 0) {
		d[0].effective &= ~(1u << CAP_IPC_LOCK);
		d[0].permitted &= ~(1u << CAP_IPC_LOCK);
		d[0].inheritable &= ~(1u << CAP_IPC_LOCK);
		syscall(SYS_capset, &h, d);
	}
	read_file("/proc/self/status");
	char *p = strstr(pbuf, "CapEff:");
	unsigned long long eff = p ? strtoull(p + 7, 0, 16) : 0;
	cap_lock_kept = (eff >> CAP_IPC_LOCK) & 1;
}

/* Does a read fault of private anonymous memory map the zero page (upstream Linux), or
 * allocate a page ("Anonymous:" in smaps)? Looked at outside the window, before the
 * outside is measured. */
static int host_has_zero_page(void)
{
	volatile char *p = mmap(0, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 1;
	(void)p[0];
	char key[32];
	snprintf(key, sizeof key, "%llx-", (unsigned long long)(uintptr_t)p);
	read_file("/proc/self/smaps");
	char *at = strstr(pbuf, key), *anon = at ? strstr(at, "Anonymous:") : 0;
	int zero = anon && atol(anon + 10) == 0;
	munmap((void *)p, PG);
	return zero;
}

/* Grow the stack now so that it does not grow (and change VmSize) during the run. */
static void __attribute__((noinline)) grow_stack(void)
{
	volatile char big[512 * 1024];
	for (size_t i = 0; i < sizeof big; i += 1024)
		big[i] = 0;
}

static int setup(void)
{
	static char outbuf[1 << 16];
	setvbuf(stdout, outbuf, _IOLBF, sizeof outbuf);
	grow_stack();
	for (size_t i = 0; i < sizeof node_pool / sizeof node_pool[0]; i++)
		e_free(0, &node_pool[i]);

	struct utsname u;
	uname(&u);
	printf("# host Linux %s; expectations are Linux 6.18's (see docs/vm.md for versions)\n",
	       u.release);
	drop_ipc_lock();
	if (cap_lock_kept)
		printf("# CAP_IPC_LOCK could not be dropped: RLIMIT_MEMLOCK is not enforced; the "
		       "library is told so (cap_ipc_lock)\n");

	read_file("/proc/sys/vm/overcommit_memory");
	int oc = atoi(pbuf);
	if (oc == 2) {
		printf("not ok - oracle_setup: overcommit_memory=2 counts the whole system's "
		       "commit; the oracle needs mode 0 or 1\n");
		return -1;
	}
	uint64_t ram = (uint64_t)meminfo_kb("MemTotal:") / 4, swap = (uint64_t)meminfo_kb("SwapTotal:") / 4;
	vm_sys_init(&sys, ram, swap);
	sys.overcommit = oc;

	/* temporary files: two opens of A (read-write), B read-only and write-only */
	char dir[] = "/tmp/vm_oracle.XXXXXX", pa[64], pb[64];
	if (!mkdtemp(dir))
		return -1;
	snprintf(pa, sizeof pa, "%s/a", dir);
	snprintf(pb, sizeof pb, "%s/b", dir);
	static char zero[FPAGES * 4096];
	for (int k = 0; k < 2; k++) {
		int fd = open(k ? pb : pa, O_CREAT | O_RDWR, 0600);
		if (fd < 0 || write(fd, zero, sizeof zero) != (ssize_t)sizeof zero)
			return -1;
		close(fd);
	}
	hfd[0] = open(pa, O_RDWR);
	hfd[1] = open(pa, O_RDWR);
	hfd[2] = open(pb, O_RDONLY);
	hfd[3] = open(pb, O_WRONLY);
	struct statvfs sv;
	unsigned noexec = statvfs(dir, &sv) == 0 && (sv.f_flag & ST_NOEXEC) ? VM_FMODE_NOEXEC : 0;
	struct statfs sf;
	if (statfs(dir, &sf) == 0 && (sf.f_type == 0xEF53 || sf.f_type == 0x58465342)) {
		sync_refused = 1;                          /* ext4, xfs: MAP_SYNC known, not DAX */
		noexec |= VM_FMODE_MMAP_SYNC;
	}
	static const unsigned modes[] = {VM_FMODE_READ | VM_FMODE_WRITE, VM_FMODE_READ | VM_FMODE_WRITE,
	                                 VM_FMODE_READ, VM_FMODE_WRITE};
	for (int k = 0; k < NFILES; k++) {
		struct stat st;
		if (hfd[k] < 0 || fstat(hfd[k], &st))
			return -1;
		files[k] = (struct vm_file){.idx = k, .mode = modes[k] | noexec, .ino = st.st_ino,
		                            .size = FPAGES,
		                            .refs = 1};
	}
	unlink(pa);
	unlink(pb);
	rmdir(dir);

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, 0);
	sigaction(SIGBUS, &sa, 0);

	/* the library's mm mirrors x86-64 Linux */
	vm_mm_init(&mm, &sys, &env, 0x7ffffffff000ull);
	read_file("/proc/sys/vm/mmap_min_addr");
	mm.mmap_min_addr = (uint64_t)atoll(pbuf);
	read_file("/proc/sys/vm/max_map_count");
	mm.max_map_count = (uint64_t)atoll(pbuf);
	mm.cap_ipc_lock = cap_lock_kept;
	struct rlimit rl;
	getrlimit(RLIMIT_MEMLOCK, &rl);
	mm.rlim[VM_RLIMIT_MEMLOCK] = (struct vm_rlimit){rl.rlim_cur, rl.rlim_max};
	getrlimit(RLIMIT_STACK, &rl);
	mm.rlim[VM_RLIMIT_STACK] = (struct vm_rlimit){rl.rlim_cur, rl.rlim_max};
	getrlimit(RLIMIT_DATA, &rl);
	if (rl.rlim_cur != RLIM_INFINITY) {
		printf("not ok - oracle_setup: RLIMIT_DATA is limited; the oracle needs it unlimited\n");
		return -1;
	}

	/* the window: twice RAM + swap, so that a writable map of all of it fails the
	 * heuristic overcommit check */
	H = 2 * (ram + swap);
	if (H < 4 * NA)
		H = 4 * NA;
	no_zero_page = !host_has_zero_page();
	base = read_counters();
	void *r = mmap(0, (H + 2) * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (r == MAP_FAILED) {
		H = 4 * NA;
		printf("# no room for a window of twice RAM + swap: a small one; the overcommit "
		       "check will not fail\n");
		r = mmap(0, (H + 2) * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (r == MAP_FAILED)
			return -1;
	}
	W = (uint64_t)(uintptr_t)r + PG;
	mm.mmap_base = W - PG;                         /* see "mremap" above */
	if (vm_mmap(&mm, W - PG, (H + 2) * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0, 0) < 0)
		return -1;
	for (int k = 0; k < 2; k++) {
		uint64_t g = k ? W + H * PG : W - PG;
		if (mmap((void *)g, PG, PROT_NONE, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED ||
		    vm_mmap(&mm, g, PG, PROT_NONE, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, 0, 0) < 0)
			return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t seed = 1;
	long ops = 6000;
	int dump = 0, trace = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--dump"))
			dump = 1;                              /* print both windows at the end */
		if (!strcmp(argv[i], "--trace"))
			trace = 1;                             /* print every random operation */
	}
	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--seed"))
			seed = strtoull(argv[i + 1], 0, 0);
		else if (!strcmp(argv[i], "--ops"))
			ops = atol(argv[i + 1]);
	}
	if (setup()) {
		printf("not ok - oracle_setup: %s\n", strerror(errno));
		return 1;
	}
	rs = seed * 0x9e3779b97f4a7c15ull + 1;
	if (compare_maps()) {
		printf("not ok - oracle_setup: initial window differs: %s\n", why);
		dump_both();
		return 1;
	}
	long mismatch_at = -1, counts[4] = {0};
	char hist[8][600];
	long si = run_script(&counts[0]);
	if (si >= 0) {
		printf("not ok - oracle_script: step %ld %s: %s\n", si, desc, why);
		dump_both();
		printf("not ok - oracle_summary: mismatch in the scripted cases\n");
		return 1;
	}
	printf("ok - oracle_script (%zu scripted steps: the observations of "
	       "notes/linux-vma-behaviour.md)\n", sizeof script / sizeof script[0]);
	for (long n = 0; n < ops; n++) {
		int failed_fixed;
		struct op o = random_op();
		int r = exec_op(&o, &failed_fixed);
		snprintf(hist[n % 8], sizeof hist[0], "%ld %s", n, desc);
		if (trace)
			printf("# %s -> %s\n", hist[n % 8], r ? why : "same");
		if (failed_fixed) {
			mirror_kept_splits(o.a, o.len);
			counts[0]++;
		}
		if (!r)
			r = compare_maps();
		if (o.kind == K_FORK)
			r = fork_settle(o.sub, r);
		if (r) {
			mismatch_at = n;
			break;
		}
		if ((n + 1) % 1000 == 0 || n + 1 == ops)
			printf("ok - oracle_ops_%ld_to_%ld (seed %llu)\n", n / 1000 * 1000 + 1, n + 1,
			       (unsigned long long)seed);
	}
	if (mismatch_at >= 0) {
		printf("not ok - oracle_ops_%ld_to_%ld (seed %llu): op %ld %s: %s\n",
		       mismatch_at / 1000 * 1000 + 1, mismatch_at / 1000 * 1000 + 1000,
		       (unsigned long long)seed, mismatch_at, desc, why);
		printf("# the last operations:\n");
		for (long k = mismatch_at - 7; k <= mismatch_at; k++)
			if (k >= 0)
				printf("#   %s\n", hist[k % 8]);
		dump_both();
		printf("not ok - oracle_summary: mismatch at operation %ld of %ld (seed %llu)\n",
		       mismatch_at, ops, (unsigned long long)seed);
		return 1;
	}
	if (dump)
		dump_both();
	for (int k = 0; k < K_NR; k++) {
		char b[512];
		size_t l = (size_t)snprintf(b, sizeof b, "# %s: %ld ok", knames[k], kstat[k][0]);
		for (int e = 0; e < 128 && l < sizeof b; e++)
			if (errstat[k][e])
			{
				if (k == K_WRITE)
					l += (size_t)snprintf(b + l, sizeof b - l, ", %ld %s", errstat[k][e],
					                      e == SEGV_MAPERR ? "SEGV_MAPERR" :
					                      e == SEGV_ACCERR ? "SEGV_ACCERR" : "other fault");
				else
					l += (size_t)snprintf(b + l, sizeof b - l, ", %ld %s", errstat[k][e],
					                      strerrorname_np(e));
			}
		printf("%s\n", b);
	}
	/* The two named differences, as lines of their own so that they show in make test. */
	printf("ok - oracle_named_difference_linux_keeps_splits_of_failed_map_fixed: %ld MAP_FIXED "
	       "mmaps failed with ENOMEM, after which the host kept %ld VMA splits at their ends "
	       "(Linux 6.x splits in vms_gather_munmap_vmas before may_expand_vm and the overcommit "
	       "check and does not undo it; lib/vm checks first and changes nothing); the oracle "
	       "made the same splits in the library and the comparison went on exact\n",
	       counts[0], mirrored);
	printf("ok - oracle_named_difference_linux_leaves_gap_when_hook_refuses: %ld MAP_FIXED "
	       "mmaps refused by the file system's hook (MAP_SYNC on %s) left a gap on the host "
	       "(Linux 6.18 asks the hook after clearing the old range; lib/vm asks first and "
	       "keeps the old mapping); the oracle unmapped the same range in the library\n",
	       gaps, sync_refused ? "ext4/xfs" : "this file system: none expected");
	printf("ok - oracle_named_difference_host_has_no_zero_page: %ld read populates of private "
	       "anonymous memory gave the VMA an anon_vma on this host (%s); upstream Linux maps "
	       "the zero page and makes none, as the library does; the oracle gave the library's "
	       "VMA its anon identity there\n", zero_page_anons,
	       no_zero_page ? "no zero page: a read fault allocates a page" :
	                      "it has a zero page: none expected");
	printf("ok - oracle_mremap_contents: %ld pages followed their moves to where the "
	       "library's move_pages said, %ld of them leaving the old page empty (DONTUNMAP); "
	       "%ld pages seen again through a second mapping (old_len 0)\n",
	       pages_followed, pages_left_empty, pages_seen_twice);
	printf("ok - oracle_placement_of_moves: %ld MAYMOVE/DONTUNMAP moves placed by the host "
	       "into a hole of the window (the library's VMA moved there with MREMAP_FIXED), %ld "
	       "outside it (compared there and unmapped on both sides); the library knows only "
	       "the window\n", placed_in, placed_out);
	printf("ok - oracle_named_difference_linux_leaves_gap_after_failed_mremap_fixed: %ld pages "
	       "the host had unmapped (MREMAP_FIXED's target or a shrink's tail) before a check "
	       "that failed (ENOMEM; EFAULT for old_len 0 over itself); lib/vm checks first and keeps them; the oracle unmapped "
	       "them in the library\n", mremap_gaps);
	printf("ok - oracle_named_difference_linux_dontunmap_of_locked_vma: %ld DONTUNMAP moves of "
	       "a locked range were made plain moves (Linux 6.18 unlocks the whole old VMA but "
	       "leaves locked_vm counting it, and adds the new VMA's pages again: VmLck stays "
	       "too high; lib/vm keeps locked_vm equal to the locked VMAs)\n",
	       dontunmap_locked_avoided);
	printf("ok - oracle_summary: %ld operations, seed %llu, no mismatch; %d shared "
	       "anonymous objects, %llu VMAs in the window at the end\n",
	       ops, (unsigned long long)seed, nshm, (unsigned long long)mm.map_count);
	return 0;
}
