/* isolation.c - a task that touches the kernel's memory, another task's memory or
 * memory nobody gave it, or runs a forbidden instruction, gets its fault delivered to
 * its pager (the VM server), which ends it with the right signal; nothing else breaks. */
#include "qtest.h"
#include "vmclient.h"
#include "abi/bootinfo.h"

struct attempt {
	const char *name;
	uint64_t mode, addr;
	int64_t status;   /* 128 + signal */
	int check_addr;
};

static const struct attempt attempts[] = {
	{"read_kernel_image", 0, 0xffffffff80000000UL, 139, 1},
	{"write_kernel_physmap", 1, 0xffffffc080200000UL, 139, 1},
	{"read_vm_server_window", 0, VM_WINDOW_VA + 0x80400000UL, 139, 1},
	{"read_other_task_bootinfo", 0, BOOTINFO_VA, 139, 1},
	{"write_null", 1, 0, 139, 1},
	{"exec_heap", 2, 0x1000000000UL, 139, 1},
	{"write_own_text", 1, 0x10000, 139, 1},
	{"illegal_instruction", 3, 0, 132, 0},
	{"privileged_csr", 4, 0, 132, 0},
};

int main(void)
{
	struct vm_stat_rep before, after;
	long ep = k_endpoint_create();
	qtest_settle();
	vm_stat(&before);
	for (unsigned i = 0; i < sizeof attempts / sizeof attempts[0]; i++) {
		const struct attempt *a = &attempts[i];
		long give[VM_SPAWN_PASS] = {ep, -1, -1, -1};
		long child = vm_spawn("crasher", give, 4);
		struct msg m = {0};
		long badge = k_recv(ep, &m);
		m.tag = IPC_TAG(0, 0, 2);
		m.w[0] = a->mode;
		m.w[1] = a->addr;
		long r = k_reply(0, &m);
		struct vm_wait_rep end = {0};
		long w = vm_wait(child, &end);
		QCHECK(a->name, child > 0 && badge == 0 && r == 0 && w == 0 && end.status == a->status &&
		       (!a->check_addr || end.fault_addr == a->addr),
		       "child %ld status %ld addr %lx", child, (long)end.status, (unsigned long)end.fault_addr);
	}
	vm_stat(&after);
	QCHECK("frames_returned", after.free_frames == before.free_frames, "%lu before, %lu after",
	       (unsigned long)before.free_frames, (unsigned long)after.free_frames);
	QCHECK("still_alive", after.tasks == before.tasks, "tasks %lu vs %lu",
	       (unsigned long)after.tasks, (unsigned long)before.tasks);
	return qtest_done();
}
