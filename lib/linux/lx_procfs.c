/* lx_procfs.c - /proc, served by the personality as Linux's procfs is part of its kernel:
 * an open /proc node is an open file of kind LXK_PROC (fsfd: its node, kind | pid << 8),
 * whose text lib/procfs makes, in Linux 6.1's layout, from the VM server's figures
 * (proto/vm.def: VM_PROC_*, VM_MEMINFO). Each read makes its text afresh, as seq_file's
 * single_open does when it starts again (a text read in pieces may change between them),
 * into one page: nothing is kept between reads but the offset. maps pages through the
 * VMAs a batch at a time; cmdline is read from the target's memory by the VM server. */
#include "lx_file.h"
#include "procfs/procfs.h"
#include "base/mem.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"

static char text[IPC_BUF_MAX];          /* one file's text, or one batch of its lines */
static char exe_path[LX_FPATH];         /* the program's absolute path, made ... */
static const char *exe;                 /* ... or execve's own when it is one (VM_PROC_ARGS) */
static char link_buf[LX_FPATH];         /* another process's program path */
static struct vm_procmap maps[IPC_BUF_MAX / sizeof(struct vm_procmap)];
#define PROC_DEV 0x4                    /* our st_dev of /proc's nodes */
#define DEV_ROOT 0x0002                 /* the root's device in maps lines, as Linux's rootfs */

/* The mounts /proc/PID/mounts lists: the FS server's (the root, tmpfs at /tmp and
 * /dev/shm: its mount table, servers/fs/mounts.c, with the bounds of tmpfs_vfs.h) and
 * /proc. */
static size_t mounts_text(char *buf, size_t n)
{
	const struct { const char *dev, *dir, *type, *opts; } rows[] = {
		{"rootfs", "/", "rootfs", lx_fs_writable(-1, "/") ? "rw" : "ro"},
		{"tmpfs", "/tmp", "tmpfs", "rw,relatime,size=16384k,nr_inodes=1024"},
		{"tmpfs", "/dev/shm", "tmpfs", "rw,relatime,size=16384k,nr_inodes=1024"},
		{"proc", "/proc", "proc", "rw,relatime"},
	};
	size_t len = 0;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		size_t l = procfs_mount_line(buf + (len < n ? len : n), len < n ? n - len : 0, rows[i].dev, rows[i].dir,
		                             rows[i].type, rows[i].opts);
		len += l;
	}
	return len;
}

/* Is s an absolute path as lx_resolve would leave it (no "//", "." or ".." component, no
 * trailing slash), short enough for exe_path? */
static int clean_absolute(const char *s)
{
	size_t i = 0;
	if (s[0] != '/')
		return 0;
	for (; s[i]; i++)
		if (s[i] == '/' && (s[i + 1] == '/' || !s[i + 1] ||
		                    (s[i + 1] == '.' && (!s[i + 2] || s[i + 2] == '/' ||
		                                         (s[i + 2] == '.' && (!s[i + 3] || s[i + 3] == '/'))))))
			return 0;
	return i < LX_FPATH;
}

void lx_procfs_start(const uint64_t *sp)
{
	uint64_t argc = sp[0];
	const char *const *argv = (const char *const *)(sp + 1);
	uint64_t start = argc ? (uint64_t)argv[0] : 0;
	uint64_t end = argc ? (uint64_t)argv[argc - 1] + strlen(argv[argc - 1]) + 1 : 0;
	struct lx_path p;
	static char resolved[LX_PATH_MAX];
	exe = exe_path;
	if (clean_absolute(lx_execfn))
		exe = lx_execfn;   /* (on the new stack: nothing to copy, no page of ours to touch) */
	else if (lx_resolve(LX_AT_FDCWD, (uint64_t)lx_execfn, LXR_ROOT, resolved, &p) == 0 && p.len < LX_FPATH)
		memcpy(exe_path, resolved, p.len + 1);
	struct vm_proc_args_req q = {start, end, (uint64_t)exe};
	struct vm_proc_args_rep r;
	vm_proc_args_call(TH_VM_EP, &q, 0, 0, &r);
}

/* The VM server's figures of pid (0: us) into *i: 0 or -LX_ENOENT (no such process). */
static long proc_info(int64_t pid, struct vm_procinfo *i)
{
	struct vm_proc_info_req q = {pid == lx_pid() ? 0 : pid};
	struct vm_proc_info_rep r;
	long e = vm_proc_info_call(TH_VM_EP, &q, 0, 0, &r);
	if (e < 0)
		return -LX_ENOENT;
	memcpy(i, IPC_BUFFER, sizeof *i);
	return 0;
}

/* The program path of process pid into link_buf (ours: exe): it, or NULL. */
static const char *exe_of(int64_t pid)
{
	if (pid == lx_pid())
		return exe && exe[0] ? exe : 0;
	struct vm_proc_read_req q = {pid, 1, 0};
	struct vm_proc_read_rep r;
	if (vm_proc_read_call(TH_VM_EP, &q, 0, 0, &r) < 0 || !r.count || r.count > sizeof link_buf)
		return 0;
	memcpy(link_buf, IPC_BUFFER, r.count);
	link_buf[r.count - 1] = 0;
	return link_buf[0] ? link_buf : 0;
}

/* Look path up (follow: its last link too) and check its process is there. */
static long lookup(const char *path, int follow, struct procfs_node *n)
{
	struct vm_procinfo i;
	long e = procfs_lookup(path, lx_pid(), follow, n);
	if (e == 0 && n->pid && n->pid != lx_pid())
		e = proc_info(n->pid, &i);
	return e;
}

static void node_attr(const struct procfs_node *n, struct lx_attr *a)
{
	memset(a, 0, sizeof *a);
	a->ino = procfs_ino(n);
	a->mode = procfs_mode(n->kind);
	a->nlink = procfs_is_dir(n->kind) ? 2 : 1;
	a->rdev = 0;
}

long lx_procfs_attr(const char *path, int follow, struct lx_attr *a)
{
	struct procfs_node n;
	long e = lookup(path, follow, &n);
	if (e == 0)
		node_attr(&n, a);
	return e;
}

static struct procfs_node node_of(const struct lx_file *f)
{
	return (struct procfs_node){(uint8_t)(f->fsfd & 0xff), f->fsfd >> 8};
}

long lx_procfs_fattr(struct lx_file *f, struct lx_attr *a)
{
	struct procfs_node n = node_of(f);
	node_attr(&n, a);
	return 0;
}

long lx_procfs_name_op(const char *path, long exists)
{
	struct procfs_node n;
	long e = lookup(path, 0, &n);
	return e < 0 ? e : exists;
}

long lx_procfs_open(const char *path, size_t len, uint32_t flags)
{
	struct procfs_node n;
	long e = lookup(path, 1, &n);
	if (e < 0)
		return e;   /* no new names here: ENOENT with O_CREAT too, as Linux's */
	if ((flags & (LX_O_CREAT | LX_O_EXCL)) == (LX_O_CREAT | LX_O_EXCL))
		return -LX_EEXIST;
	if (procfs_is_link(n.kind))
		return -LX_ENOENT;   /* exe and cwd lead out of /proc: not opened through it yet */
	int dir = procfs_is_dir(n.kind);
	if ((flags & LX_O_DIRECTORY) && !dir)
		return -LX_ENOTDIR;
	if ((flags & LX_O_ACCMODE) != 0 && (dir || lx_cred_fsuid() != 0))
		return dir ? -LX_EISDIR : -LX_EACCES;   /* 0444, but root passes (its writes: EINVAL) */
	struct lx_file *f = lx_file_new(LXK_PROC);
	if (!f)
		return -LX_EMFILE;
	f->fsfd = (int64_t)n.pid << 8 | n.kind;
	f->type = dir ? LXT_DIR : LXT_OTHER;
	f->flags = (flags & ~(uint32_t)(LX_O_CREAT | LX_O_EXCL | LX_O_NOCTTY | LX_O_TRUNC | LX_O_CLOEXEC)) | LX_O_LARGEFILE;
	if (len < LX_FPATH)
		memcpy(f->path, path, len + 1);
	long fd = lx_fd_install(f, 0, flags & LX_O_CLOEXEC);
	if (fd < 0)
		lx_file_put(f);
	return fd;
}

/* The part [pos, pos + n) of src[0, len) copied out to buf: how much, or -LX_EFAULT if
 * none could be. */
static long give(uint64_t buf, const char *src, uint64_t len, uint64_t pos, uint64_t n)
{
	if (pos >= len)
		return 0;
	uint64_t k = len - pos < n ? len - pos : n;
	uint64_t put = lx_copy_out_part(buf, src + pos, k);
	return put ? (long)put : -LX_EFAULT;
}

/* maps: the lines from byte pos on, made a batch of VMAs at a time. */
static long read_maps(int64_t pid, uint64_t buf, uint64_t n, uint64_t pos)
{
	const char *exe = exe_of(pid);
	if (exe) {   /* kept: link_buf may be reused */
		static char name[LX_FPATH];
		memcpy(name, exe, strlen(exe) + 1);
		exe = name;
	}
	uint64_t at = 0, done = 0, index = 0;
	for (;;) {
		struct vm_proc_maps_req q = {pid == lx_pid() ? 0 : pid, index};
		struct vm_proc_maps_rep r;
		if (vm_proc_maps_call(TH_VM_EP, &q, 0, 0, &r) < 0)
			return done ? (long)done : -LX_ESRCH;
		if (!r.count)
			return (long)done;
		memcpy(maps, IPC_BUFFER, r.count * sizeof maps[0]);
		for (uint64_t k = 0; k < r.count && done < n; k++) {
			const char *name = maps[k].kind == VM_PROCMAP_EXE ? exe : 0;
			size_t l = procfs_maps_line(text, sizeof text, &maps[k], DEV_ROOT, name);
			if (l >= sizeof text)
				l = sizeof text - 1;
			if (at + l > pos + done) {
				long g = give(buf + done, text, l, pos + done - at, n - done);
				if (g < 0)
					return done ? (long)done : g;
				done += (uint64_t)g;
			}
			at += l;
		}
		if (done >= n)
			return (long)done;
		index = r.next;
	}
}

/* cmdline: the target's argument strings, from its memory. */
static long read_cmdline(int64_t pid, uint64_t buf, uint64_t n, uint64_t pos)
{
	uint64_t done = 0;
	while (done < n) {
		struct vm_proc_read_req q = {pid == lx_pid() ? 0 : pid, 0, pos + done};
		struct vm_proc_read_rep r;
		if (vm_proc_read_call(TH_VM_EP, &q, 0, 0, &r) < 0)
			return done ? (long)done : -LX_ESRCH;
		if (!r.count)
			break;
		uint64_t got = r.count < IPC_BUF_MAX ? r.count : IPC_BUF_MAX;
		memcpy(text, IPC_BUFFER, got);
		long g = give(buf + done, text, got, 0, n - done);
		if (g < 0)
			return done ? (long)done : g;
		done += (uint64_t)g;
		if ((uint64_t)g < got)
			break;
	}
	return (long)done;
}

/* One of the small files whole into text: its length, or -errno. */
static long make_text(const struct procfs_node *nd)
{
	struct vm_procinfo i;
	long e;
	switch (nd->kind) {
	case PFS_STATUS:
	case PFS_STAT:
	case PFS_STATM:
		if ((e = proc_info(nd->pid, &i)) < 0)
			return -LX_ESRCH;
		if (nd->kind == PFS_STATUS)
			return (long)procfs_status(text, sizeof text, &i, nd->pid == lx_pid() ? lx_umask_get() : -1);
		return (long)(nd->kind == PFS_STAT ? procfs_stat(text, sizeof text, &i) : procfs_statm(text, sizeof text, &i));
	case PFS_MEMINFO:
	case PFS_LOADAVG:
	case PFS_SYSSTAT: {
		struct vm_meminfo_req q;
		struct vm_meminfo_rep r;
		if ((e = vm_meminfo_call(TH_VM_EP, &q, 0, 0, &r)) < 0)
			return e;
		if (nd->kind == PFS_MEMINFO)
			return (long)procfs_meminfo(text, sizeof text, &r);
		struct vm_proc_list_req lq = {0};
		struct vm_proc_list_rep lr;
		int64_t last = vm_proc_list_call(TH_VM_EP, &lq, 0, 0, &lr) == 0 && lr.count
		               ? ((const int64_t *)IPC_BUFFER)[lr.count - 1] : lx_pid();
		if (nd->kind == PFS_SYSSTAT)
			return (long)procfs_sysstat(text, sizeof text, lx_ncpus(), lx_now_ns(), last, 1);
		return (long)procfs_loadavg(text, sizeof text, 1, r.threads, last);
	}
	case PFS_UPTIME:
		return (long)procfs_uptime(text, sizeof text, lx_now_ns(), 0);
	case PFS_CPUINFO:
		return (long)procfs_cpuinfo(text, sizeof text, lx_ncpus(), "rv64imafdc", "sv39");
	case PFS_MOUNTS:
		return (long)mounts_text(text, sizeof text);
	}
	return -LX_EINVAL;
}

long lx_procfs_read(struct lx_file *f, uint64_t buf, uint64_t n, int64_t *at)
{
	struct procfs_node nd = node_of(f);
	uint64_t pos = at ? (uint64_t)*at : f->dirpos;
	long got;
	if (procfs_is_dir(nd.kind))
		return -LX_EISDIR;
	if (n > LX_RW_MAX)
		n = LX_RW_MAX;
	if (nd.kind == PFS_MAPS)
		got = read_maps(nd.pid, buf, n, pos);
	else if (nd.kind == PFS_CMDLINE)
		got = read_cmdline(nd.pid, buf, n, pos);
	else if ((got = make_text(&nd)) >= 0)
		got = give(buf, text, (uint64_t)got < sizeof text ? (uint64_t)got : sizeof text - 1, pos, n);
	if (got > 0) {
		if (at)
			*at += got;
		else
			f->dirpos += (uint64_t)got;
	}
	return got;
}

long lx_procfs_lseek(struct lx_file *f, int64_t off, uint64_t whence)
{
	int64_t base = whence == 1 ? (int64_t)f->dirpos : 0;
	if (whence > 1 || off > INT64_MAX - base || base + off < 0)
		return -LX_EINVAL;   /* seq_lseek: SEEK_END is not known */
	f->dirpos = (uint64_t)(base + off);
	return (long)f->dirpos;
}

long lx_procfs_readlink(const char *path, char *out, size_t size)
{
	struct procfs_node n;
	long e = lookup(path, 0, &n);
	if (e < 0)
		return e;
	const char *t = 0;
	char num[24];
	if (n.kind == PFS_SELF) {
		size_t k = sizeof num - 1;
		num[k] = 0;
		for (int64_t v = lx_pid(); v || k == sizeof num - 1; v /= 10)
			num[--k] = (char)('0' + v % 10);
		t = num + k;
	} else if (n.kind == PFS_MOUNTS_LINK) {
		t = "self/mounts";
	} else if (n.kind == PFS_EXE) {
		if (!(t = exe_of(n.pid)))
			return -LX_ENOENT;
	} else if (n.kind == PFS_CWD) {
		if (n.pid != lx_pid())
			return -LX_EACCES;   /* another's current directory is not known here */
		t = lx_cwd;
	} else {
		return -LX_EINVAL;
	}
	size_t l = strlen(t);
	if (l >= size)
		l = size - 1;
	memcpy(out, t, l + 1);
	return (long)l;
}

/* getdents64 of a /proc directory. Positions: 0 ".", 1 "..", 2 + i the i-th fixed entry,
 * then (the root) first + pid for the pids above the last one given, as Linux's
 * TGID_OFFSET + tgid. */
long lx_procfs_getdents(struct lx_file *f, uint64_t buf, uint64_t count)
{
	struct procfs_node dir = node_of(f);
	size_t nfixed = 0;
	const char *name;
	uint8_t kind;
	while (procfs_entry(dir.kind, nfixed, &name, &kind))
		nfixed++;
	uint64_t first = 2 + nfixed, done = 0, pos = f->dirpos;
	static uint8_t rec[24 + 32];
	for (;;) {
		struct procfs_node n = {dir.kind, dir.pid};
		char num[24];
		uint64_t after;
		if (pos < 2) {
			name = pos ? ".." : ".";
			n = pos ? (struct procfs_node){PFS_ROOT, 0} : dir;
			kind = n.kind;
			after = pos + 1;
		} else if (pos < first) {
			procfs_entry(dir.kind, pos - 2, &name, &kind);
			n = (struct procfs_node){kind, dir.kind == PFS_PID ? dir.pid : 0};
			after = pos + 1;
		} else {
			if (dir.kind != PFS_ROOT)
				break;
			struct vm_proc_list_req q = {(int64_t)(pos - first)};
			struct vm_proc_list_rep r;
			if (vm_proc_list_call(TH_VM_EP, &q, 0, 0, &r) < 0 || !r.count)
				break;
			int64_t pid = ((const int64_t *)IPC_BUFFER)[0];
			size_t k = sizeof num - 1;
			num[k] = 0;
			for (int64_t v = pid; v; v /= 10)
				num[--k] = (char)('0' + v % 10);
			name = num + k;
			n = (struct procfs_node){PFS_PID, pid};
			kind = PFS_PID;
			after = first + (uint64_t)pid;
		}
		size_t len = strlen(name), reclen = (19 + len + 1 + 7) & ~(size_t)7;
		if (done + reclen > count) {
			if (!done)
				return -LX_EINVAL;
			break;
		}
		uint64_t ino = procfs_ino(&n);
		uint16_t rl = (uint16_t)reclen;
		memset(rec, 0, reclen);
		memcpy(rec, &ino, 8);
		memcpy(rec + 8, &after, 8);
		memcpy(rec + 16, &rl, 2);
		rec[18] = procfs_dtype(kind);
		memcpy(rec + 19, name, len);
		if (lx_copy_out(buf + done, rec, reclen) < 0)
			return done ? (long)done : -LX_EFAULT;
		done += reclen;
		pos = after;
	}
	f->dirpos = pos;
	return (long)done;
}
