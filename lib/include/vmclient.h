/* vmclient.h - what a program asks of the VM server (proto/vm_msgs.h): process life cycle. */
#ifndef VMCLIENT_H
#define VMCLIENT_H
#include "kcall.h"
#include "proto/vm_msgs.h"

_Noreturn void vm_exit(int status);
/* Start boot module `name` as a child at priority prio; give[i] (a slot of ours or -1)
 * is copied to the child's slot TH_FIRST_FREE + i. Returns the child's id or -errno. */
long vm_spawn(const char *name, const long give[VM_SPAWN_PASS], uint64_t prio);
/* Start the ELF program open on descriptor fd (readable) as a child, its segments
 * demand-paged from the file, with the arguments argv (NULL-terminated; argv[0] names
 * it; main(argc, argv) gets them) and the environment envp (NULL-terminated, or NULL for
 * none). Returns the child's id or -errno (ENOEXEC: not a RISC-V executable, or one that
 * needs an interpreter; E2BIG: strings over 1024 bytes). fd may be closed right after. */
long vm_spawn_fd(int fd, char *const argv[], char *const envp[], uint64_t prio);
long vm_wait(long child, struct vm_wait_rep *rep);
/* Wait for child to end, as vm_wait does (rep's status and signal), reaping meanwhile
 * every other child that ends: init's way, as it adopts the orphans of ended tasks.
 * 0, or -errno (ECHILD: child is not ours). */
long vm_wait_reaping(long child, struct vm_wait_rep *rep);
long vm_kill(long child);
long vm_stat(struct vm_stat_rep *rep);
/* The caller's mappings as /proc/self/maps-like text: writes whole lines, starting at
 * VMA index *next, into buf (NUL-terminated) and advances *next; returns the number of
 * lines (0 at the end) or -errno. */
long vm_maps_text(uint64_t *next, char *buf, size_t size);
/* Map a device's registers (physical pa, npages); returns the address or -errno. */
long vm_map_device(uint64_t pa, uint64_t npages);
/* Deliver device interrupt irq as `bit` on our notification slot. */
long vm_irq_bind(uint64_t irq, long notification, uint64_t bit);
#endif
