/*
 * The global descriptor table and task-state segment of each CPU. Long
 * mode ignores segment bases and limits except for FS/GS (MSRs) and the
 * TSS, which holds the ring-0 stack for entry from user mode and the
 * interrupt stacks for double fault, NMI and machine check.
 */
#include "gdt.h"

#include "cpu.h"
#include "percpu.h"

#define SEG_P		(1UL << 47)
#define SEG_DPL3	(3UL << 45)
#define SEG_S		(1UL << 44)	/* code or data, not system */
#define SEG_CODE	(1UL << 43)
#define SEG_RW		(1UL << 41)	/* readable code, writable data */
#define SEG_L		(1UL << 53)	/* 64-bit code */
#define SEG_DB		(1UL << 54)	/* 32-bit code */
#define SEG_G		(1UL << 55)
#define SEG_LIMIT_MAX	(0xffffUL | (0xfUL << 48))
#define SEG_TSS_AVAIL	(0x9UL << 40)

_Static_assert(sizeof(struct tss) == 104, "TSS layout");

void reload_segments(uint16_t cs, uint16_t ds);	/* segments.S */

void gdt_init(struct cpu *c)
{
	uint64_t tss = (uint64_t)&c->tss;
	struct desc_ptr p;
	int i;

	c->gdt.entry[0] = 0;
	c->gdt.entry[GDT_KERNEL_CS / 8] = SEG_P | SEG_S | SEG_CODE | SEG_RW | SEG_L;
	c->gdt.entry[GDT_KERNEL_DS / 8] = SEG_P | SEG_S | SEG_RW;
	c->gdt.entry[GDT_USER_CS32 / 8] = SEG_P | SEG_DPL3 | SEG_S | SEG_CODE |
					  SEG_RW | SEG_DB | SEG_G | SEG_LIMIT_MAX;
	c->gdt.entry[GDT_USER_DS / 8] = SEG_P | SEG_DPL3 | SEG_S | SEG_RW;
	c->gdt.entry[GDT_USER_CS / 8] = SEG_P | SEG_DPL3 | SEG_S | SEG_CODE |
					SEG_RW | SEG_L;
	/* A 16-byte system descriptor: base split over both slots. */
	c->gdt.entry[GDT_TSS / 8] = (sizeof(struct tss) - 1) |
		((tss & 0xffffff) << 16) | SEG_TSS_AVAIL | SEG_P |
		((tss >> 24 & 0xff) << 56);
	c->gdt.entry[GDT_TSS / 8 + 1] = tss >> 32;

	for (i = 0; i < IST_COUNT; i++)
		c->tss.ist[i] = (uint64_t)&c->ist_stack[i][IST_STACK_SIZE];
	c->tss.iomap_base = sizeof(struct tss);	/* no I/O bitmap */

	p.limit = sizeof(c->gdt) - 1;
	p.base = (uint64_t)&c->gdt;
	lgdt(&p);
	reload_segments(GDT_KERNEL_CS, GDT_KERNEL_DS);
	ltr(GDT_TSS);
}
