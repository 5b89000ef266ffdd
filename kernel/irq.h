/* irq.h - PLIC interrupts delivered to user-level drivers as notifications. */
#ifndef IRQ_H
#define IRQ_H
#include <stdint.h>
struct dt_platform;
struct notification;

void irq_init(const struct dt_platform *plat, uint64_t hartid);
/* Route interrupt `irq` to notification n (signalling `bits`); the source stays masked
 * after each delivery until irq_ack(). -KE_INVAL for no such source, -KE_BUSY if bound. */
long irq_bind(uint32_t irq, struct notification *n, uint64_t bits);
/* Complete the delivered interrupt; only through the notification it is bound to. */
long irq_ack(uint32_t irq, const struct notification *n);
void irq_handle(void);
/* Undo one binding whose notification no handle names any more (every reference left is
 * a binding: its last holder has ended or closed it, so nobody could wait for or
 * acknowledge the interrupt): the source is masked again and a delivery in flight
 * completed. Returns the notification, whose reference the binding held (the caller
 * drops it), or NULL when there is none. */
struct notification *irq_unbind_unheld(void);
#endif
