/* kpool.h - the kernel's page pool: page-table pages, carved from RAM once at boot. */
#ifndef KPOOL_H
#define KPOOL_H
#include <stdint.h>

void  kpool_init(uint64_t base_pa, uint64_t npages);
void *kpool_alloc(void);        /* a zeroed page (physmap address) or NULL */
void  kpool_free(void *page);
uint64_t kpool_free_count(void);
#endif
