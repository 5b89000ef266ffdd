/* proc_errors.c - bad input to the process messages of the VM and FS servers and to
 * SYS_LX_INTERRUPT, from a native task: each gets its error, changes nothing, and the
 * system keeps running. Also the page cache's questions to the VM server, which only the
 * FS server may ask, and FS_READ's wait where there is nothing to wait for. (What they do for Linux programs: tests/linux/fork.c, exec.c,
 * kill.c, rtsig.c.) The thread messages too: a native task has only its main thread. */
#include "qtest.h"
#include "vmclient.h"
#include "abi/bootinfo.h"
#include "proto/vm_msgs.h"
#include "proto/fs_msgs.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"
#undef PROTO_FILE
#define PROTO_FILE "proto/fs.def"
#include "proto/gen_client.h"

#define EXPECT(name, call, err) do { long r_ = (call); \
	QCHECK(name, r_ == -(err), "returned %ld, expected %d", r_, -(err)); } while (0)

int main(void)
{
	struct vm_stat_rep st;
	if (vm_stat(&st) != 0)
		return 1;
	int64_t me = VM_LINUX_PID(st.pid);
	struct vm_execve_req xq = {0};
	struct vm_execve_rep xr;
	EXPECT("execve_by_a_native_task", vm_execve_call(TH_VM_EP, &xq, "x", 2, &xr), KE_INVAL);
	struct vm_sigstate_req sq = {0x1000, 0, 0};
	struct vm_sigstate_rep sr;
	EXPECT("sigstate_by_a_native_task", vm_sigstate_call(TH_VM_EP, &sq, 0, 0, &sr), KE_INVAL);
	struct vm_stop_req tq = {19};
	struct vm_stop_rep tr;
	EXPECT("stop_by_a_native_task", vm_stop_call(TH_VM_EP, &tq, 0, 0, &tr), KE_INVAL);
	struct vm_signal_req kq = {12345678, 15, 0, 0};
	struct vm_signal_rep kr;
	EXPECT("signal_no_such_pid", vm_signal_call(TH_VM_EP, &kq, 0, 0, &kr), KE_SRCH);
	kq.pid = -12345678;
	EXPECT("signal_no_such_group", vm_signal_call(TH_VM_EP, &kq, 0, 0, &kr), KE_SRCH);
	kq.pid = 2;   /* the FS server (init, a native task too, takes SIGTERM as busybox's
	                 init does: a power-off) */
	EXPECT("signal_a_native_task", vm_signal_call(TH_VM_EP, &kq, 0, 0, &kr), KE_PERM);
	struct vm_wait4_req wq = {-1, 0x40};
	struct vm_wait4_rep wr;
	EXPECT("wait4_bad_options", vm_wait4_call(TH_VM_EP, &wq, 0, 0, &wr), KE_INVAL);
	wq.options = VM_WAIT4_EXITED;
	EXPECT("wait4_no_children", vm_wait4_call(TH_VM_EP, &wq, 0, 0, &wr), KE_CHILD);
	struct vm_getpgid_req gq = {12345678, 0};
	struct vm_getpgid_rep gr;
	EXPECT("getpgid_no_such_pid", vm_getpgid_call(TH_VM_EP, &gq, 0, 0, &gr), KE_SRCH);
	struct vm_setpgid_req pq = {12345678, 0};
	struct vm_setpgid_rep pr;
	EXPECT("setpgid_no_such_pid", vm_setpgid_call(TH_VM_EP, &pq, 0, 0, &pr), KE_SRCH);
	struct vm_setid_req idq = {0, 0, 0, 0};
	struct vm_setid_rep idr;
	EXPECT("setid_op_0", vm_setid_call(TH_VM_EP, &idq, 0, 0, &idr), KE_INVAL);
	idq = (struct vm_setid_req){VM_SETID_FSGID + 1, 0, 0, 0};
	EXPECT("setid_op_past_last", vm_setid_call(TH_VM_EP, &idq, 0, 0, &idr), KE_INVAL);
	idq = (struct vm_setid_req){VM_SETID_RESUID, 1ull << 32, 0, 0};
	EXPECT("setid_id_past_32_bits", vm_setid_call(TH_VM_EP, &idq, 0, 0, &idr), KE_INVAL);
	idq = (struct vm_setid_req){VM_SETID_UID, VM_ID_KEEP, 0, 0};
	EXPECT("setid_setuid_of_minus_1", vm_setid_call(TH_VM_EP, &idq, 0, 0, &idr), KE_INVAL);
	idq = (struct vm_setid_req){VM_SETID_FSUID, VM_ID_KEEP, 0, 0};
	QCHECK("setid_query_says_root", vm_setid_call(TH_VM_EP, &idq, 0, 0, &idr) == 0 && idr.ruid == 0 && idr.euid == 0 &&
	       idr.fsgid == 0, "ruid %lu euid %lu", (unsigned long)idr.ruid, (unsigned long)idr.euid);
	struct vm_fork_req fq = {USER_TOP, 0x10000, 0};
	struct vm_fork_rep fr;
	EXPECT("fork_entry_past_user_space", vm_fork_call(TH_VM_EP, &fq, 0, 0, &fr), KE_INVAL);
	fq = (struct vm_fork_req){0x10000, 0x10008, 0};
	EXPECT("fork_unaligned_stack", vm_fork_call(TH_VM_EP, &fq, 0, 0, &fr), KE_INVAL);
	struct vm_sigtake_req gt = {~0ull, 0};
	struct vm_sigtake_rep rt = {1, 1, 1, 1, 1};
	QCHECK("sigtake_nothing_pending", vm_sigtake_call(TH_VM_EP, &gt, 0, 0, &rt) == 0 && rt.sig == 0 && rt.left == 0,
	       "sig %lu left %lx", (unsigned long)rt.sig, (unsigned long)rt.left);
	struct vm_sigqueue_req uq = {12345678, 40, -1, 0, 7, 0};
	struct vm_sigqueue_rep ur;
	EXPECT("sigqueue_no_such_pid", vm_sigqueue_call(TH_VM_EP, &uq, 0, 0, &ur), KE_SRCH);
	uq.pid = 0;
	EXPECT("sigqueue_pid_0", vm_sigqueue_call(TH_VM_EP, &uq, 0, 0, &ur), KE_SRCH);
	uq.pid = -1;
	EXPECT("sigqueue_negative_pid", vm_sigqueue_call(TH_VM_EP, &uq, 0, 0, &ur), KE_SRCH);
	uq.pid = 2;   /* the FS server (not init: see signal_a_native_task) */
	EXPECT("sigqueue_to_a_native_task", vm_sigqueue_call(TH_VM_EP, &uq, 0, 0, &ur), KE_PERM);
	struct vm_thread_new_req nq = {0x10000, 0x20000, 0};
	struct vm_thread_new_rep nr;
	EXPECT("thread_new_by_a_native_task", vm_thread_new_call(TH_VM_EP, &nq, 0, 0, &nr), KE_INVAL);
	struct vm_thread_exit_req eq = {me};
	struct vm_thread_exit_rep er;
	EXPECT("thread_exit_of_the_main_thread", vm_thread_exit_call(TH_VM_EP, &eq, 0, 0, &er), KE_INVAL);
	eq.tid = me + 64;   /* an id of the caller's slot that no thread has */
	EXPECT("thread_exit_no_such_thread", vm_thread_exit_call(TH_VM_EP, &eq, 0, 0, &er), KE_INVAL);
	gt.tid = me + 64;
	EXPECT("sigtake_no_such_thread", vm_sigtake_call(TH_VM_EP, &gt, 0, 0, &rt), KE_INVAL);
	gt.tid = me;
	QCHECK("sigtake_main_thread_by_pid", vm_sigtake_call(TH_VM_EP, &gt, 0, 0, &rt) == 0 && rt.sig == 0,
	       "sig %lu", (unsigned long)rt.sig);
	struct vm_fault_regs_req rq = {me + 64};
	struct vm_fault_regs_rep rr;
	EXPECT("fault_regs_no_such_thread", vm_fault_regs_call(TH_VM_EP, &rq, 0, 0, &rr), KE_INVAL);
	rq.tid = 0;
	EXPECT("fault_regs_no_redirect", vm_fault_regs_call(TH_VM_EP, &rq, 0, 0, &rr), KE_INVAL);
	kq = (struct vm_signal_req){me, 15, -6, me + 64};
	EXPECT("tgkill_no_such_thread", vm_signal_call(TH_VM_EP, &kq, 0, 0, &kr), KE_SRCH);
	kq = (struct vm_signal_req){-1, 15, -6, me + 64};
	EXPECT("tkill_no_such_thread", vm_signal_call(TH_VM_EP, &kq, 0, 0, &kr), KE_SRCH);
	kq = (struct vm_signal_req){0, 15, -6, 2};   /* the FS server's main thread */
	EXPECT("tkill_main_thread_of_a_native_task", vm_signal_call(TH_VM_EP, &kq, 0, 0, &kr), KE_PERM);
	uq = (struct vm_sigqueue_req){me, 40, -1, 0, 7, me + 64};
	EXPECT("tgsigqueue_no_such_thread", vm_sigqueue_call(TH_VM_EP, &uq, 0, 0, &ur), KE_SRCH);
	struct fs_intr_req iq = {me};
	struct fs_intr_rep ir;
	EXPECT("fs_intr_not_from_the_vm_server", fs_intr_call(TH_FS_EP, &iq, 0, 0, &ir), KE_PERM);
	struct vm_fs_page_users_req puq = {0x10000, 0x10000 + 4096, 1, 0, 0, 0, 0, 0};
	struct vm_fs_page_users_rep pur;
	EXPECT("page_users_not_from_the_fs_server", vm_fs_page_users_call(TH_VM_EP, &puq, 0, 0, &pur), KE_PERM);
	struct vm_fs_unmap_req unq = {1, 0, ~0ul, 1};
	struct vm_fs_unmap_rep unr;
	EXPECT("fs_unmap_not_from_the_fs_server", vm_fs_unmap_call(TH_VM_EP, &unq, 0, 0, &unr), KE_PERM);
	struct fs_pipe_req ppq;
	struct fs_pipe_rep ppr = {~0ul, ~0ul};
	QCHECK("pipe", fs_pipe_call(TH_FS_EP, &ppq, 0, 0, &ppr) == 0, "no pipe");
	struct fs_read_req frq = {(int64_t)ppr.rfd, 16, 5, 1};   /* a pipe has no offsets */
	struct fs_read_rep frr = {~0ul};
	EXPECT("read_wait_at_an_offset_of_a_pipe", fs_read_call(TH_FS_EP, &frq, 0, 0, &frr), 29 /* ESPIPE */);
	struct fs_close_req cq = {(int64_t)ppr.wfd};
	struct fs_close_rep cr;
	frq.at = -1;
	QCHECK("read_wait_without_writers_is_the_end", fs_close_call(TH_FS_EP, &cq, 0, 0, &cr) == 0 &&
	       fs_read_call(TH_FS_EP, &frq, 0, 0, &frr) == 0 && frr.count == 0, "count %lu", (unsigned long)frr.count);
	frq.fd = 1000;
	EXPECT("read_wait_bad_descriptor", fs_read_call(TH_FS_EP, &frq, 0, 0, &frr), KE_BADF);
	cq.fd = (int64_t)ppr.rfd;
	fs_close_call(TH_FS_EP, &cq, 0, 0, &cr);
	EXPECT("lx_interrupt_self", k_lx_interrupt(HANDLE_SELF), KE_PERM);
	EXPECT("lx_interrupt_endpoint", k_lx_interrupt(TH_VM_EP), KE_INVAL);
	EXPECT("lx_interrupt_empty_slot", k_lx_interrupt(50), KE_BADF);
	/* A request's buffer is what it carries, not what the last message left in the VM
	 * server's: a module name sent once (refused for its priority) is not spawned by a
	 * later VM_SPAWN with no bytes (the system fuzz started a second coordinator so). */
	struct vm_spawn_req spq = {-1, -1, -1, -1, 9};
	struct vm_spawn_rep spr;
	EXPECT("spawn_priority_too_high", vm_spawn_call(TH_VM_EP, &spq, "init", 5, &spr), KE_PERM);
	spq.prio = 4;
	EXPECT("spawn_without_a_name", vm_spawn_call(TH_VM_EP, &spq, 0, 0, &spr), KE_NOENT);
	QCHECK("system_still_runs", vm_stat(&st) == 0, "VM server does not answer");
	return qtest_done();
}
