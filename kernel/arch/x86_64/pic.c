/*
 * The legacy 8259 interrupt controllers: remapped away from the exception
 * vectors (so a stray interrupt cannot look like a fault) and masked. The
 * I/O APIC takes their place.
 */
#include "pic.h"

#include "cpu.h"
#include "irq.h"

#define PIC1_CMD	0x20
#define PIC1_DATA	0x21
#define PIC2_CMD	0xa0
#define PIC2_DATA	0xa1
#define ICW1_INIT_ICW4	0x11
#define ICW4_8086	0x01
#define PIC_CASCADE_IRQ	2

void pic_disable(void)
{
	outb(PIC1_CMD, ICW1_INIT_ICW4);
	outb(PIC2_CMD, ICW1_INIT_ICW4);
	outb(PIC1_DATA, IRQ_VECTOR_PIC_BASE);		/* ICW2: vector base */
	outb(PIC2_DATA, IRQ_VECTOR_PIC_BASE + 8);
	outb(PIC1_DATA, 1 << PIC_CASCADE_IRQ);		/* ICW3: slave on IR2 */
	outb(PIC2_DATA, PIC_CASCADE_IRQ);
	outb(PIC1_DATA, ICW4_8086);
	outb(PIC2_DATA, ICW4_8086);
	outb(PIC1_DATA, 0xff);				/* mask everything */
	outb(PIC2_DATA, 0xff);
}
