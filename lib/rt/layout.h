/* rt/layout.h - user address-space layout shared by the loaders and the VM server. */
#ifndef RT_LAYOUT_H
#define RT_LAYOUT_H
#define USER_HEAP_BASE  0x1000000000UL   /* sbrk's heap: demand-zero memory */
#define USER_HEAP_END   0x1040000000UL   /* 1 GiB */
#define USER_STACK_MAX  (8UL << 20)      /* the stack may grow to 8 MiB below its top */
#endif
