/* sbi.c - SBI calls and extension probing (base, TIME, IPI, HSM, SRST, DBCN). */
#include "sbi.h"

static struct {
	long spec_version;
	uint8_t time, hsm, srst, dbcn, legacy_putchar, legacy_shutdown, ipi;
} sbi;


struct sbiret sbi_call(uint64_t ext, uint64_t fid, uint64_t a0, uint64_t a1, uint64_t a2)
{
	register uint64_t r_a0 __asm__("a0") = a0;
	register uint64_t r_a1 __asm__("a1") = a1;
	register uint64_t r_a2 __asm__("a2") = a2;
	register uint64_t r_a6 __asm__("a6") = fid;
	register uint64_t r_a7 __asm__("a7") = ext;
	__asm__ volatile("ecall" : "+r"(r_a0), "+r"(r_a1) : "r"(r_a2), "r"(r_a6), "r"(r_a7) : "memory");
	return (struct sbiret){(long)r_a0, (long)r_a1};
}

static int probe(uint64_t ext)
{
	struct sbiret r = sbi_call(SBI_EXT_BASE, 3, ext, 0, 0);
	return r.error == 0 && r.value != 0;
}

void sbi_init(void)
{
	sbi.spec_version = sbi_call(SBI_EXT_BASE, 0, 0, 0, 0).value;
	sbi.time = probe(SBI_EXT_TIME);
	sbi.ipi = probe(SBI_EXT_IPI);
	sbi.hsm = probe(SBI_EXT_HSM);
	sbi.srst = probe(SBI_EXT_SRST);
	sbi.dbcn = probe(SBI_EXT_DBCN);
	sbi.legacy_putchar = probe(SBI_LEGACY_PUTCHAR);
	sbi.legacy_shutdown = probe(SBI_LEGACY_SHUTDOWN);
}

int sbi_has(uint64_t ext)
{
	switch (ext) {
	case SBI_EXT_TIME: return sbi.time;
	case SBI_EXT_IPI: return sbi.ipi;
	case SBI_EXT_HSM: return sbi.hsm;
	case SBI_EXT_SRST: return sbi.srst;
	case SBI_EXT_DBCN: return sbi.dbcn;
	case SBI_LEGACY_PUTCHAR: return sbi.legacy_putchar;
	case SBI_LEGACY_SHUTDOWN: return sbi.legacy_shutdown;
	default: return 0;
	}
}

long sbi_spec_version(void) { return sbi.spec_version; }

void sbi_set_timer(uint64_t when)
{
	if (sbi.time)
		sbi_call(SBI_EXT_TIME, 0, when, 0, 0);
	else
		sbi_call(0x00, 0, when, 0, 0);   /* legacy set_timer */
}

long sbi_hart_start(uint64_t hartid, uint64_t start_pa, uint64_t opaque)
{
	if (!sbi.hsm)
		return -2;   /* SBI_ERR_NOT_SUPPORTED */
	return sbi_call(SBI_EXT_HSM, 0, hartid, start_pa, opaque).error;
}

void sbi_send_ipi(uint64_t hartid)
{
	sbi_call(SBI_EXT_IPI, SBI_IPI_SEND, 1, hartid, 0);
}

void sbi_send_ipi_mask(uint64_t hart_mask, uint64_t base)
{
	sbi_call(SBI_EXT_IPI, SBI_IPI_SEND, hart_mask, base, 0);
}
