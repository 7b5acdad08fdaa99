/*
 * Traps: the IDT, the register frame every interrupt and exception entry
 * builds (vectors.S), and the C handler it calls.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define T_DIVIDE	0
#define T_DEBUG		1
#define T_NMI		2
#define T_BREAKPOINT	3
#define T_OVERFLOW	4
#define T_BOUND		5
#define T_INVALID_OP	6
#define T_NO_DEVICE	7
#define T_DOUBLE_FAULT	8
#define T_INVALID_TSS	10
#define T_NO_SEGMENT	11
#define T_STACK		12
#define T_GENERAL_PROT	13
#define T_PAGE_FAULT	14
#define T_X87		16
#define T_ALIGNMENT	17
#define T_MACHINE_CHECK	18
#define T_SIMD		19
#define T_VIRT		20
#define T_CONTROL_PROT	21
#define T_EXCEPTIONS	32	/* vectors below this are CPU exceptions */
#define T_SYSCALL	0x80	/* int 0x80: system calls, from ring 3 */
#define T_VECTORS	256

/* Page-fault error-code bits. */
#define PF_PRESENT	(1UL << 0)
#define PF_WRITE	(1UL << 1)
#define PF_USER		(1UL << 2)
#define PF_RSVD		(1UL << 3)
#define PF_FETCH	(1UL << 4)

struct trapframe {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector;
	uint64_t error;		/* the CPU's error code, or 0 */
	/* Pushed by the CPU: */
	uint64_t rip, cs, rflags, rsp, ss;
};

/* vectors.S depends on these. */
_Static_assert(offsetof(struct trapframe, vector) == 15 * 8, "trapframe");
_Static_assert(offsetof(struct trapframe, cs) == 18 * 8, "trapframe");
_Static_assert(sizeof(struct trapframe) == 22 * 8, "trapframe");

/* Build the IDT (all 256 vectors point at vectors.S) and load it. */
void trap_init(void);
/* Load the IDT on another CPU. */
void trap_load(void);

/* Called by vectors.S for every interrupt and exception. */
void trap(struct trapframe *tf);
