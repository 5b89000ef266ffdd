/* forkinject.h - fault injection in fork (VM_FORK_INJECT, for tests): the next VM_FORK
 * fails at its k-th injection point, the points counted in the order the fork passes them
 * (each a FORK_STEP_* of proto/vm_msgs.h; some, like a VMA's node, once per VMA). Each
 * layer of the fork asks at its points whether this is the one (fork_inject_hit), and
 * fails there as if the resource had run out; lib/vm's points are its own switches
 * (VM_INJ_ACCOUNT, VM_INJ_NEWVMA) set on the child's mm, counted by its inject_after.
 * A foundation: it calls nothing of ours. */
#ifndef VM_FORKINJECT_H
#define VM_FORKINJECT_H
#include <stdint.h>
#include "proto/vm_msgs.h"
#include "vm/vm.h"

/* Arm: the next VM_FORK fails at its k-th point (1 <= k <= FORK_INJECT_MAX); k 0 disarms.
 * First, *rep gets what the last armed fork did. 0, -KE_INVAL (k too large) or -KE_BUSY
 * (the armed fork is under way: its answer from the FS server is awaited). */
long fork_inject_arm(uint64_t k, struct vm_fork_inject_rep *rep);
/* A VM_FORK of the task with badge parent begins: if injection is armed and no fork has
 * taken it, this one does. fork_inject_end(parent) when the fork is over, done or not. */
void fork_inject_begin(uint64_t parent);
void fork_inject_end(uint64_t parent);
/* Does parent's fork fail at this point of step `step`? Counts the point; 1 at most once. */
int fork_inject_hit(uint64_t parent, unsigned step);
/* Around vm_dup_mmap(child, ...) of parent's fork: the points still to come go into
 * child's switches (hits in between, from the dup_pages hook, count on the same budget);
 * then what they passed or which one failed is taken back and the switches cleared. */
void fork_inject_dup_begin(uint64_t parent, struct vm_mm *child);
void fork_inject_dup_end(uint64_t parent, struct vm_mm *child);
#endif
