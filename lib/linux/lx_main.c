/* lx_main.c - the personality's start and its system call dispatcher (see lx.h). */
#include "linux/lx_thread.h"
#include "linux/lx_file.h"
#include "linux/lx_clock.h"
#include "base/fmt.h"
#include "base/mem.h"
#include "exec/initstack.h"
#include "abi/bootinfo.h"
#include "proto/vm_msgs.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"

_Static_assert(SYS_LX_RETURN == 28 && SYS_LX_RESUME == 29 && SYS_THREAD_EXIT == 16,
               "lx_entry.S and lx.h use the numbers");
_Static_assert(offsetof(struct lx_thread, regs) == 0 && offsetof(struct lx_thread, ipc_buf) == LX_IPC_BUF,
               "lx_entry.S and linux.mk find them from tp");
#define LX_NR_MAX 512   /* Linux's riscv64 numbers are below this */

const char *lx_execfn = "";
uint64_t lx_timebase = 10000000;
static lx_call_fn table[LX_NR_MAX];
static uint32_t unknown[LX_NR_MAX];   /* calls made that have no handler, by number */
static uint32_t unknown_big;          /* ... and with numbers past the table */

static void add(const struct lx_call *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		table[c[i].nr] = c[i].fn;
}

/* The page the vDSO reads (lx_clock.h), right below its image (linux.ld). */
extern const char lx_vdso_image[];
__attribute__((section(".lxvvar"), aligned(4096), used)) static union {
	struct lx_vdso_data d;
	char page[4096];
} lx_vvar;

/* Called once by lx_start on the initial stack sp (argc, argv, NULL, envp, NULL, auxv);
 * points its AT_SYSINFO_EHDR at the vDSO. */
void lx_init(uint64_t *sp);
void lx_init(uint64_t *sp)
{
	lx_ipc_buffer_own();
	add(lx_mem_calls, lx_mem_ncalls);
	add(lx_file_calls, lx_file_ncalls);
	add(lx_proc_calls, lx_proc_ncalls);
	add(lx_signal_calls, lx_signal_ncalls);
	add(lx_pipe_calls, lx_pipe_ncalls);
	add(lx_fork_calls, lx_fork_ncalls);
	add(lx_exec_calls, lx_exec_ncalls);
	add(lx_kill_calls, lx_kill_ncalls);
	add(lx_cred_calls, lx_cred_ncalls);
	add(lx_sigqueue_calls, lx_sigqueue_ncalls);
	add(lx_attr_calls, lx_attr_ncalls);
	add(lx_statfs_calls, lx_statfs_ncalls);
	add(lx_thread_calls, lx_thread_ncalls);
	add(lx_futex_calls, lx_futex_ncalls);
	uint64_t *p = sp + 1 + sp[0] + 1;
	while (*p)
		p++;
	for (p++; p[0] != AT_NULL; p += 2)
		if (p[0] == AT_EXECFN)
			lx_execfn = (const char *)p[1];
		else if (p[0] == AT_RVMK_TIMEBASE && p[1])
			lx_timebase = p[1];
		else if (p[0] == AT_SYSINFO_EHDR)
			p[1] = (uint64_t)lx_vdso_image;
	if (lx_vvar.d.timebase != lx_timebase)   /* (after an execve it is: no copy-on-write) */
		lx_vvar.d.timebase = lx_timebase;
	lx_procfs_start(sp);
	lx_cpus_start();
	lx_signal_init();
}

/* Serve the call in r (number in a7), the calling thread's registers; the result goes
 * to r's a0. Called by lx_syscall_entry for every system call the program makes, it
 * holds the personality lock throughout (but where the call waits). */
void lx_dispatch(struct lx_regs *r);
void lx_dispatch(struct lx_regs *r)
{
	uint64_t nr = r->x[LX_A7];
	lx_call_fn fn = nr < LX_NR_MAX ? table[nr] : 0;
	lx_lock();
	struct lx_thread *self = lx_self();
	self->orig_a0 = r->x[LX_A0];
	if (self->cpus != self->cpus_set)   /* (lx_apply_cpus's own test: no call for nothing) */
		lx_apply_cpus(self);
	const uint64_t *a = &r->x[LX_A0];
	long res;
	if (fn) {
		res = fn((long)a[0], (long)a[1], (long)a[2], (long)a[3], (long)a[4], (long)a[5]);
	} else {
		if (nr < LX_NR_MAX)
			unknown[nr]++;
		else
			unknown_big++;
		res = -LX_ENOSYS;
	}
	r->x[LX_A0] = (uint64_t)res;
	lx_signal_deliver(r);
	lx_unlock();
}

void lx_console(const void *buf, size_t n)
{
	const char *p = buf;
	while (n) {
		long w = k_console_write(p, n);
		if (w <= 0)
			return;
		p += w, n -= (size_t)w;
	}
}

/* The unimplemented calls the program made, one line on the console, as it ends:
 * "linux: unimplemented system calls: NR xCOUNT ...". */
static void report_unknown(void)
{
	char line[512];
	size_t n = 0;
	for (int i = 0; i < LX_NR_MAX; i++)
		if (unknown[i] && n < sizeof line - 40) {
			if (!n)
				n = (size_t)fmt_snprintf(line, sizeof line, "linux: unimplemented system calls:");
			n += (size_t)fmt_snprintf(line + n, sizeof line - n, " %d x%u", i, unknown[i]);
		}
	if (unknown_big && n < sizeof line - 40)
		n += (size_t)fmt_snprintf(line + n, sizeof line - n, "%s (>= %d) x%u",
		                          n ? "" : "linux: unimplemented system calls:", LX_NR_MAX, unknown_big);
	if (n) {
		line[n++] = '\n';
		lx_console(line, n);
	}
}

/* The unimplemented calls counted so far are forgotten (a new image's or process's own). */
static void unknown_reset(void)
{
	memset(unknown, 0, sizeof unknown);
	unknown_big = 0;
}

void lx_main_exec(void)
{
	report_unknown();
	unknown_reset();
}

void lx_main_forked(void)
{
	lx_ipc_buffer_own();
	unknown_reset();
}

_Noreturn void lx_exit(int status)
{
	lx_exit_signal(status, 0);
}

_Noreturn void lx_exit_signal(int status, int sig)
{
	lx_thread_exit_all();
	report_unknown();
	struct vm_exit_req q = {sig ? 128 + sig : status, (uint64_t)sig};
	struct vm_exit_rep r;
	for (;;)
		vm_exit_call(TH_VM_EP, &q, 0, 0, &r);
}
