/*
 * Per-CPU data: one struct cpu for each processor, reached through the GS
 * base (this_cpu()). The boot CPU's is static so it works from the first
 * line of kmain.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "gdt.h"

struct thread;

#define IST_STACK_SIZE	(4 * 4096)

struct cpu {
	struct cpu *self;		/* gs:0, for this_cpu() */
	uint32_t id;			/* 0 = the boot CPU */
	int irq_depth;			/* nesting of irq_save() */
	int irq_was_on;			/* IF before the outermost irq_save */
	int panicking;			/* in panic(): no locks, no return */
	struct thread *current;		/* running thread */
	struct thread *idle;		/* this CPU's idle thread */
	struct thread *prev;		/* switched away from (sched.c) */
	uint64_t irq_counts[256];	/* interrupts taken, per vector */
	struct gdt gdt;
	struct tss tss;
	uint8_t ist_stack[IST_COUNT][IST_STACK_SIZE] __attribute__((aligned(16)));
};

_Static_assert(offsetof(struct cpu, self) == 0, "this_cpu() reads gs:0");

static inline struct cpu *this_cpu(void)
{
	struct cpu *c;

	__asm__ volatile("movq %%gs:0, %0" : "=r"(c));
	return c;
}

/* Point GS at the boot CPU's struct cpu. First thing kmain does. */
void percpu_init_boot(void);

extern struct cpu boot_cpu;
