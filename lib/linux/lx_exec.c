/* lx_exec.c - execve. The program's path is opened on the FS server and its arguments
 * and environment gathered into one buffer; VM_EXECVE then replaces the address space
 * but for the personality's own pages. So this personality and its state (descriptors,
 * signal dispositions, mask and pending signals, cwd, umask, limits) stay under the new
 * image, as Linux's kernel stays. When the answer comes the old program is gone: what
 * exec changes is changed (close-on-exec descriptors closed, handled signals back to
 * their default, the alternate stack forgotten) and the new program starts as a spawned
 * one does (lx_exec_start, lx_start). An error the VM server finds before the old image
 * is gone is the call's result; one after ends the process (SIGSEGV), as on Linux. */
#include "lx_file.h"
#include "proto/vm_msgs.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"
#undef PROTO_FILE
#define PROTO_FILE "proto/fs.def"
#include "proto/gen_client.h"


_Noreturn void lx_exec_start(uint64_t entry, uint64_t sp);
static char path[LX_PATH_MAX], strings[VM_EXEC_ARGS_MAX];

/* The program's NULL-terminated array of strings uv appended to strings[*len...]: how
 * many, or -errno (EFAULT for a bad pointer, E2BIG past what VM_EXECVE takes). A NULL
 * array is empty, as Linux takes it. */
static long gather(uint64_t uv, size_t *len, long before)
{
	for (long n = 0;; n++) {
		uint64_t s;
		if (!uv)
			return 0;
		if (lx_copy_in(&s, uv + 8 * (uint64_t)n, 8))
			return -LX_EFAULT;
		if (!s)
			return n;
		if (before + n >= VM_EXEC_ARGC_MAX)
			return -LX_E2BIG;
		long l = lx_copy_str(strings + *len, s, VM_EXEC_ARGS_MAX - *len);
		if (l < 0)
			return l == -LX_ENAMETOOLONG ? -LX_E2BIG : l;
		*len += (size_t)l + 1;
	}
}

/* The file to run, opened for reading on the FS server: its descriptor, or -errno as
 * Linux's execve gives it (not a regular file, or no execute bit for anyone: EACCES;
 * the caller is root, for whom any of the three will do). */
static long open_program(uint64_t upath)
{
	struct lx_path p;
	struct lx_attr a;
	long e = lx_resolve(LX_AT_FDCWD, upath, 0, path, &p);
	if (e < 0 || (e = lx_stat_path(&p, &a)) < 0)
		return e;
	if ((a.mode & LX_S_IFMT) != LX_S_IFREG || !(a.mode & 0111))
		return -LX_EACCES;
	struct fs_open_req q = {0, 0};
	struct fs_open_rep r;
	e = fs_open_call(TH_FS_EP, &q, path, p.len + 1, &r);
	return e < 0 ? lx_path_errno(path, e) : r.fd;
}

static void close_program(int64_t fd)
{
	struct fs_close_req q = {fd};
	struct fs_close_rep r;
	fs_close_call(TH_FS_EP, &q, 0, 0, &r);
}

/* execve(path, argv, envp): returns only with an error. */
static long lx_execve(ARGS)
{
	long fd = open_program((uint64_t)a0);
	if (fd < 0)
		return fd;
	size_t len = 0;
	long argc = gather((uint64_t)a1, &len, 0);
	long envc = argc < 0 ? argc : gather((uint64_t)a2, &len, argc);
	if (argc < 0 || envc < 0) {
		close_program(fd);
		return argc < 0 ? argc : envc;
	}
	struct vm_execve_req q = {fd, (uint64_t)argc, (uint64_t)envc};
	struct vm_execve_rep r = {0, 0};
	long e = vm_execve_call(TH_VM_EP, &q, strings, len, &r);
	close_program(fd);
	if (e < 0)
		return e == -LX_EISDIR || e == -LX_ENODEV ? -LX_EACCES : e;   /* not a regular file */
	lx_main_exec();
	lx_fdtab_exec();
	lx_signal_exec();
	lx_exec_start(r.entry, r.sp);
}

const struct lx_call lx_exec_calls[] = {
	{221, lx_execve},
};
const size_t lx_exec_ncalls = sizeof lx_exec_calls / sizeof lx_exec_calls[0];
