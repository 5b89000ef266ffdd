/* syscall_errors.c - invalid system call numbers, arguments and handles get error codes
 * and change nothing; the system keeps running. */
#include "qtest.h"
#include "vmclient.h"
#include "abi/bootinfo.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"

#define EXPECT(name, call, err) do { long r_ = (call); \
	QCHECK(name, r_ == -(err), "returned %ld, expected %d", r_, -(err)); } while (0)

int main(void)
{
	struct msg m = {0};
	EXPECT("bad_syscall_number", k_syscall(999, 0, 0, 0, 0, 0, 0), KE_NOSYS);
	EXPECT("negative_syscall_number", k_syscall(-1, 0, 0, 0, 0, 0, 0), KE_NOSYS);
	EXPECT("syscall_count", k_syscall(SYS_COUNT, 0, 0, 0, 0, 0, 0), KE_NOSYS);
	uint64_t held = 1, holds = 1;   /* (make test's kernels count no lock holds) */
	EXPECT("kstat_lock_not_built", k_kstat_lock(&held, &holds), KE_NOSYS);
	EXPECT("kstat_unknown_selector", k_syscall(SYS_KSTAT, KSTAT_LOCK + 1, 0, 0, 0, 0, 0), KE_INVAL);
	EXPECT("call_empty_slot", k_call(40, &m), KE_BADF);
	EXPECT("call_slot_out_of_range", k_call(64, &m), KE_BADF);
	EXPECT("call_negative_slot", k_call(-5, &m), KE_BADF);
	m.tag = IPC_TAG(1, 0, 9);
	EXPECT("call_too_many_words", k_call(TH_VM_EP, &m), KE_INVAL);
	m.tag = IPC_TAG(1, 5000, 0);
	EXPECT("call_buffer_too_long", k_call(TH_VM_EP, &m), KE_INVAL);
	EXPECT("recv_without_right", k_recv(TH_VM_EP, &m), KE_PERM);
	EXPECT("signal_an_endpoint", k_notify_signal(TH_VM_EP, 1), KE_INVAL);
	/* the FS server's calls to the VM server, from another task: refused before anything
	 * (no handle of ours is copied for a page-in lane, no page-in answer is taken) */
	struct vm_fs_ready_req rq = {TH_VM_EP};
	struct vm_fs_ready_rep rr;
	EXPECT("fs_ready_from_another_task", vm_fs_ready_call(TH_VM_EP, &rq, 0, 0, &rr), KE_PERM);
	struct vm_fs_page_req pq = {1, 0, 0x10000, 0, 0, 0, 0, 2};
	struct vm_fs_page_rep pr;
	EXPECT("fs_page_from_another_task", vm_fs_page_call(TH_VM_EP, &pq, 0, 0, &pr), KE_PERM);
	long nb = k_notify_create();   /* found by syscall_fuzz: a wait read bit 63 as an error */
	EXPECT("signal_bit_63", k_notify_signal(nb, 1UL << 63 | 0xe06), KE_INVAL);
	QCHECK("wait_after_bit_63_refused", k_notify_wait_until(nb, 1) == -KE_TIMEDOUT, "bits came");
	EXPECT("wait_unknown_flag", k_syscall(SYS_NOTIFY_WAIT, (uint64_t)nb, 1, 2, 0, 0, 0), KE_INVAL);
	QCHECK("uninterrupted_wait_times_out",
	       k_syscall(SYS_NOTIFY_WAIT, (uint64_t)nb, 1, NOTIFY_UNINTERRUPTED, 0, 0, 0) == -KE_TIMEDOUT,
	       "the flag changed more than interruption");
	k_notify_signal(nb, 0x5);
	QCHECK("uninterrupted_wait_takes_bits", k_notify_wait_uninterrupted(nb) == 0x5, "bits lost");
	k_handle_close(nb);
	EXPECT("write_from_kernel_memory", k_console_write((void *)0xffffffff80000000UL, 8), KE_FAULT);
	EXPECT("write_from_unmapped", k_console_write((void *)0x3000000000UL, 8), KE_FAULT);
	EXPECT("write_past_user_top", k_console_write((void *)(USER_TOP - 4), 8), KE_FAULT);
	EXPECT("map_self", k_map(HANDLE_SELF, 0x100000, 0, 0, 1, PERM_R), KE_PERM);
	EXPECT("map_with_endpoint", k_map(TH_VM_EP, 0x100000, 0, 0, 1, PERM_R), KE_INVAL);
	uint64_t offs[MAP_PAGES_MAX + 1] = {0};
	EXPECT("map_pages_self", k_map_pages(HANDLE_SELF, 0x100000, 0, offs, 1, PERM_R), KE_PERM);
	EXPECT("map_pages_with_endpoint", k_map_pages(TH_VM_EP, 0x100000, 0, offs, 1, PERM_R), KE_INVAL);
	EXPECT("unmap_self", k_unmap(HANDLE_SELF, 0x10000, 1), KE_PERM);
	EXPECT("move_self", k_move(HANDLE_SELF, 0x10000, 0x20000, 1), KE_PERM);
	EXPECT("move_with_endpoint", k_move(TH_VM_EP, 0x10000, 0x20000, 1), KE_INVAL);
	EXPECT("threads_end_self", k_task_threads_end(HANDLE_SELF, 0x10005), KE_PERM);
	EXPECT("threads_end_with_endpoint", k_task_threads_end(TH_VM_EP, 0x10005), KE_INVAL);
	EXPECT("threads_end_empty_slot", k_task_threads_end(50, 0x10005), KE_BADF);
	EXPECT("threads_end_all_self", k_task_threads_end(HANDLE_SELF, 0), KE_PERM);
	uint64_t pa;
	EXPECT("query_self", k_query(HANDLE_SELF, 0x10000, &pa), KE_PERM);
	EXPECT("task_create_without_right", k_task_create(TH_VM_EP, 1, 0), KE_INVAL);
	EXPECT("task_create_empty_slot", k_task_create(50, 1, 0), KE_BADF);
	EXPECT("task_destroy_self", k_task_destroy(HANDLE_SELF), KE_PERM);
	EXPECT("thread_pc_in_kernel", k_thread_start(HANDLE_SELF, 0xffffffff80000000UL, 0x10000, 0, 1, -1), KE_INVAL);
	EXPECT("thread_prio_too_high", k_thread_start(HANDLE_SELF, 0x10000, 0x10000, 0, 15, -1), KE_PERM);
	EXPECT("ipc_buffer_unaligned", k_set_ipc_buffer((void *)0x1001), KE_INVAL);
	EXPECT("ipc_buffer_kernel", k_set_ipc_buffer((void *)0xffffffff80000000UL), KE_INVAL);
	EXPECT("rebadge", k_handle_copy(HANDLE_SELF, TH_VM_EP, HANDLE_SELF, -1, RIGHT_ALL, 77), KE_PERM);
	EXPECT("copy_to_used_slot", k_handle_copy(HANDLE_SELF, TH_VM_EP, HANDLE_SELF, TH_FS_EP, RIGHT_ALL, 0), KE_EXIST);
	EXPECT("copy_bad_rights", k_handle_copy(HANDLE_SELF, TH_VM_EP, HANDLE_SELF, -1, 0x100, 0), KE_INVAL);
	EXPECT("close_empty", k_handle_close(63), KE_BADF);
	EXPECT("poweroff_without_right", k_poweroff(TH_VM_EP, 0), KE_INVAL);
	EXPECT("irq_without_right", k_irq_bind(TH_VM_EP, 10, TH_VM_EP, 0), KE_INVAL);
	m.tag = 0;
	EXPECT("reply_without_caller", k_reply(0, &m), KE_NOENT);
	EXPECT("reply_forged_token", k_reply(0x10005, &m), KE_NOENT);
	EXPECT("caller_save_without_caller", k_caller_save(), KE_NOENT);

	long ep = k_endpoint_create(), n = 1, last = 0;
	while (n < 64 && (last = k_endpoint_create()) >= 0)
		n++;
	/* MAX_OBJS_PER_TASK: 40 (kernel/memlayout.h) */
	QCHECK("object_quota", ep >= 0 && last == -KE_NOMEM && n <= 40, "made %ld objects, last %ld", n, last);
	long copies = 0;
	while ((last = k_handle_copy(HANDLE_SELF, TH_VM_EP, HANDLE_SELF, -1, RIGHT_SEND, 0)) >= 0)
		copies++;
	QCHECK("handle_table_full", last == -KE_NOSPC && copies < 64, "copies %ld, last %ld", copies, last);
	EXPECT("create_when_table_full", k_endpoint_create(), KE_NOSPC);

	struct vm_stat_rep st;
	QCHECK("system_still_runs", vm_stat(&st) == 0, "VM server does not answer");
	return qtest_done();
}
