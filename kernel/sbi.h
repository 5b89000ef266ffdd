/* sbi.h - calls into the SBI firmware (OpenSBI) below us. */
#ifndef SBI_H
#define SBI_H
#include <stdint.h>

#define SBI_EXT_BASE   0x10
#define SBI_EXT_TIME   0x54494D45
#define SBI_EXT_IPI    0x735049
#define SBI_EXT_RFENCE 0x52464E43
#define SBI_EXT_HSM    0x48534D
#define SBI_EXT_SRST   0x53525354
#define SBI_EXT_DBCN   0x4442434E
#define SBI_LEGACY_PUTCHAR  0x01
#define SBI_LEGACY_GETCHAR  0x02
#define SBI_LEGACY_SHUTDOWN 0x08

struct sbiret { long error; long value; };

struct sbiret sbi_call(uint64_t ext, uint64_t fid, uint64_t a0, uint64_t a1, uint64_t a2);
/* Probe the extensions the kernel may use; call once before the others. */
void sbi_init(void);
int  sbi_has(uint64_t ext);
long sbi_spec_version(void);
void sbi_set_timer(uint64_t when);
#endif
