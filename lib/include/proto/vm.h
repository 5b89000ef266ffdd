/* proto/vm.h - the VM server's protocol: every message, defined once for client and server.
 *
 * Requests are calls to the VM server's endpoint (TH_VM_EP in every task). The label
 * names the request; arguments travel in the register words, strings in the IPC buffer.
 * A reply's label is 0 on success or a positive errno; results are in its words.
 * Page faults reach the VM server as abi/fault.h messages on the same endpoint.
 */
#ifndef PROTO_VM_H
#define PROTO_VM_H

#include <stdint.h>
#include "abi/syscall.h"

enum vm_label {
	VM_EXIT = 0x100,  /* the calling task ends; never answered */
	VM_SPAWN,         /* start a boot module as a child task */
	VM_WAIT,          /* wait for a child to end */
	VM_KILL,          /* end a child */
	VM_STAT,          /* counters about the caller and the machine */
	VM_MAP_DEVICE,    /* map device registers (a driver's) */
	VM_IRQ_BIND,      /* route a device interrupt to the caller's notification */
};

struct vm_exit_req { int64_t status; };

/* VM_SPAWN: the module name (NUL-terminated) is in the IPC buffer. The child receives
 * copies of up to VM_SPAWN_PASS of the caller's handles: give[i] (caller's slot, -1 for
 * none) lands in the child's slot TH_FIRST_FREE + i. */
#define VM_SPAWN_PASS 4
struct vm_spawn_req { int64_t give[VM_SPAWN_PASS]; uint64_t prio; };
struct vm_spawn_rep { int64_t child; };     /* the child's id, for VM_WAIT / VM_KILL */

struct vm_wait_req { int64_t child; };
/* How a child ended: status is its exit status, or 128 + signal when the VM server ended
 * it for a fault it could not resolve (then fault_addr/fault_pc/scause say what). */
struct vm_wait_rep { int64_t status; uint64_t fault_addr, fault_pc, scause; };

struct vm_kill_req { int64_t child; };

struct vm_stat_rep {
	uint64_t faults;        /* page faults the VM server resolved for the caller */
	uint64_t free_frames;   /* frames not in use by anyone */
	uint64_t total_frames;
	uint64_t tasks;         /* live tasks */
	uint64_t pid;           /* the caller's id */
};

/* VM_MAP_DEVICE: registers of a device the platform lists (bootinfo device memory),
 * mapped read/write, uncached by the platform's PMAs, at DEVICE_VA_BASE + pa. */
#define DEVICE_VA_BASE 0x3000000000UL
struct vm_map_device_req { uint64_t pa, npages; };
struct vm_map_device_rep { uint64_t va; };

/* VM_IRQ_BIND: the caller's notification (slot) gets `bit` when the device interrupt
 * `irq` fires; the caller acknowledges with k_irq_ack(notification, irq). */
struct vm_irq_bind_req { uint64_t irq; int64_t notification; uint64_t bit; };

/* Every request and reply fits the register words: checked here, once. */
#define VM_MSG_FITS(t) _Static_assert(sizeof(t) <= IPC_MAX_WORDS * 8, #t " exceeds the registers")
VM_MSG_FITS(struct vm_exit_req);
VM_MSG_FITS(struct vm_spawn_req);
VM_MSG_FITS(struct vm_spawn_rep);
VM_MSG_FITS(struct vm_wait_req);
VM_MSG_FITS(struct vm_wait_rep);
VM_MSG_FITS(struct vm_kill_req);
VM_MSG_FITS(struct vm_stat_rep);
VM_MSG_FITS(struct vm_map_device_req);
VM_MSG_FITS(struct vm_map_device_rep);
VM_MSG_FITS(struct vm_irq_bind_req);

#define VM_WORDS(t) ((sizeof(t) + 7) / 8)

#endif
