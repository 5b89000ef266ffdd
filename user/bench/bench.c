/* bench.c - instructions retired per operation, read with rdinstret under QEMU
 * -icount shift=0 (deterministic; see docs/architecture.md). Each operation runs once
 * untimed (warm-up), then ROUNDS times; the table prints the per-operation average.
 * Lines starting with "bench:" are collected by scripts/bench.sh. */
#include <stdio.h>
#include "vmclient.h"
#include "abi/bootinfo.h"

#define ROUNDS 1000

static inline uint64_t instret(void)
{
	uint64_t v;
	__asm__ volatile("rdinstret %0" : "=r"(v));
	return v;
}

static void report(const char *what, uint64_t total)
{
	printf("bench: %-44s %8lu\n", what, (unsigned long)(total / ROUNDS));
}

static uint64_t bench_null(void)
{
	k_null();
	uint64_t t0 = instret();
	for (int i = 0; i < ROUNDS; i++)
		k_null();
	return instret() - t0;
}

/* Round trips to the echo peer in another address space: nwords register words and
 * nbytes through the buffer path. */
static uint64_t bench_ipc(long ep, uint64_t nwords, uint64_t nbytes)
{
	struct msg m = {IPC_TAG(1, nbytes, nwords), {0}};
	k_call(ep, &m);
	uint64_t t0 = instret();
	for (int i = 0; i < ROUNDS; i++) {
		m.tag = IPC_TAG(1, nbytes, nwords);
		k_call(ep, &m);
	}
	return instret() - t0;
}

int main(void)
{
	long ep = k_endpoint_create();
	long give[VM_SPAWN_PASS] = {ep, -1, -1, -1};
	long child = vm_spawn("ipc_echo", give, 4);
	if (ep < 0 || child < 0) {
		printf("bench: cannot start the echo peer\n");
		return 1;
	}
	report("null system call", bench_null());
	report("IPC call+reply, 2 address spaces, 0 words", bench_ipc(ep, 0, 0));
	report("IPC call+reply, 2 address spaces, 4 words", bench_ipc(ep, 4, 0));
	report("IPC call+reply, 2 address spaces, 8 words", bench_ipc(ep, 8, 0));
	report("IPC call+reply, 2 address spaces, 256-byte buffer", bench_ipc(ep, 0, 256));
	struct msg stop = {IPC_TAG(0, 0, 0), {0}};
	k_call(ep, &stop);
	struct vm_wait_rep end;
	vm_wait(child, &end);
	return 0;
}
