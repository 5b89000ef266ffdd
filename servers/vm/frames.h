/* frames.h - the physical frames the VM server owns, and who uses each. */
#ifndef VM_FRAMES_H
#define VM_FRAMES_H
#include <stdint.h>
#include "abi/bootinfo.h"
#include "abi/syscall.h"

#define OWNER_FREE 0xffff
#define OWNER_BOOT 0xfffe   /* given out by the kernel before we started */

/* Take over the memory described by the boot information; -1 if it cannot be tracked. */
int frames_init(const struct bootinfo *bi);
/* A zeroed frame charged to `owner`; returns its physical address, or 0 if none left. */
uint64_t frame_alloc(uint16_t owner);
void frame_free(uint64_t pa);
/* Return every frame charged to `owner`; returns how many. */
uint64_t frames_release_owner(uint16_t owner);
uint64_t frames_free_count(void);
uint64_t frames_total(void);
/* Our view of a frame, and the memory handle + offset the kernel wants to map it. */
static inline void *frame_ptr(uint64_t pa) { return (void *)(VM_WINDOW_VA + pa); }
int frame_handle(uint64_t pa, long *mem_handle, uint64_t *offset);
#endif
