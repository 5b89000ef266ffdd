#!/usr/bin/env bash
# smp_lock.sh - the model of the big lock, the stall and the TLB shootdown
# (kernel/smp_lock.pml) names the kernel's symbols it models, each defined in kernel/,
# spin finds no error in it (exhaustive: mutual exclusion, no lost wakeup, no deadlock,
# a stalled thread complete in memory, no stale translation used), and spin does find
# one in each broken variant, so the check can fail: BROKEN_NO_RECHECK (the waiter
# sleeps without looking at `serving` again), BROKEN_NO_STALL_CHECK (the waiter does not
# answer a stall), BROKEN_STALLED_FIRST (it says `stalled` too soon), BROKEN_CPUS_ZERO
# (shootdown forgets the harts that have the address space loaded), BROKEN_NO_FENCE_CHECK
# (the waiter does not answer a fence), BROKEN_NO_ANSWER_IPI (an answer is not followed
# by an IPI to the holder waiting for it in wfi).
set -u
MODEL=kernel/smp_lock.pml
NAME=smp_lock
. scripts/spin-lib.sh

# The kernel's functions, assembly labels and struct fields the model stands for; its
# inlines and proctypes must be among them, or among the hardware's (MACHINE).
KERNEL="hart big_lock lock_sleepers kernel_lock kernel_unlock sbi_send_ipi
        sbi_send_ipi_mask hart_stall thread_hold stall stalled fence asker await_answer
        hart_fence cur vm_loaded hart_idle poll_interrupts sched_pick trap_handler
        prepare_return vm_load vm_load_kernel shootdown vm_flush aspace_destroy aspace_init
        task_destroy cpus"
MACHINE="walker tlb_current"

# defined NAME: an assembly label, a function definition (not a prototype), a struct, or
# a field in a struct of a header.
defined() {
	grep -qE "^$1:" kernel/*.S || grep -qE "^struct $1 \{" kernel/*.h ||
		grep -qE "^[A-Za-z_][^;]*[ *]$1\([^;]*$" kernel/*.c kernel/*.h ||
		grep -qE "^[[:space:]]+[A-Za-z_][^(=]*[ *]$1(\[[^]]*\])?;" kernel/*.h
}
why=
for n in $KERNEL; do
	grep -qw "$n" "$MODEL" || why="$why $n: not in the model;"
	defined "$n" || why="$why $n: not defined in kernel/;"
done
known=" $(echo $KERNEL $MACHINE) "
for n in $(sed -nE 's/^(inline|active \[[A-Z]+\] proctype|proctype) ([a-z_]+).*/\2/p' "$MODEL"); do
	[[ $known == *" $n "* ]] || why="$why $n: modelled but not the kernel's;"
done
[ -z "$why" ] && echo "ok - ${NAME}_model_names_kernel" ||
	echo "not ok - ${NAME}_model_names_kernel:$why"

# (gcc's -O2 takes pan.b's undo of hart-indexed stores for overflows; the variants
# stop at their first error within a few hundred states: -O0 compiles 4 times faster.)
spin_check BROKEN_NO_RECHECK "-DCOLLAPSE -Wno-stringop-overflow"
spin_broken BROKEN_NO_STALL_CHECK -O0
spin_broken BROKEN_STALLED_FIRST -O0
spin_broken BROKEN_CPUS_ZERO -O0
spin_broken BROKEN_NO_FENCE_CHECK -O0
spin_broken BROKEN_NO_ANSWER_IPI -O0
