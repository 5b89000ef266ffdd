/* mapping.h - file identities given to the VM server for mappings (mapping.c). */
#ifndef FS_MAPPING_H
#define FS_MAPPING_H
#include <stdint.h>
#include "proto/fs_msgs.h"
/* Does a mapping still hold node open? */
int mapping_holds(uint64_t node);
/* Serve FS_PAGE_IN q: the page (read in unless only_cached), lent with the cached pages
 * after it, answered by VM_FS_PAGE saying `together` page-ins were served at once. 0; or
 * -1, nothing done, when only_cached and the page is not cached. The caller holds fs_big
 * (pagein.h): shared will do for only_cached. */
int mapping_page_in(const struct fs_page_in_req *q, uint64_t together, int only_cached);
#endif
