/* mman.c - <sys/mman.h> on the VM server's protocol (proto/vm.def). */
#include <sys/mman.h>
#include <unistd.h>
#include "kcall.h"
#include "rt/errno.h"
#include "abi/bootinfo.h"
#include "proto/vm_msgs.h"
#define PROTO_FILE "proto/vm.def"
#include "proto/gen_client.h"

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset)
{
	struct vm_mmap_req q = {(uint64_t)addr, len, (uint64_t)(unsigned)prot, (uint64_t)(unsigned)flags,
	                        fd, (uint64_t)offset};
	struct vm_mmap_rep r;
	long e = vm_mmap_call(TH_VM_EP, &q, 0, 0, &r);
	if (e < 0) {
		rt_set_errno(-e);
		return MAP_FAILED;
	}
	return (void *)r.addr;
}

/* The calls that return 0 or -1: one request, errno from the reply. */
#define RANGE_CALL(call, ...)                                              \
	do {                                                                   \
		struct call##_req q = {__VA_ARGS__};                               \
		struct call##_rep r;                                               \
		long e = call##_call(TH_VM_EP, &q, 0, 0, &r);                      \
		return e < 0 ? rt_set_errno(-e) : 0;                               \
	} while (0)

int munmap(void *addr, size_t len) { RANGE_CALL(vm_munmap, (uint64_t)addr, len); }
int mprotect(void *addr, size_t len, int prot) { RANGE_CALL(vm_mprotect, (uint64_t)addr, len, (uint64_t)(unsigned)prot); }
int mlock(const void *addr, size_t len) { RANGE_CALL(vm_mlock, (uint64_t)addr, len, 0); }
int mlock2(const void *addr, size_t len, unsigned int flags) { RANGE_CALL(vm_mlock, (uint64_t)addr, len, flags); }
int munlock(const void *addr, size_t len) { RANGE_CALL(vm_munlock, (uint64_t)addr, len); }
int mlockall(int flags) { RANGE_CALL(vm_mlockall, (uint64_t)(unsigned)flags); }
int munlockall(void) { RANGE_CALL(vm_munlockall, ); }
int msync(void *addr, size_t len, int flags) { RANGE_CALL(vm_msync, (uint64_t)addr, len, (uint64_t)(unsigned)flags); }
int madvise(void *addr, size_t len, int advice) { RANGE_CALL(vm_madvise, (uint64_t)addr, len, (uint64_t)(unsigned)advice); }

int getpagesize(void) { return (int)PAGE_SIZE; }

long sysconf(int name)
{
	if (name == _SC_PAGESIZE)
		return (long)PAGE_SIZE;
	return rt_set_errno(22);
}
