/* abi/bootinfo.h - what the kernel tells the VM server at boot, on a read-only page at
 * BOOTINFO_VA in its address space. Handle numbers are slots in the VM server's table. */
#ifndef ABI_BOOTINFO_H
#define ABI_BOOTINFO_H
#include <stdint.h>
#include "fdt/dt_platform.h"

#define BOOTINFO_MAGIC   0x4f464e49544f4f42UL  /* "BOOTINFO" */
#define BOOTINFO_VA      0x1ff0000000UL
#define VM_WINDOW_VA     0x2000000000UL        /* frame at pa is at VM_WINDOW_VA + pa */
#define BOOTINFO_MAX_MEM 16
#define BOOTINFO_MAX_MOD 24
#define BOOTINFO_MAX_TASK 4

/* Fixed handle slots in the VM server's table. */
#define VMH_ENDPOINT   0   /* the VM server's own endpoint (send + receive) */
#define VMH_TASKCTL    1   /* may create tasks */
#define VMH_POWER      2   /* may power the machine off */
#define VMH_IRQCTL     3   /* may bind interrupts */
#define VMH_SELF       4   /* its own task (map rights on itself) */
#define VMH_FS_EP      5   /* the FS server's endpoint (send) */
#define VMH_FIRST_FREE 6   /* tasks and memory handles follow; see below */

/* Fixed handle slots of every other boot task and of every task the VM server starts. */
#define TH_VM_EP       0   /* the VM server's endpoint, badged with the task's badge */
#define TH_FS_EP       1   /* the FS server's endpoint (FS: its own, with receive) */
#define TH_FIRST_FREE  2

/* Layout of the user stack of boot tasks. */
#define USER_STACK_TOP   0x3fffff0000UL
#define USER_STACK_PAGES 16

struct bootinfo_mem {
	uint32_t handle;     /* H_MEM slot covering [base, base + size) */
	uint32_t device;     /* 1 for device registers (never RAM to hand out) */
	uint64_t base, size;
	uint64_t used;       /* bytes at the start already given to boot tasks */
};

struct bootinfo_module {
	char name[32];
	uint64_t pa, size;   /* the ELF image, in a frame range the VM server owns */
};

struct bootinfo_task {
	char name[16];
	uint32_t handle;     /* task handle slot */
	uint32_t badge;      /* badge of its handles on the VM endpoint */
};

struct bootinfo {
	uint64_t magic;
	uint64_t hartid;
	uint32_t nmem, nmod, ntask, pad;
	struct bootinfo_mem mem[BOOTINFO_MAX_MEM];
	struct bootinfo_module mod[BOOTINFO_MAX_MOD];
	struct bootinfo_task task[BOOTINFO_MAX_TASK];
	struct dt_platform plat;
};
_Static_assert(sizeof(struct bootinfo) <= 4096, "bootinfo must fit one page");

#endif
