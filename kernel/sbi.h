/* sbi.h - calls into the SBI firmware (OpenSBI) below us. */
#ifndef SBI_H
#define SBI_H
#define SBI_EXT_BASE   0x10
#define SBI_EXT_TIME   0x54494D45
#define SBI_EXT_IPI    0x735049
#define SBI_EXT_HSM    0x48534D
#define SBI_EXT_SRST   0x53525354
#define SBI_EXT_DBCN   0x4442434E
#define SBI_LEGACY_PUTCHAR  0x01
#define SBI_LEGACY_GETCHAR  0x02
#define SBI_LEGACY_SHUTDOWN 0x08
#define SBI_IPI_SEND   0        /* the IPI extension's send_ipi */

#ifndef __ASSEMBLER__
#include <stdint.h>

struct sbiret { long error; long value; };

struct sbiret sbi_call(uint64_t ext, uint64_t fid, uint64_t a0, uint64_t a1, uint64_t a2);
/* Probe the extensions the kernel may use; call once before the others. */
void sbi_init(void);
int  sbi_has(uint64_t ext);
long sbi_spec_version(void);
void sbi_set_timer(uint64_t when);
/* HSM hart_start: hartid begins at physical start_pa with a0 = hartid, a1 = opaque,
 * MMU off. 0 or an SBI error (negative). */
long sbi_hart_start(uint64_t hartid, uint64_t start_pa, uint64_t opaque);
#define SBI_ERR_ALREADY_AVAILABLE (-6)   /* hart_start: the hart is not stopped */
/* These need the IPI extension: only used once other harts run, which hart_start_all()
 * allows only when the firmware has it. */
/* A supervisor software interrupt (sip.SSIP) to hartid. */
void sbi_send_ipi(uint64_t hartid);
void sbi_send_ipi_mask(uint64_t hart_mask, uint64_t base);   /* bit n: hartid base + n */
#endif /* __ASSEMBLER__ */
#endif
