/*
 * Vector allocation and interrupt dispatch. Each vector has one handler;
 * after it runs, the local APIC gets its end-of-interrupt. Spurious
 * vectors (the APIC's and stray PIC ones) get no EOI, as the SDM says.
 */
#include "irq.h"

#include "ioapic.h"
#include "lapic.h"
#include "percpu.h"
#include "pic.h"
#include "trap.h"
#include "../../acpi.h"
#include "../../acpi_parse.h"
#include "../../errno.h"
#include "../../log.h"
#include "../../spinlock.h"

static struct spinlock irq_lock = SPINLOCK_INIT("irq");

/* Protected by irq_lock when written; read locklessly by dispatch (a
   handler is set before its line is unmasked). */
static struct {
	irq_handler_t fn;
	void *arg;
} handlers[T_VECTORS];
static uint8_t vector_used[T_VECTORS];

void irq_init(void)
{
	vector_used[T_SYSCALL] = 1;	/* int 0x80 */
	pic_disable();
	lapic_init();
	ioapic_init();
}

int irq_alloc_vector(void)
{
	int v;

	spin_lock(&irq_lock);
	for (v = IRQ_VECTOR_FIRST; v <= IRQ_VECTOR_LAST; v++)
		if (!vector_used[v]) {
			vector_used[v] = 1;
			spin_unlock(&irq_lock);
			return v;
		}
	spin_unlock(&irq_lock);
	return -EBUSY;
}

void irq_set_handler(int vector, irq_handler_t fn, void *arg)
{
	spin_lock(&irq_lock);
	handlers[vector].arg = arg;
	__atomic_store_n(&handlers[vector].fn, fn, __ATOMIC_RELEASE);
	vector_used[vector] = 1;
	spin_unlock(&irq_lock);
}

int irq_route_isa(int isa_irq, irq_handler_t fn, void *arg)
{
	const struct madt_info *m = acpi_madt();
	uint32_t gsi = isa_irq;
	uint16_t flags = 0;
	int v, err;

	if (isa_irq < 0 || isa_irq >= ISA_IRQS)
		return -EINVAL;
	if (m) {
		gsi = m->isa[isa_irq].gsi;
		flags = m->isa[isa_irq].flags;
	}
	v = irq_alloc_vector();
	if (v < 0)
		return v;
	irq_set_handler(v, fn, arg);
	/* ISA default: edge-triggered, active high, unless overridden. */
	err = ioapic_route(gsi, v, (flags & MPS_POLARITY_MASK) == MPS_POLARITY_LOW,
			   (flags & MPS_TRIGGER_MASK) == MPS_TRIGGER_LEVEL,
			   lapic_id());
	if (err)
		return err;
	return v;
}

void irq_dispatch(struct trapframe *tf)
{
	int v = tf->vector;
	irq_handler_t fn;

	this_cpu()->irq_counts[v]++;
	if (v == IRQ_VECTOR_SPURIOUS ||
	    (v >= IRQ_VECTOR_PIC_BASE && v < IRQ_VECTOR_PIC_BASE + 16))
		return;		/* spurious: no EOI */
	fn = __atomic_load_n(&handlers[v].fn, __ATOMIC_ACQUIRE);
	if (fn)
		fn(tf, handlers[v].arg);
	else
		klog(LOG_WARN, "irq: unexpected interrupt on vector %d\n", v);
	lapic_eoi();
}

uint64_t irq_count(int vector)
{
	return this_cpu()->irq_counts[vector];
}
