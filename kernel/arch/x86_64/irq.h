/*
 * Interrupt vectors and handlers. Vectors 0-31 are CPU exceptions; the
 * legacy PICs are parked at 32-47 (masked, but a spurious one may still
 * arrive); 48-239 are handed out by irq_alloc_vector(); the top vectors
 * are fixed: the local timer, inter-processor interrupts, spurious.
 */
#pragma once

#include <stdint.h>

struct trapframe;

#define IRQ_VECTOR_PIC_BASE	32
#define IRQ_VECTOR_FIRST	48	/* first allocatable */
#define IRQ_VECTOR_LAST		239	/* last allocatable */
#define IRQ_VECTOR_TIMER	240
#define IRQ_VECTOR_IPI_RESCHED	241
#define IRQ_VECTOR_IPI_TLB	242
#define IRQ_VECTOR_IPI_STOP	243
#define IRQ_VECTOR_SPURIOUS	255

typedef void (*irq_handler_t)(struct trapframe *tf, void *arg);

/* Mask the PICs, bring up the local APIC and I/O APICs (from the MADT). */
void irq_init(void);

/* A free vector, or -EBUSY when all are taken. */
int irq_alloc_vector(void);

/* Run handler(tf, arg) for vector (called with interrupts off; the EOI
   is sent after it returns). */
void irq_set_handler(int vector, irq_handler_t handler, void *arg);

/* Route ISA interrupt line isa_irq (0-15, with the MADT's overrides) to a
   new vector with this handler, on the boot CPU. Returns the vector or
   -errno. */
int irq_route_isa(int isa_irq, irq_handler_t handler, void *arg);

/* Called by trap() for vectors >= 32. */
void irq_dispatch(struct trapframe *tf);

/* Interrupts taken on this CPU per vector (for tests and /proc). */
uint64_t irq_count(int vector);
