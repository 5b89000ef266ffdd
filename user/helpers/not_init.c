/* not_init.c - a task that is not init (tests/qemu/fork_inject.c spawns it): what only
 * init may ask of the VM server is refused to it. Exits 0 if VM_FORK_INJECT said EPERM. */
#include "vmclient.h"
#include "abi/bootinfo.h"
#include "proto/vm_msgs.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"

int main(void)
{
	struct vm_fork_inject_req q = {1};
	struct vm_fork_inject_rep r;
	return vm_fork_inject_call(TH_VM_EP, &q, 0, 0, &r) == -KE_PERM ? 0 : 1;
}
