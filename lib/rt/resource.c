/* resource.c - getrlimit/setrlimit, kept by the VM server. */
#include <sys/resource.h>
#include "kcall.h"
#include "rt/errno.h"
#include "abi/bootinfo.h"
#include "proto/vm_msgs.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"

int getrlimit(int resource, struct rlimit *rl)
{
	struct vm_getrlimit_req q = {(uint64_t)resource};
	struct vm_getrlimit_rep r;
	long e = vm_getrlimit_call(TH_VM_EP, &q, 0, 0, &r);
	if (e < 0)
		return rt_set_errno(-e);
	rl->rlim_cur = r.cur;
	rl->rlim_max = r.max;
	return 0;
}

int setrlimit(int resource, const struct rlimit *rl)
{
	struct vm_setrlimit_req q = {(uint64_t)resource, rl->rlim_cur, rl->rlim_max};
	struct vm_setrlimit_rep r;
	long e = vm_setrlimit_call(TH_VM_EP, &q, 0, 0, &r);
	return e < 0 ? rt_set_errno(-e) : 0;
}
