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
#define MAX_CPUS	64

struct vmspace;

struct cpu {
	struct cpu *self;		/* gs:0, for this_cpu() */
	uint64_t user_rsp;		/* gs:8, syscall entry's scratch */
	uint64_t kstack_top;		/* gs:16, the running thread's stack */
	uint32_t id;			/* 0 = the boot CPU */
	uint32_t apic_id;
	volatile int online;		/* set by the CPU when it runs */
	int irq_depth;			/* nesting of irq_save() */
	int irq_was_on;			/* IF before the outermost irq_save */
	int panicking;			/* in panic(): no locks, no return */
	struct thread *current;		/* running thread */
	struct thread *idle;		/* this CPU's idle thread */
	struct thread *prev;		/* switched away from (sched.c) */
	struct vmspace *vm;		/* the user space loaded (vm_activate) */
	uint64_t irq_counts[256];	/* interrupts taken, per vector */
	struct gdt gdt;
	struct tss tss;
	uint8_t ist_stack[IST_COUNT][IST_STACK_SIZE] __attribute__((aligned(16)));
};

_Static_assert(offsetof(struct cpu, self) == 0, "this_cpu() reads gs:0");
_Static_assert(offsetof(struct cpu, user_rsp) == 8, "syscall.S");
_Static_assert(offsetof(struct cpu, kstack_top) == 16, "syscall.S");

static inline struct cpu *this_cpu(void)
{
	struct cpu *c;

	__asm__ volatile("movq %%gs:0, %0" : "=r"(c));
	return c;
}

/*
 * The running thread, in one GS-relative load. Never this_cpu()->current:
 * with interrupts on, the thread can be preempted and move to another CPU
 * between the two loads, and then reads the thread that CPU runs now.
 */
static inline struct thread *this_cpu_current(void)
{
	struct thread *t;

	__asm__ volatile("movq %%gs:%c1, %0"
			 : "=r"(t) : "i"(offsetof(struct cpu, current)));
	return t;
}

/* Point GS at the boot CPU's struct cpu. First thing kmain does. */
void percpu_init_boot(void);

/* Point GS at c on the calling CPU (an AP's first step). */
void percpu_init_ap(struct cpu *c);

extern struct cpu boot_cpu;

/* Every CPU by id (NULL past the last); set before the CPU starts. */
extern struct cpu *cpus[MAX_CPUS];
/* How many CPUs have ids (started or being started). */
extern int ncpus;
