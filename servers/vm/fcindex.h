/* fcindex.h - where the FS server's page cache holds pages of files, learned from its
 * answers to page-ins (VM_FS_PAGE): (file key, page index) -> the frame, so that a later
 * fault on such a page is served here, without asking the FS server again. The FS server
 * lends every page it names that way (lib/fcache's fc_lend) and, before it reuses or
 * drops one, takes it back with VM_FS_UNMAP, which forgets it here (filemap_unmap). */
#ifndef VM_FCINDEX_H
#define VM_FCINDEX_H
#include <stdint.h>

/* Remember that page idx of the file with this key is at the FS server's frame `e` (its
 * pagemap entry). When full, nothing is remembered (the next fault asks the FS server). */
void fcindex_add(uint64_t key, uint64_t idx, uint64_t e);
/* The frame remembered for page idx of key, or 0. */
uint64_t fcindex_get(uint64_t key, uint64_t idx);
/* Forget pages [first, last) of key. */
void fcindex_forget(uint64_t key, uint64_t first, uint64_t last);
#endif
