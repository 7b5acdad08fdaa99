/*
 * Segments: the GDT (flat 64-bit code and data for ring 0 and ring 3, and
 * the TSS), in the order SYSCALL/SYSRET need.
 */
#pragma once

#include <stdint.h>

#define GDT_NULL	0x00
#define GDT_KERNEL_CS	0x08
#define GDT_KERNEL_DS	0x10
#define GDT_USER_CS32	0x18	/* unused; SYSRET's STAR base */
#define GDT_USER_DS	0x20	/* selector | 3 in ring 3 */
#define GDT_USER_CS	0x28	/* selector | 3 in ring 3 */
#define GDT_TSS		0x30	/* two slots */
#define GDT_ENTRIES	8

/* Interrupt stack table slots (1-based in the IDT). */
#define IST_DOUBLE_FAULT	1
#define IST_NMI			2
#define IST_MACHINE_CHECK	3
#define IST_COUNT		3

struct __attribute__((packed)) tss {
	uint32_t reserved0;
	uint64_t rsp[3];		/* stack on entry from ring 0-2 */
	uint64_t reserved1;
	uint64_t ist[7];		/* ist[0] is IST slot 1 */
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
};

struct gdt {
	uint64_t entry[GDT_ENTRIES];
};

struct cpu;

/* Build and load this CPU's GDT and TSS, and reload the segments. */
void gdt_init(struct cpu *c);
