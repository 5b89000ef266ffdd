/* frames.h - the physical frames the VM server owns, and who uses each; and the memory
 * handles of the devices' registers, which are no frames of ours. */
#ifndef VM_FRAMES_H
#define VM_FRAMES_H
#include <stddef.h>
#include <stdint.h>
#include "abi/bootinfo.h"
#include "abi/syscall.h"

#define OWNER_FREE   0xffff
#define OWNER_BOOT   0xfffe   /* given out by the kernel before we started */
#define OWNER_SHARED 0xfffd   /* still referenced, but not by the task that allocated it */
/* Owners below this (the tasks) have their frames counted as they are charged and
 * uncharged: frames_owned_by and frames_count_owners answer without a scan, and
 * frames_release_owner scans only when something is left. */
#define COUNTED_OWNERS 256

/* Take over the memory described by the boot information; -1 if it cannot be tracked. */
int frames_init(const struct bootinfo *bi);
/* A zeroed frame charged to `owner`, with one reference; returns its physical address,
 * or 0 if none left. */
uint64_t frame_alloc(uint16_t owner);
/* frame_alloc, filled from frame src: its first n bytes (<= PAGE_SIZE) copied, the rest
 * zeroed, no byte written twice (a copy-on-write break, a file page's private copy). */
uint64_t frame_alloc_copy(uint16_t owner, uint64_t src, size_t n);
/* Take another reference (a second mapping of the frame): 0, or -1 if too many. */
int frame_get(uint64_t pa);
/* How many references the frame has. */
uint32_t frame_refs(uint64_t pa);
/* Drop a reference; the frame is free when none is left. Otherwise it is charged to
 * nobody (OWNER_SHARED) if it was the owner's reference, as frame_put assumes; task
 * `holder`'s reference going (frame_put_from: an unmap, a copy-on-write break, a failed
 * install) leaves the owner charged when holder is another task (a page-cache page a
 * client mapped stays the FS server's, a page a fork shared stays the parent's). */
void frame_put(uint64_t pa);
void frame_put_from(uint64_t pa, uint16_t holder);
/* Free every frame still charged to `owner`, whatever its count (what a task's end left
 * charged to it: the pagemap frees its own nodes first, pm_free); returns how many. A
 * scan of every frame, but none when nothing is left to a counted owner. */
uint64_t frames_release_owner(uint16_t owner);
/* How many frames each owner below n is charged with, into count[0..n-1]. */
void frames_count_owners(uint32_t *count, uint16_t n);
/* How many frames owner is charged with. */
uint64_t frames_owned_by(uint16_t owner);
uint64_t frames_free_count(void);
uint64_t frames_total(void);
/* Our view of a frame, and the memory handle + offset the kernel wants to map it. */
static inline void *frame_ptr(uint64_t pa) { return (void *)(VM_WINDOW_VA + pa); }
int frame_handle(uint64_t pa, long *mem_handle, uint64_t *offset);
/* frame_get and frame_handle of pa with one look-up: 0, or -1 (not a frame of ours, or
 * too many references) with nothing taken. */
int frame_get_handle(uint64_t pa, long *mem_handle, uint64_t *offset);
/* The memory handle and offset of device registers at pa; -1 if no listed device. */
int frames_device_handle(uint64_t pa, long *mem_handle, uint64_t *offset);
#endif
