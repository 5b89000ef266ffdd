/* fs_cleanup.c - a task's descriptors die with it: 60 children in turn open a file and
 * end without closing it. The FS server keeps 32 client records, so without the VM
 * server's FS_CLIENT_GONE the later children could not open anything. */
#include "qtest.h"
#include "vmclient.h"

int main(void)
{
	int ok = 0;
	for (int i = 0; i < 60; i++) {
		long child = vm_spawn("opener", 0, 4);
		struct vm_wait_rep end;
		ok += child > 0 && vm_wait(child, &end) == 0 && end.status == 0;
	}
	QCHECK("sixty_children_open_files", ok == 60, "%d of 60", ok);
	return qtest_done();
}
