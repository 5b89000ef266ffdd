/* mapping.h - file identities given to the VM server for mappings (mapping.c). */
#ifndef FS_MAPPING_H
#define FS_MAPPING_H
#include <stdint.h>
/* Does a mapping still hold node open? */
int mapping_holds(uint64_t node);
#endif
