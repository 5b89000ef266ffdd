/* procinfo.h - what /proc shows, asked by a Linux task's personality (lib/linux/
 * lx_procfs.c): the processes, a process's figures and mappings, its arguments, and the
 * system's memory (proto/vm.def, VM_PROC_*, VM_MEMINFO, VM_FRAME_USE). Read-only but VM_PROC_ARGS. */
#ifndef VM_PROCINFO_H
#define VM_PROCINFO_H
#include "proctab.h"

#define PROCCALL(name) long do_##name(struct proc *p, const struct name##_req *q, struct name##_rep *r);
PROCCALL(vm_proc_args)
PROCCALL(vm_proc_list)
PROCCALL(vm_proc_info)
PROCCALL(vm_proc_maps)
PROCCALL(vm_proc_read)
PROCCALL(vm_meminfo)
PROCCALL(vm_frame_use)
#undef PROCCALL
#endif
