/* irq.c - the PLIC, for the boot hart's S-mode context.
 *
 * A bound interrupt is claimed, its notification signalled, and the claim completed only
 * when the driver acknowledges it, so a level-triggered device cannot storm the kernel.
 */
#include "irq.h"
#include "ipc.h"
#include "memlayout.h"
#include "abi/syscall.h"
#include "fdt/dt_platform.h"

#define PLIC_MAX_IRQ 1024
static volatile uint32_t *plic;
static uint32_t ndev;
static int32_t ctx = -1;
static struct { struct notification *n; uint64_t bits; uint8_t pending; } bound[PLIC_MAX_IRQ];

static volatile uint32_t *reg(uint64_t off) { return plic + off / 4; }

void irq_init(const struct dt_platform *plat, uint64_t hartid)
{
	if (!plat->plic.base)
		return;
	for (uint32_t i = 0; i < plat->nharts; i++)
		if (plat->harts[i].hartid == hartid)
			ctx = plat->harts[i].plic_s_ctx;
	if (ctx < 0)
		return;
	plic = pa2kva(plat->plic.base);
	ndev = plat->plic.ndev < PLIC_MAX_IRQ ? plat->plic.ndev : PLIC_MAX_IRQ - 1;
	for (uint32_t w = 0; w <= ndev / 32; w++)
		*reg(0x2000 + 0x80 * (uint64_t)ctx + 4 * w) = 0;
	*reg(0x200000 + 0x1000 * (uint64_t)ctx) = 0;   /* threshold: accept all */
}

long irq_bind(uint32_t irq, struct notification *n, uint64_t bits)
{
	if (!plic || irq == 0 || irq > ndev)
		return -KE_INVAL;
	if (bound[irq].n)
		return -KE_BUSY;
	bound[irq].n = n;
	bound[irq].bits = bits;
	n->refs++;   /* the binding keeps the notification alive */
	n->irqs++;
	*reg(4 * (uint64_t)irq) = 1;
	*reg(0x2000 + 0x80 * (uint64_t)ctx + 4 * (irq / 32)) |= 1u << (irq % 32);
	return 0;
}

long irq_ack(uint32_t irq, const struct notification *n)
{
	if (!plic || irq == 0 || irq > ndev || !bound[irq].n)
		return -KE_INVAL;
	if (bound[irq].n != n)
		return -KE_PERM;
	if (!bound[irq].pending)
		return 0;
	bound[irq].pending = 0;
	*reg(0x200004 + 0x1000 * (uint64_t)ctx) = irq;
	return 0;
}

struct notification *irq_unbind_unheld(void)
{
	for (uint32_t irq = 1; plic && irq <= ndev; irq++) {
		struct notification *n = bound[irq].n;
		if (!n || n->refs > n->irqs)
			continue;   /* (held by a handle besides its bindings) */
		n->irqs--;
		*reg(0x2000 + 0x80 * (uint64_t)ctx + 4 * (irq / 32)) &= ~(1u << (irq % 32));
		if (bound[irq].pending)
			*reg(0x200004 + 0x1000 * (uint64_t)ctx) = irq;
		bound[irq].n = 0;
		bound[irq].pending = 0;
		return n;
	}
	return 0;
}

void irq_handle(void)
{
	if (!plic)
		return;
	for (;;) {
		uint32_t irq = *reg(0x200004 + 0x1000 * (uint64_t)ctx);
		if (irq == 0)
			return;
		if (irq <= ndev && bound[irq].n) {
			bound[irq].pending = 1;
			notify_signal(bound[irq].n, bound[irq].bits);
		} else {
			*reg(0x200004 + 0x1000 * (uint64_t)ctx) = irq;   /* nobody wants it */
		}
	}
}
