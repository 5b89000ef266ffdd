/* exec.h - starting a program stored in a file: its segments become MAP_PRIVATE file
 * mappings (through vm_mmap, as Linux's loader does) and are paged in from the FS server
 * on demand. */
#ifndef VM_EXEC_H
#define VM_EXEC_H
#include "fslink.h"
#include "proc.h"

/* VM_SPAWN_FD: asks the FS server for the descriptor (FS_MAP_FD), answered later. */
long exec_spawn_fd(struct proc *p, const struct vm_spawn_fd_req *q, const char *buf);
/* The FS server's answers for w (an FSW_SPAWN): the file (FS_MAP_FD), then the page with
 * the ELF headers (FS_PAGE_IN). */
void exec_mapped(struct fs_wait *w, const struct vm_fs_done_req *q);
void exec_header_page(struct fs_wait *w, struct proc *fs, const struct vm_fs_page_req *q);
/* If page va of p is where a segment's .bss begins inside a file page, forget it and
 * return the offset from which that page must read as zeros; else 0. */
uint64_t exec_take_bss(struct proc *p, uint64_t va);
/* The same question without forgetting: is page va still to be zeroed from there? */
int exec_bss_pending(const struct proc *p, uint64_t va);
#endif
